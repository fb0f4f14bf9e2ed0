// Elementwise and per-channel ops on a tensor whose innermost dimension has `channels` channels.
//
// - bias_activation:     x[i] = activation(x[i] + bias[i mod channels]), in place (bindings x, other).
// - activation_in_place: x[i] = activation(x[i]).
// - activation_backward: out[i] = other[i] · activation′, with the slope taken from the output y = input.
// - add, mul:            out[i] = input[i] + other[i], input[i] · other[i].
// - sub:                 out[i] = input[i] − other[i].
// - scale:               out[i] = input[i] · alpha (the factor travels in `alpha`).
// - clamp:               out[i] = clamp(input[i], alpha, beta).
// - axpby:               out[i] = alpha · input[i] + beta · other[i].
// - sign:                out[i] = −1, 0 or 1.
// - channel_affine:      x[i] = x[i] · other[c] + shift[c], in place: batch-norm in inference form.
// - bias_backward:       out[c] = Σ input[p · channels + c]: one invocation per channel walks the pixels;
//   bias_backward_by_workgroups, for many pixels: a workgroup per channel shares them (`workgroup_sum`).
// - softmax:             one invocation per row of `channels` values, shifted by the row maximum.
//
// The activations and their slopes are activation.wgsl's, compiled in front. One invocation per element
// (or per channel / row as said), 64 per workgroup, a two-dimensional dispatch so large tensors stay under
// the 65 535 workgroups-per-dimension limit; invocations past the end return at once.

// Binding 0 is `params`, declared in front of this file from `ElementwiseParams` (engine/webgpu/elementwise.rs);
// the storage buffers follow from binding 1.
// In-place ops (bias_activation, channel_affine) write `x`; the others read `input` and write `out`.
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> other: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read> shift: array<f32>;
@group(0) @binding(5) var<storage, read> input: array<f32>;

@compute @workgroup_size(64)
fn bias_activation(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        x[i] = activate(x[i] + other[i % params.channels]);
    }
}

@compute @workgroup_size(64)
fn activation_in_place(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        x[i] = activate(x[i]);
    }
}

@compute @workgroup_size(64)
fn activation_backward(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = other[i] * slope_from_output(input[i]);
    }
}

@compute @workgroup_size(64)
fn add(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = input[i] + other[i];
    }
}

@compute @workgroup_size(64)
fn mul(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = input[i] * other[i];
    }
}

@compute @workgroup_size(64)
fn sub(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = input[i] - other[i];
    }
}

@compute @workgroup_size(64)
fn axpby(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = params.alpha * input[i] + params.beta * other[i];
    }
}

@compute @workgroup_size(64)
fn clamp_values(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = clamp(input[i], params.alpha, params.beta);
    }
}

@compute @workgroup_size(64)
fn sign_values(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = sign(input[i]);
    }
}

@compute @workgroup_size(64)
fn scale(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        out[i] = input[i] * params.alpha;
    }
}

@compute @workgroup_size(64)
fn channel_affine(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        let c = i % params.channels;
        x[i] = x[i] * other[c] + shift[c];
    }
}

/// Σ input[p · channels + c] over the pixels p = first, first + step, ….
fn channel_sum(c: u32, first: u32, step: u32) -> f32 {
    var sum = 0.0;
    for (var i = first * params.channels + c; i < params.len; i += step * params.channels) {
        sum += input[i];
    }
    return sum;
}

@compute @workgroup_size(64)
fn bias_backward(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let c = element_index(id, groups);
    if (c < params.channels) {
        out[c] = channel_sum(c, 0u, 1u);
    }
}

@compute @workgroup_size(REDUCE_THREADS)
fn bias_backward_by_workgroups(at: Invocation, @builtin(workgroup_id) group: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let c = workgroup_index(group, groups);
    let inside = c < params.channels;
    var sum = 0.0;
    if (inside) {
        sum = channel_sum(c, at.thread, REDUCE_THREADS);
    }
    let total = workgroup_sum(sum, at);
    if (inside && at.thread == 0u) {
        out[c] = total;
    }
}

@compute @workgroup_size(64)
fn softmax(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let row = element_index(id, groups);
    if (row * params.channels >= params.len) {
        return;
    }
    let start = row * params.channels;
    var largest = input[start];
    for (var c = 1u; c < params.channels; c++) {
        largest = max(largest, input[start + c]);
    }
    var sum = 0.0;
    for (var c = 0u; c < params.channels; c++) {
        let e = exp(input[start + c] - largest);
        out[start + c] = e;
        sum += e;
    }
    for (var c = 0u; c < params.channels; c++) {
        out[start + c] /= sum;
    }
}
