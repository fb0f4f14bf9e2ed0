//! The single-layer perceptron of the workshop deck: two inputs, two weights, a bias, one activation.
//!
//! Learning is shown one sample at a time, so every step returns what it did: the sample, the weighted sum,
//! the output, the error and the update. With the threshold activation the update is Rosenblatt's perceptron
//! rule, Δw = η·(t − y)·x; with a differentiable activation it is the delta rule, Δw = η·(t − y)·f′(s)·x.
//! Whatever the activation, the perceptron says "class 1" when s = w·x + b ≥ 0, so its decision boundary is
//! always the line w₁x₁ + w₂x₂ + b = 0.

use super::datasets::Point;
use crate::activation::Activation;
use crate::rng::Rng;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Perceptron {
    pub weights: [f32; 2],
    pub bias: f32,
    pub activation: Activation,
}

/// What one learning step did, in the order the page explains it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Update {
    pub input: [f32; 2],
    pub target: f32,
    pub weighted_sum: f32,
    pub output: f32,
    pub error: f32,
    /// The factor between error and update: 1 for the perceptron rule, f′(s) for the delta rule.
    pub slope: f32,
    pub delta_weights: [f32; 2],
    pub delta_bias: f32,
}

impl Perceptron {
    pub fn weighted_sum(&self, input: [f32; 2]) -> f32 {
        self.weights[0] * input[0] + self.weights[1] * input[1] + self.bias
    }

    pub fn classify(&self, input: [f32; 2]) -> u8 {
        u8::from(self.weighted_sum(input) >= 0.0)
    }

    /// Learns from one sample and returns the update it applied.
    pub fn learn(&mut self, input: [f32; 2], target: f32, learning_rate: f32) -> Update {
        let weighted_sum = self.weighted_sum(input);
        let output = self.activation.apply(weighted_sum);
        let error = target - output;
        let slope = match self.activation {
            Activation::Threshold => 1.0,
            differentiable => differentiable.slope(weighted_sum),
        };
        let step = learning_rate * error * slope;
        let update = Update {
            input,
            target,
            weighted_sum,
            output,
            error,
            slope,
            delta_weights: [step * input[0], step * input[1]],
            delta_bias: step,
        };
        self.weights[0] += update.delta_weights[0];
        self.weights[1] += update.delta_weights[1];
        self.bias += update.delta_bias;
        update
    }

    pub fn misclassified(&self, points: &[Point]) -> usize {
        points.iter().filter(|p| self.classify([p.x, p.y]) != p.label).count()
    }
}

/// A perceptron walking through a dataset in epochs, each epoch in a fresh shuffled order.
#[derive(Clone, Debug)]
pub struct PerceptronTrainer {
    pub perceptron: Perceptron,
    pub learning_rate: f32,
    points: Vec<Point>,
    order: Vec<usize>,
    cursor: usize,
    epoch: usize,
    errors_per_epoch: Vec<usize>,
    rng: Rng,
}

/// One step as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Step {
    pub sample_index: usize,
    pub update: Update,
    pub state: TrainerState,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrainerState {
    pub perceptron: Perceptron,
    /// Completed epochs.
    pub epoch: usize,
    /// Points the perceptron gets wrong now.
    pub misclassified: usize,
    /// Misclassified points at the end of each completed epoch.
    pub errors_per_epoch: Vec<usize>,
}

impl PerceptronTrainer {
    /// Starts with small random weights drawn from `seed`.
    pub fn new(activation: Activation, learning_rate: f32, points: Vec<Point>, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let perceptron = Perceptron {
            weights: [rng.uniform_in(-0.5, 0.5), rng.uniform_in(-0.5, 0.5)],
            bias: rng.uniform_in(-0.5, 0.5),
            activation,
        };
        let mut trainer = Self {
            perceptron,
            learning_rate,
            points: Vec::new(),
            order: Vec::new(),
            cursor: 0,
            epoch: 0,
            errors_per_epoch: Vec::new(),
            rng,
        };
        trainer.set_points(points);
        trainer
    }

    /// Replaces the dataset, keeping the weights, and starts the current epoch's order afresh.
    pub fn set_points(&mut self, points: Vec<Point>) {
        self.order = (0..points.len()).collect();
        self.rng.shuffle(&mut self.order);
        self.points = points;
        self.cursor = 0;
    }

    /// Learns from the next sample, or returns None when there are no points.
    pub fn step(&mut self) -> Option<Step> {
        let sample_index = *self.order.get(self.cursor)?;
        let sample = self.points[sample_index];
        let update = self.perceptron.learn([sample.x, sample.y], f32::from(sample.label), self.learning_rate);
        self.cursor += 1;
        if self.cursor == self.order.len() {
            self.finish_epoch();
        }
        Some(Step { sample_index, update, state: self.state() })
    }

    /// Runs to the end of the current epoch.
    pub fn run_epoch(&mut self) -> TrainerState {
        let epoch = self.epoch;
        while self.epoch == epoch && self.step().is_some() {}
        self.state()
    }

    fn finish_epoch(&mut self) {
        self.epoch += 1;
        self.errors_per_epoch.push(self.perceptron.misclassified(&self.points));
        self.rng.shuffle(&mut self.order);
        self.cursor = 0;
    }

    pub fn state(&self) -> TrainerState {
        TrainerState {
            perceptron: self.perceptron.clone(),
            epoch: self.epoch,
            misclassified: self.perceptron.misclassified(&self.points),
            errors_per_epoch: self.errors_per_epoch.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::datasets::{generate, DatasetKind};

    fn trainer(activation: Activation, kind: DatasetKind) -> PerceptronTrainer {
        let count = if kind == DatasetKind::Clouds { 40 } else { 4 };
        PerceptronTrainer::new(activation, 0.5, generate(kind, count, 0.0, 1), 11)
    }

    #[test]
    fn perceptron_rule_moves_weights_by_learning_rate_times_error_times_input() {
        let mut p = Perceptron { weights: [0.2, -0.4], bias: 0.1, activation: Activation::Threshold };
        // s = 0.2·1 − 0.4·0.5 + 0.1 = 0.1 ≥ 0, so y = 1; target 0 gives error −1.
        let update = p.learn([1.0, 0.5], 0.0, 0.25);
        assert_eq!(update.output, 1.0);
        assert_eq!(update.error, -1.0);
        assert_eq!(update.delta_weights, [-0.25, -0.125]);
        assert_eq!(update.delta_bias, -0.25);
        assert!((p.weights[0] + 0.05).abs() < 1e-7 && p.weights[1] == -0.525);
        assert!((p.bias + 0.15).abs() < 1e-7);
        // A correct answer changes nothing.
        let before = p.clone();
        assert_eq!(p.learn([1.0, 0.5], 0.0, 0.25).delta_bias, 0.0);
        assert_eq!(p, before);
    }

    #[test]
    fn delta_rule_scales_the_update_by_the_activation_slope() {
        let mut p = Perceptron { weights: [0.0, 0.0], bias: 0.0, activation: Activation::Sigmoid };
        let update = p.learn([2.0, -1.0], 1.0, 1.0);
        // s = 0, y = 0.5, f′(0) = 0.25: step = 1 · 0.5 · 0.25.
        assert_eq!(update.slope, 0.25);
        assert_eq!(update.delta_weights, [0.25, -0.125]);
        assert_eq!(p.bias, 0.125);
    }

    #[test]
    fn separable_data_is_learned_with_threshold_and_sigmoid() {
        for activation in [Activation::Threshold, Activation::Sigmoid] {
            for kind in [DatasetKind::And, DatasetKind::Or, DatasetKind::Clouds] {
                let mut t = trainer(activation, kind);
                for _ in 0..500 {
                    t.run_epoch();
                }
                assert_eq!(t.state().misclassified, 0, "{activation:?} on {kind:?}");
            }
        }
    }

    #[test]
    fn piecewise_linear_learns_in_its_linear_range_and_stalls_when_saturated() {
        let mut t = trainer(Activation::PiecewiseLinear, DatasetKind::Clouds);
        for _ in 0..500 {
            t.run_epoch();
        }
        assert_eq!(t.state().misclassified, 0);
        // s = −1 for a class-1 point: the output is 0, the error 1, but the slope there is 0.
        let mut p = Perceptron { weights: [-1.0, 0.0], bias: 0.0, activation: Activation::PiecewiseLinear };
        let update = p.learn([1.0, 0.0], 1.0, 0.5);
        assert_eq!((update.error, update.slope, update.delta_weights), (1.0, 0.0, [0.0, 0.0]));
    }

    #[test]
    fn xor_is_never_separated() {
        let mut t = trainer(Activation::Threshold, DatasetKind::Xor);
        for _ in 0..200 {
            let state = t.run_epoch();
            assert!(state.misclassified > 0);
        }
        assert_eq!(t.state().errors_per_epoch.len(), 200);
    }

    #[test]
    fn an_epoch_visits_every_sample_once() {
        let mut t = trainer(Activation::Sigmoid, DatasetKind::Clouds);
        let mut seen: Vec<usize> = (0..40).map(|_| t.step().unwrap().sample_index).collect();
        assert_eq!(t.state().epoch, 1);
        seen.sort_unstable();
        assert_eq!(seen, (0..40).collect::<Vec<_>>());
    }

    #[test]
    fn no_points_means_no_step() {
        let mut t = PerceptronTrainer::new(Activation::Sigmoid, 0.1, Vec::new(), 1);
        assert!(t.step().is_none());
        assert_eq!(t.run_epoch().epoch, 0);
    }
}
