// Batch normalisation over each channel (the innermost dimension) with the batch's statistics; the
// scalar reference is crate/src/engine/scalar/normalisation.rs. `statistics` holds each channel's mean,
// then its biased variance.
//
// - channel_moments:            one invocation per channel walks the pixels twice: the mean, then the
//                               variance of the centred values.
// - batch_norm:                 out[i] = γ[c] · (x[i] − mean[c]) / √(variance[c] + ε) + β[c].
// - batch_norm_backward_reduce: one invocation per channel: dβ[c] = Σ dy, dγ[c] = Σ dy · x̂.
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

@compute @workgroup_size(64)
fn channel_moments(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let c = element_index(id, groups);
    if (c >= params.channels) {
        return;
    }
    var sum = 0.0;
    for (var i = c; i < params.len; i += params.channels) {
        sum += x[i];
    }
    let mean = sum / count();
    var squares = 0.0;
    for (var i = c; i < params.len; i += params.channels) {
        squares += (x[i] - mean) * (x[i] - mean);
    }
    statistics[c] = mean;
    statistics[params.channels + c] = squares / count();
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
    if (c >= params.channels) {
        return;
    }
    let inverse = inverse_deviation(c);
    var sum = 0.0;
    var weighted = 0.0;
    for (var i = c; i < params.len; i += params.channels) {
        sum += dy[i];
        weighted += dy[i] * (x[i] - statistics[c]) * inverse;
    }
    dbeta[c] = sum;
    dgamma[c] = weighted;
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
