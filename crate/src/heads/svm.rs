//! A linear support vector machine, one-vs-rest: for each class a hyperplane w·x + b separating it from the
//! others, found by minimising ½‖w‖² + ½b² + C Σ max(0, 1 − yᵢ(w·xᵢ + b)) — the hinge loss, with the bias
//! as one more feature of value 1 (so it is penalised too), which is what LIBLINEAR and scikit-learn's
//! `LinearSVC(loss="hinge")` minimise.
//!
//! Solved in the dual by coordinate descent (Hsieh et al., "A Dual Coordinate Descent Method for
//! Large-scale Linear SVM", 2008): one multiplier αᵢ ∈ [0, C] per example, each step the exact minimiser
//! along one coordinate, with w = Σ αᵢyᵢxᵢ kept up to date. No learning rate, and it stops when the
//! projected gradient says the optimum is reached.

use super::{dot, Examples};
use crate::rng::Rng;

/// Passes over the examples at most (scikit-learn's default `max_iter`).
const MAX_PASSES: usize = 1000;
/// Stop when the projected gradients' spread falls under this (scikit-learn's default `tol`).
const TOLERANCE: f32 = 1e-4;

#[derive(Clone, Debug)]
pub struct LinearSvm {
    /// Per class: `dimension` weights, then the bias.
    planes: Vec<Vec<f32>>,
}

impl LinearSvm {
    pub fn train(examples: &Examples, classes: usize, c: f32) -> Result<Self, String> {
        if !(c > 0.0 && c.is_finite()) {
            return Err(format!("the SVM's C must be a positive number, not {c}"));
        }
        let planes = (0..classes).map(|class| one_against_rest(examples, class, c)).collect();
        Ok(Self { planes })
    }

    /// Each class's decision value w·x + b: positive on its side of its hyperplane.
    pub fn decision(&self, features: &[f32]) -> Vec<f32> {
        let d = features.len();
        self.planes.iter().map(|plane| dot(&plane[..d], features) + plane[d]).collect()
    }
}

/// The hyperplane separating `class` (y = +1) from every other class (y = −1).
fn one_against_rest(examples: &Examples, class: usize, c: f32) -> Vec<f32> {
    let (n, d) = (examples.len(), examples.dimension);
    let y = |i: usize| if examples.labels[i] == class { 1.0 } else { -1.0 };
    // Each example's squared norm with the bias feature: the curvature along its coordinate.
    let curvature: Vec<f32> = (0..n).map(|i| dot(examples.row(i), examples.row(i)) + 1.0).collect();
    let mut alpha = vec![0f32; n];
    let mut plane = vec![0f32; d + 1];
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(class as u64);
    for _ in 0..MAX_PASSES {
        rng.shuffle(&mut order);
        let (mut highest, mut lowest) = (f32::NEG_INFINITY, f32::INFINITY);
        for &i in &order {
            let x = examples.row(i);
            let gradient = y(i) * (dot(&plane[..d], x) + plane[d]) - 1.0;
            let projected = if alpha[i] == 0.0 {
                gradient.min(0.0)
            } else if alpha[i] == c {
                gradient.max(0.0)
            } else {
                gradient
            };
            highest = highest.max(projected);
            lowest = lowest.min(projected);
            if projected != 0.0 {
                let old = alpha[i];
                alpha[i] = (old - gradient / curvature[i]).clamp(0.0, c);
                let step = (alpha[i] - old) * y(i);
                for (w, &v) in plane[..d].iter_mut().zip(x) {
                    *w += step * v;
                }
                plane[d] += step;
            }
        }
        if highest - lowest < TOLERANCE {
            break;
        }
    }
    plane
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The primal objective ½‖w‖² + ½b² + C Σ hinge for one class's plane.
    fn objective(examples: &Examples, class: usize, c: f32, plane: &[f32]) -> f32 {
        let d = examples.dimension;
        let hinge: f32 = (0..examples.len())
            .map(|i| {
                let y = if examples.labels[i] == class { 1.0 } else { -1.0 };
                (1.0 - y * (dot(&plane[..d], examples.row(i)) + plane[d])).max(0.0)
            })
            .sum();
        0.5 * dot(plane, plane) + c * hinge
    }

    #[test]
    fn two_points_get_the_hand_worked_maximum_margin_plane() {
        // x = −1 (class 0) and x = +1 (class 1), bias penalised: minimise ½w² + ½b² subject to
        // w + b ≥ 1 and w − b ≥ 1 gives w = 1, b = 0 — both points on their margins.
        let mut examples = Examples::new(1);
        examples.push(&[-1.0], 0);
        examples.push(&[1.0], 1);
        let svm = LinearSvm::train(&examples, 2, 10.0).unwrap();
        let [w, b] = svm.planes[1][..] else { panic!() };
        assert!((w - 1.0).abs() < 1e-4 && b.abs() < 1e-4, "w {w}, b {b}");
        assert_eq!(svm.decision(&[0.5]).iter().map(|v| v.signum()).collect::<Vec<_>>(), [-1.0, 1.0]);
    }

    #[test]
    fn no_nearby_plane_has_a_lower_objective() {
        // Overlapping classes in 3-D, so some hinges are active: the solution must be a minimum.
        let mut rng = Rng::new(7);
        let mut examples = Examples::new(3);
        for i in 0..40 {
            let label = i % 3;
            let x: Vec<f32> = (0..3).map(|j| rng.normal() + if j == label { 1.5 } else { 0.0 }).collect();
            examples.push(&x, label);
        }
        let c = 0.5;
        let svm = LinearSvm::train(&examples, 3, c).unwrap();
        for class in 0..3 {
            let plane = &svm.planes[class];
            let best = objective(&examples, class, c, plane);
            for _ in 0..200 {
                let nudged: Vec<f32> = plane.iter().map(|&w| w + 0.01 * rng.normal()).collect();
                assert!(objective(&examples, class, c, &nudged) >= best - 1e-3 * best, "class {class}");
            }
        }
    }

    #[test]
    fn c_must_be_positive() {
        let mut examples = Examples::new(1);
        examples.push(&[0.0], 0);
        assert!(LinearSvm::train(&examples, 1, 0.0).is_err());
        assert!(LinearSvm::train(&examples, 1, f32::NAN).is_err());
    }
}
