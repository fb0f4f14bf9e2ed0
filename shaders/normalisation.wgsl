// Batch normalisation over each channel (the innermost dimension) with the batch's statistics; the
// scalar reference is crate/src/engine/scalar/normalisation.rs. `statistics` holds each channel's mean,
// then its biased variance.
//
// - channel_moments:            one invocation per channel walks the pixels twice: the mean, then the
//                               variance of the centred values.
// - batch_norm:                 out[i] = γ[c] · (x[i] − mean[c]) / √(variance[c] + ε) + β[c].
// - batch_norm_backward_reduce: one invocation per channel: dβ[c] = Σ dy, dγ[c] = Σ dy · x̂.
// - channel_moments_by_workgroups, batch_norm_backward_reduce_by_workgroups: the same for many pixels, a
//                               workgroup per channel sharing them out (`workgroup_sum`).
// - batch_norm_backward_input:  dx[i] = γ[c] / (n √(variance[c] + ε)) · (n dy[i] − dβ[c] − x̂[i] dγ[c]),
//                               after the reduction (a second dispatch).

// Binding 0 is `params`, declared in front of this file from `NormalisationParams` (engine/webgpu/normalisation.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read_write> statistics: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;
@group(0) @binding(7) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(8) var<storage, read_write> dbeta: array<f32>;

fn count() -> f32 {
    return f32(params.len / params.channels);
}

fn inverse_deviation(c: u32) -> f32 {
    return 1.0 / sqrt(statistics[params.channels + c] + params.epsilon);
}

// The sums over channel c's pixels p = first, first + step, … (the whole batch when (0, 1)):

/// Σ x.
fn channel_sum(c: u32, first: u32, step: u32) -> f32 {
    var sum = 0.0;
    for (var i = first * params.channels + c; i < params.len; i += step * params.channels) {
        sum += x[i];
    }
    return sum;
}

/// Σ (x − mean)².
fn centred_squares(c: u32, mean: f32, first: u32, step: u32) -> f32 {
    var squares = 0.0;
    for (var i = first * params.channels + c; i < params.len; i += step * params.channels) {
        squares += (x[i] - mean) * (x[i] - mean);
    }
    return squares;
}

/// (Σ dy, Σ dy · x̂).
fn gradient_sums(c: u32, first: u32, step: u32) -> vec2f {
    let inverse = inverse_deviation(c);
    var sums = vec2f(0.0);
    for (var i = first * params.channels + c; i < params.len; i += step * params.channels) {
        sums += dy[i] * vec2f(1.0, (x[i] - statistics[c]) * inverse);
    }
    return sums;
}

@compute @workgroup_size(64)
fn channel_moments(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let c = element_index(id, groups);
    if (c < params.channels) {
        let mean = channel_sum(c, 0u, 1u) / count();
        statistics[c] = mean;
        statistics[params.channels + c] = centred_squares(c, mean, 0u, 1u) / count();
    }
}

@compute @workgroup_size(REDUCE_THREADS)
fn channel_moments_by_workgroups(at: Invocation, @builtin(workgroup_id) group: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let c = workgroup_index(group, groups);
    let inside = c < params.channels;
    var sum = 0.0;
    if (inside) {
        sum = channel_sum(c, at.thread, REDUCE_THREADS);
    }
    let mean = workgroup_sum(sum, at) / count();
    var squares = 0.0;
    if (inside) {
        squares = centred_squares(c, mean, at.thread, REDUCE_THREADS);
    }
    let variance = workgroup_sum(squares, at) / count();
    if (inside && at.thread == 0u) {
        statistics[c] = mean;
        statistics[params.channels + c] = variance;
    }
}

@compute @workgroup_size(64)
fn batch_norm(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        let c = i % params.channels;
        out[i] = gamma[c] * (x[i] - statistics[c]) * inverse_deviation(c) + beta[c];
    }
}

@compute @workgroup_size(64)
fn batch_norm_backward_reduce(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let c = element_index(id, groups);
    if (c < params.channels) {
        let sums = gradient_sums(c, 0u, 1u);
        dbeta[c] = sums.x;
        dgamma[c] = sums.y;
    }
}

@compute @workgroup_size(REDUCE_THREADS)
fn batch_norm_backward_reduce_by_workgroups(
    at: Invocation,
    @builtin(workgroup_id) group: vec3u,
    @builtin(num_workgroups) groups: vec3u,
) {
    let c = workgroup_index(group, groups);
    let inside = c < params.channels;
    var sums = vec2f(0.0);
    if (inside) {
        sums = gradient_sums(c, at.thread, REDUCE_THREADS);
    }
    let sum = workgroup_sum(sums.x, at);
    let weighted = workgroup_sum(sums.y, at);
    if (inside && at.thread == 0u) {
        dbeta[c] = sum;
        dgamma[c] = weighted;
    }
}

@compute @workgroup_size(64)
fn batch_norm_backward_input(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        let c = i % params.channels;
        let inverse = inverse_deviation(c);
        let normalised = (x[i] - statistics[c]) * inverse;
        let n = count();
        out[i] = gamma[c] * inverse / n * (n * dy[i] - dbeta[c] - normalised * dgamma[c]);
    }
}
