//! Softmax (multinomial logistic) regression: class probabilities softmax(Wx + b), found by minimising
//! ½‖W‖² + C Σ −log p(yᵢ | xᵢ) — the objective of scikit-learn's `LogisticRegression` (multinomial, L2, the
//! bias not penalised).
//!
//! The objective is smooth and convex, so plain accelerated gradient descent (Nesterov, restarted whenever
//! it stops descending) finds its minimum with a step fixed by a bound on the curvature: no learning rate
//! for the attendee to tune, and the same answer on every run.

use super::{argmax, dot, Examples};
use crate::engine::scalar::elementwise::softmax;

/// Gradient steps at most.
const MAX_STEPS: usize = 5000;
/// Stop once the gradient's largest entry, relative to the loss term's weight, falls under this.
const TOLERANCE: f32 = 1e-4;

#[derive(Clone, Debug)]
pub struct SoftmaxRegression {
    /// Per class: `dimension` weights, then the bias.
    rows: Vec<Vec<f32>>,
}

impl SoftmaxRegression {
    pub fn train(examples: &Examples, classes: usize, c: f32) -> Result<Self, String> {
        if !(c > 0.0 && c.is_finite()) {
            return Err(format!("the softmax regression's C must be a positive number, not {c}"));
        }
        let d = examples.dimension;
        // The cross-entropy's Hessian is at most ½ x xᵀ per example (with the bias's 1), the penalty's is 1.
        let curvature =
            1.0 + 0.5 * c * (0..examples.len()).map(|i| dot(examples.row(i), examples.row(i)) + 1.0).sum::<f32>();
        let step = 1.0 / curvature;
        let mut model = Self { rows: vec![vec![0.0; d + 1]; classes] };
        let mut ahead = model.clone();
        let mut momentum = 1f32;
        let mut last = f32::INFINITY;
        for _ in 0..MAX_STEPS {
            let (loss, gradient) = ahead.objective(examples, c);
            let largest = gradient.iter().flatten().fold(0f32, |m, g| m.max(g.abs()));
            if largest < TOLERANCE * c.max(1.0) {
                model = ahead;
                break;
            }
            if loss > last {
                // Momentum carried it uphill: start again from the last point without it.
                momentum = 1.0;
                ahead = model.clone();
                last = f32::INFINITY;
                continue;
            }
            last = loss;
            let next: Vec<Vec<f32>> = ahead
                .rows
                .iter()
                .zip(&gradient)
                .map(|(row, g)| row.iter().zip(g).map(|(w, g)| w - step * g).collect())
                .collect();
            let following = (1.0 + (1.0 + 4.0 * momentum * momentum).sqrt()) / 2.0;
            let carry = (momentum - 1.0) / following;
            ahead.rows = next
                .iter()
                .zip(&model.rows)
                .map(|(new, old)| new.iter().zip(old).map(|(n, o)| n + carry * (n - o)).collect())
                .collect();
            model.rows = next;
            momentum = following;
        }
        Ok(model)
    }

    /// The logits Wx + b.
    fn logits(&self, features: &[f32]) -> Vec<f32> {
        let d = features.len();
        self.rows.iter().map(|row| dot(&row[..d], features) + row[d]).collect()
    }

    pub fn probabilities(&self, features: &[f32]) -> Vec<f32> {
        let logits = self.logits(features);
        let mut probabilities = vec![0.0; logits.len()];
        softmax(&logits, &mut probabilities, logits.len());
        probabilities
    }

    pub fn predict(&self, features: &[f32]) -> usize {
        argmax(&self.logits(features))
    }

    /// The objective and its gradient, row by row like the weights.
    fn objective(&self, examples: &Examples, c: f32) -> (f32, Vec<Vec<f32>>) {
        let d = examples.dimension;
        let mut loss = 0.5 * self.rows.iter().map(|row| dot(&row[..d], &row[..d])).sum::<f32>();
        let mut gradient: Vec<Vec<f32>> =
            self.rows.iter().map(|row| row[..d].iter().copied().chain([0.0]).collect()).collect();
        for i in 0..examples.len() {
            let x = examples.row(i);
            let p = self.probabilities(x);
            let label = examples.labels[i];
            loss -= c * p[label].max(f32::MIN_POSITIVE).ln();
            for (class, g) in gradient.iter_mut().enumerate() {
                let error = c * (p[class] - if class == label { 1.0 } else { 0.0 });
                for (g, &v) in g[..d].iter_mut().zip(x) {
                    *g += error * v;
                }
                g[d] += error;
            }
        }
        (loss, gradient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn clusters(seed: u64) -> Examples {
        let mut rng = Rng::new(seed);
        let mut examples = Examples::new(2);
        for i in 0..30 {
            let label = i % 3;
            let x = [rng.normal() + label as f32, rng.normal() - label as f32];
            examples.push(&x, label);
        }
        examples
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let examples = clusters(3);
        let mut rng = Rng::new(4);
        let model = SoftmaxRegression { rows: (0..3).map(|_| (0..3).map(|_| rng.normal()).collect()).collect() };
        let (_, gradient) = model.objective(&examples, 0.7);
        for (class, row) in gradient.iter().enumerate() {
            for (j, &analytic) in row.iter().enumerate() {
                let h = 1e-2;
                let at = |delta: f32| {
                    let mut moved = model.clone();
                    moved.rows[class][j] += delta;
                    moved.objective(&examples, 0.7).0 as f64
                };
                let numeric = (at(h) - at(-h)) / (2.0 * h as f64);
                let analytic = analytic as f64;
                assert!((numeric - analytic).abs() < 2e-2 * (1.0 + analytic.abs()), "{numeric} vs {analytic}");
            }
        }
    }

    #[test]
    fn training_reaches_a_stationary_point() {
        let examples = clusters(5);
        let model = SoftmaxRegression::train(&examples, 3, 2.0).unwrap();
        let (_, gradient) = model.objective(&examples, 2.0);
        let largest = gradient.iter().flatten().fold(0f32, |m, g| m.max(g.abs()));
        assert!(largest < 1e-3, "largest gradient entry {largest}");
        let right = (0..examples.len()).filter(|&i| model.predict(examples.row(i)) == examples.labels[i]).count();
        assert!(right >= 20, "{right} of 30 right");
    }

    #[test]
    fn one_example_per_class_in_one_dimension_has_the_hand_worked_probabilities() {
        // x = −1 (class 0), x = +1 (class 1), C = 1, rows (w₀, b₀) and (w₁, b₁): by symmetry w₁ = −w₀ = w/2
        // and b = 0, so the objective is ¼w² + 2 log(1 + e^(−w)), minimal where w/2 = 2/(1 + eᵂ):
        // w ≈ 1.0426, and p(class 1 | x = 1) = 1/(1 + e^(−w)) ≈ 0.7394.
        let mut examples = Examples::new(1);
        examples.push(&[-1.0], 0);
        examples.push(&[1.0], 1);
        let model = SoftmaxRegression::train(&examples, 2, 1.0).unwrap();
        let p = model.probabilities(&[1.0]);
        assert!((p[1] - 0.7394).abs() < 1e-3, "{p:?}");
    }
}
