//! The codes the host writes into shader parameters for an activation, a resize mode and a recurrent cell, and the WGSL
//! constants that name them in the shaders: both come from the matches below, so a shader and the host
//! cannot disagree on a number.

use crate::activation::Activation;
use crate::engine::ops::{Cell, ResizeMode};

/// The activation's constant in the shaders and its code.
fn activation_constant(activation: Activation) -> (&'static str, u32) {
    match activation {
        Activation::Linear => ("ACTIVATION_LINEAR", 0),
        Activation::Threshold => ("ACTIVATION_THRESHOLD", 1),
        Activation::PiecewiseLinear => ("ACTIVATION_PIECEWISE_LINEAR", 2),
        Activation::Sigmoid => ("ACTIVATION_SIGMOID", 3),
        Activation::Tanh => ("ACTIVATION_TANH", 4),
        Activation::Relu => ("ACTIVATION_RELU", 5),
        Activation::LeakyRelu(_) => ("ACTIVATION_LEAKY_RELU", 6),
        Activation::Relu6 => ("ACTIVATION_RELU6", 7),
    }
}

fn resize_constant(mode: ResizeMode) -> (&'static str, u32) {
    match mode {
        ResizeMode::HalfPixel => ("RESIZE_HALF_PIXEL", 0),
        ResizeMode::AlignCorners => ("RESIZE_ALIGN_CORNERS", 1),
        ResizeMode::Asymmetric => ("RESIZE_ASYMMETRIC", 2),
    }
}

fn cell_constant(cell: Cell) -> (&'static str, u32) {
    match cell {
        Cell::Tanh => ("CELL_TANH", 0),
        Cell::Lstm => ("CELL_LSTM", 1),
    }
}

/// The pipeline-overridable constant by which the shaders apply an activation (activation.wgsl), its code.
pub(super) const ACTIVATION_OVERRIDE: &str = "ACTIVATION";

/// The activation's code, and its parameter (leaky ReLU's negative slope).
pub(super) fn activation_code(activation: Activation) -> (u32, f32) {
    let parameter = if let Activation::LeakyRelu(slope) = activation { slope } else { 0.0 };
    (activation_constant(activation).1, parameter)
}

pub(super) fn resize_code(mode: ResizeMode) -> u32 {
    resize_constant(mode).1
}

pub(super) fn cell_code(cell: Cell) -> u32 {
    cell_constant(cell).1
}

/// One WGSL constant per activation, resize mode and cell, compiled in front of every shader.
pub(super) fn wgsl_constants() -> String {
    let activations = Activation::ALL.map(activation_constant);
    let modes = ResizeMode::ALL.map(resize_constant);
    let cells = Cell::ALL.map(cell_constant);
    activations
        .iter()
        .chain(&modes)
        .chain(&cells)
        .map(|(name, code)| format!("const {name}: u32 = {code}u;\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constant_has_a_code_of_its_own() {
        let constants = wgsl_constants();
        assert!(constants.contains("const ACTIVATION_LEAKY_RELU: u32 = 6u;\n"), "{constants}");
        assert!(constants.contains("const RESIZE_ASYMMETRIC: u32 = 2u;\n"), "{constants}");
        assert!(constants.contains("const CELL_LSTM: u32 = 1u;\n"), "{constants}");
        let mut activation_codes = Activation::ALL.map(|a| activation_constant(a).1);
        activation_codes.sort();
        assert_eq!(activation_codes, [0, 1, 2, 3, 4, 5, 6, 7]);
    }
}
