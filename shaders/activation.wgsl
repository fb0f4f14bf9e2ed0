// The activation `ACTIVATION` and its slope, with leaky ReLU's negative slope in `params.alpha`. Compiled in
// front of the families that activate: the elementwise ops and their backward, the convolutions' and
// products' stores (epilogue.wgsl) and the pools' backward.
//
// `ACTIVATION` (one of the ACTIVATION_ constants, generated from the Rust enum in
// crate/src/engine/webgpu/codes.rs) is a pipeline-overridable constant, given when a pipeline is made
// (`WebGpu::dispatch_activated`), so that a pipeline holds its own activation's code alone. Read from the
// parameters, a switch over every activation made SwiftShader, which runs an invocation's branches side by
// side, evaluate them all, exp and tanh included: with it in the convolutions' stores, the separable
// convolution (W2) ran 1.4× slower. Entry points dispatched without it are linear.
override ACTIVATION: u32 = ACTIVATION_LINEAR;

fn activate(v: f32) -> f32 {
    switch ACTIVATION {
        case ACTIVATION_THRESHOLD: { return select(0.0, 1.0, v >= 0.0); }
        case ACTIVATION_PIECEWISE_LINEAR: { return clamp(v + 0.5, 0.0, 1.0); }
        case ACTIVATION_SIGMOID: { return 1.0 / (1.0 + exp(-v)); }
        // Clamped: some drivers overflow past ±44.
        case ACTIVATION_TANH: { return tanh(clamp(v, -20.0, 20.0)); }
        case ACTIVATION_RELU: { return max(v, 0.0); }
        case ACTIVATION_LEAKY_RELU: { return select(params.alpha * v, v, v > 0.0); }
        case ACTIVATION_RELU6: { return clamp(v, 0.0, 6.0); }
        default: { return v; } // ACTIVATION_LINEAR
    }
}

/// The activation's slope, from its output y.
fn slope_from_output(y: f32) -> f32 {
    switch ACTIVATION {
        case ACTIVATION_THRESHOLD: { return 0.0; }
        case ACTIVATION_PIECEWISE_LINEAR: { return select(0.0, 1.0, y > 0.0 && y < 1.0); }
        case ACTIVATION_SIGMOID: { return y * (1.0 - y); }
        case ACTIVATION_TANH: { return 1.0 - y * y; }
        case ACTIVATION_RELU: { return select(0.0, 1.0, y > 0.0); }
        case ACTIVATION_LEAKY_RELU: { return select(params.alpha, 1.0, y > 0.0); }
        case ACTIVATION_RELU6: { return select(0.0, 1.0, y > 0.0 && y < 6.0); }
        default: { return 1.0; } // ACTIVATION_LINEAR
    }
}
