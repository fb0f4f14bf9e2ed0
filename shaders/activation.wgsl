// An activation and its slope, by the activation's code (one of the ACTIVATION_ constants, generated from the
// Rust enum in crate/src/engine/webgpu/codes.rs) and leaky ReLU's negative slope in `params.alpha`. Compiled in front of the families that activate: the elementwise ops and their
// backward, and the convolutions' and products' stores (epilogue.wgsl).

fn activate(code: u32, v: f32) -> f32 {
    switch code {
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
fn slope_from_output(code: u32, y: f32) -> f32 {
    switch code {
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
