//! Activation functions, with the slopes backprop and the delta rule need.
//!
//! The first three are the workshop deck's perceptron activations; the rest are what the MLP lab and the
//! tensor engine's networks use (darknet detectors use leaky ReLU with slope 0.1, MobileNets ReLU6).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Activation {
    /// x: no activation.
    Linear,
    /// 1 if x ≥ 0, else 0.
    Threshold,
    /// 1 if x ≥ 0.5; x + 0.5 in between; 0 if x ≤ −0.5.
    PiecewiseLinear,
    /// 1 / (1 + e^−x).
    Sigmoid,
    Tanh,
    /// max(0, x).
    Relu,
    /// x if x > 0, else slope · x.
    LeakyRelu(f32),
    /// min(max(0, x), 6).
    Relu6,
}

impl Activation {
    /// Every activation (leaky ReLU with darknet's slope): what the suites and the shaders' constants
    /// go through.
    pub const ALL: [Activation; 8] = [
        Activation::Linear,
        Activation::Threshold,
        Activation::PiecewiseLinear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu(0.1),
        Activation::Relu6,
    ];

    pub fn apply(self, x: f32) -> f32 {
        match self {
            Self::Linear => x,
            Self::Threshold => f32::from(x >= 0.0),
            Self::PiecewiseLinear => (x + 0.5).clamp(0.0, 1.0),
            Self::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Self::Tanh => x.tanh(),
            Self::Relu => x.max(0.0),
            Self::LeakyRelu(slope) => {
                if x > 0.0 {
                    x
                } else {
                    slope * x
                }
            }
            Self::Relu6 => x.clamp(0.0, 6.0),
        }
    }

    /// df/dx at x. The threshold's slope is zero wherever it is defined, which is why the perceptron rule,
    /// not the delta rule, trains it.
    pub fn slope(self, x: f32) -> f32 {
        match self {
            Self::Linear => 1.0,
            Self::Threshold => 0.0,
            Self::PiecewiseLinear => f32::from(x > -0.5 && x < 0.5),
            Self::Sigmoid => {
                let s = self.apply(x);
                s * (1.0 - s)
            }
            Self::Tanh => 1.0 - x.tanh().powi(2),
            Self::Relu => f32::from(x > 0.0),
            Self::LeakyRelu(slope) => {
                if x > 0.0 {
                    1.0
                } else {
                    slope
                }
            }
            Self::Relu6 => f32::from(x > 0.0 && x < 6.0),
        }
    }
}

impl Activation {
    /// df/dx expressed through the output y = f(x), so backprop needs to keep only the outputs. Exact for
    /// every activation here (leaky ReLU needs a positive slope, which darknet's 0.1 is).
    pub fn slope_from_output(self, y: f32) -> f32 {
        match self {
            Self::Linear => 1.0,
            Self::Threshold => 0.0,
            Self::PiecewiseLinear => f32::from(y > 0.0 && y < 1.0),
            Self::Sigmoid => y * (1.0 - y),
            Self::Tanh => 1.0 - y * y,
            Self::Relu => f32::from(y > 0.0),
            Self::LeakyRelu(slope) => {
                if y > 0.0 {
                    1.0
                } else {
                    slope
                }
            }
            Self::Relu6 => f32::from(y > 0.0 && y < 6.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Activation::*;

    #[test]
    fn values_follow_the_deck() {
        assert_eq!(Threshold.apply(0.0), 1.0);
        assert_eq!(Threshold.apply(-1e-6), 0.0);
        assert_eq!(PiecewiseLinear.apply(0.5), 1.0);
        assert_eq!(PiecewiseLinear.apply(0.2), 0.7);
        assert_eq!(PiecewiseLinear.apply(-0.5), 0.0);
        assert_eq!(PiecewiseLinear.apply(-3.0), 0.0);
        assert_eq!(Sigmoid.apply(0.0), 0.5);
        assert!((Sigmoid.apply(2.0) - 0.880_797).abs() < 1e-6);
        assert_eq!(Relu.apply(-2.0), 0.0);
        assert_eq!(Relu.apply(2.5), 2.5);
        assert_eq!(LeakyRelu(0.1).apply(-2.0), -0.2);
        assert_eq!(Relu6.apply(7.0), 6.0);
        assert_eq!(Linear.apply(-7.5), -7.5);
    }

    #[test]
    fn slope_from_output_is_the_slope() {
        for activation in [Linear, Threshold, PiecewiseLinear, Sigmoid, Tanh, Relu, LeakyRelu(0.1), Relu6] {
            for x in [-2.3f32, -0.9, -0.2, 0.1, 0.3, 1.7, 6.4] {
                let (slope, from_output) = (activation.slope(x), activation.slope_from_output(activation.apply(x)));
                assert!((slope - from_output).abs() < 1e-5, "{activation:?} at {x}: {slope} vs {from_output}");
            }
        }
    }

    #[test]
    fn slopes_match_finite_differences_away_from_kinks() {
        let h = 1e-3;
        for activation in [Linear, PiecewiseLinear, Sigmoid, Tanh, Relu, LeakyRelu(0.1), Relu6] {
            for x in [-2.3f32, -0.9, -0.2, 0.1, 0.3, 1.7, 6.4] {
                let numeric = (activation.apply(x + h) - activation.apply(x - h)) / (2.0 * h);
                let analytic = activation.slope(x);
                assert!(
                    (numeric - analytic).abs() < 2e-3,
                    "{activation:?} at {x}: numeric {numeric}, analytic {analytic}"
                );
            }
        }
    }
}
