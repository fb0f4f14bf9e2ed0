// Elementwise ops on a tensor whose innermost dimension has `channels` channels.
//
// `bias_activation`: x[i] = activation(x[i] + bias[i % channels]), in place. Activation codes follow
// `activation_code` in crate/src/engine/webgpu/mod.rs; `alpha` is leaky ReLU's negative slope.
//
// One invocation per element, 64 per workgroup, two-dimensional dispatch so large tensors stay under the
// 65 535 workgroups-per-dimension limit; invocations past the end return at once.

struct Params {
    len: u32,
    channels: u32,
    activation: u32,
    alpha: f32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn activate(v: f32) -> f32 {
    switch params.activation {
        case 1u: { return select(0.0, 1.0, v >= 0.0); }              // threshold
        case 2u: { return clamp(v + 0.5, 0.0, 1.0); }                // piecewise linear
        case 3u: { return 1.0 / (1.0 + exp(-v)); }                    // sigmoid
        case 4u: { return tanh(clamp(v, -20.0, 20.0)); }              // tanh (clamped: some drivers overflow past ±44)
        case 5u: { return max(v, 0.0); }                              // ReLU
        case 6u: { return select(params.alpha * v, v, v > 0.0); }     // leaky ReLU
        case 7u: { return clamp(v, 0.0, 6.0); }                       // ReLU6
        default: { return v; }                                        // linear
    }
}

@compute @workgroup_size(64)
fn bias_activation(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = id.x + id.y * groups.x * 64u;
    if (index >= params.len) {
        return;
    }
    x[index] = activate(x[index] + bias[index % params.channels]);
}
