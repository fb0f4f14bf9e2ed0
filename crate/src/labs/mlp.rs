//! A multilayer perceptron for two-class problems in the plane, trained with backpropagation.
//!
//! Two inputs, any number of hidden layers with one activation, and one sigmoid output read as
//! P(class 1). The loss is binary cross-entropy, whose gradient through the sigmoid output is simply
//! (p − t): that is where backprop starts. Written for reading, not for speed: the tensor engine is where
//! speed lives; a network of a few dozen weights does not need it.

use super::datasets::{Domain, Point};
use crate::activation::Activation;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MlpConfig {
    /// Neurons per hidden layer, input side first.
    pub hidden_layers: Vec<usize>,
    pub activation: Activation,
    pub learning_rate: f32,
    pub batch_size: usize,
    pub seed: u64,
}

pub const MAX_HIDDEN_LAYERS: usize = 6;
pub const MAX_NEURONS_PER_LAYER: usize = 16;

/// A fully connected layer: `outputs` neurons, each with `inputs` weights and a bias.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    /// Row-major [outputs][inputs]: row o holds neuron o's incoming weights.
    pub weights: Vec<f32>,
    pub biases: Vec<f32>,
    pub activation: Activation,
}

#[derive(Clone, Debug)]
pub struct Mlp {
    pub layers: Vec<Layer>,
    learning_rate: f32,
    batch_size: usize,
    rng: Rng,
}

/// Pre-activations and activations of every layer for one input, kept for the backward pass.
struct Trace {
    /// activations[0] is the input; activations[l + 1] is layer l's output.
    activations: Vec<Vec<f32>>,
    pre_activations: Vec<Vec<f32>>,
}

/// Gradients shaped like the network's parameters.
struct Gradients {
    weights: Vec<Vec<f32>>,
    biases: Vec<Vec<f32>>,
}

/// Training produced NaN or infinity; the network was restored to its state before the epoch. It reaches
/// the page as `wire::LabProblem::MlpDiverged`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Diverged {
    pub learning_rate: f32,
}

impl std::fmt::Display for Diverged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "training diverged (the loss became NaN or infinite) at learning rate {}; the weights were restored \
             to the last good epoch. Lower the learning rate and continue.",
            self.learning_rate
        )
    }
}

/// Loss and accuracy of the network on a set of points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Evaluation {
    pub loss: f32,
    pub accuracy: f32,
}

impl Mlp {
    pub fn new(config: &MlpConfig) -> Result<Self, String> {
        if config.hidden_layers.len() > MAX_HIDDEN_LAYERS {
            return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
        }
        if config.hidden_layers.iter().any(|&n| n == 0 || n > MAX_NEURONS_PER_LAYER) {
            return Err(format!("each hidden layer needs 1 to {MAX_NEURONS_PER_LAYER} neurons"));
        }
        if matches!(config.activation, Activation::Threshold | Activation::PiecewiseLinear) {
            return Err("backprop needs a hidden activation with a useful slope: sigmoid, tanh or ReLU".into());
        }
        if config.batch_size == 0 {
            return Err("the batch size must be at least 1".into());
        }
        if !(config.learning_rate.is_finite() && config.learning_rate > 0.0) {
            return Err("the learning rate must be a positive number".into());
        }
        let mut rng = Rng::new(config.seed);
        let mut widths = vec![2];
        widths.extend(&config.hidden_layers);
        widths.push(1);
        let layers = widths
            .windows(2)
            .enumerate()
            .map(|(l, pair)| {
                let is_output = l + 2 == widths.len();
                let activation = if is_output { Activation::Sigmoid } else { config.activation };
                Layer::random(pair[0], pair[1], activation, &mut rng)
            })
            .collect();
        Ok(Self { layers, learning_rate: config.learning_rate, batch_size: config.batch_size, rng })
    }

    pub fn set_learning_rate(&mut self, learning_rate: f32) {
        self.learning_rate = learning_rate;
    }

    fn forward(&self, input: [f32; 2]) -> Trace {
        let mut trace = Trace { activations: vec![input.to_vec()], pre_activations: Vec::new() };
        for layer in &self.layers {
            let x = trace.activations.last().expect("the input is always there");
            let z: Vec<f32> = (0..layer.outputs)
                .map(|o| {
                    let row = &layer.weights[o * layer.inputs..(o + 1) * layer.inputs];
                    layer.biases[o] + row.iter().zip(x).map(|(w, x)| w * x).sum::<f32>()
                })
                .collect();
            trace.activations.push(z.iter().map(|&z| layer.activation.apply(z)).collect());
            trace.pre_activations.push(z);
        }
        trace
    }

    /// P(class 1) for one input.
    pub fn predict(&self, input: [f32; 2]) -> f32 {
        self.forward(input).activations.last().expect("the output layer is always there")[0]
    }

    /// Adds this sample's loss gradient to `gradients` and returns its loss.
    fn backward(&self, point: &Point, gradients: &mut Gradients) -> f32 {
        let trace = self.forward([point.x, point.y]);
        let target = f32::from(point.label);
        let p = trace.activations.last().expect("the output layer is always there")[0];
        // dLoss/dz of the sigmoid output under cross-entropy.
        let mut delta = vec![p - target];
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let input = &trace.activations[l];
            for (o, &d) in delta.iter().enumerate() {
                gradients.biases[l][o] += d;
                let row = &mut gradients.weights[l][o * layer.inputs..(o + 1) * layer.inputs];
                row.iter_mut().zip(input).for_each(|(g, x)| *g += d * x);
            }
            if l > 0 {
                let below = &self.layers[l - 1];
                delta = (0..layer.inputs)
                    .map(|i| {
                        let back: f32 =
                            (0..layer.outputs).map(|o| layer.weights[o * layer.inputs + i] * delta[o]).sum();
                        back * below.activation.slope(trace.pre_activations[l - 1][i])
                    })
                    .collect();
            }
        }
        cross_entropy(p, target)
    }

    fn zero_gradients(&self) -> Gradients {
        Gradients {
            weights: self.layers.iter().map(|l| vec![0.0; l.weights.len()]).collect(),
            biases: self.layers.iter().map(|l| vec![0.0; l.biases.len()]).collect(),
        }
    }

    /// One pass over `points` in shuffled mini-batches of plain SGD; returns the mean training loss.
    /// If the loss or a weight stops being finite (a learning rate far too high), the network is put back
    /// as it was before the epoch and the error says so.
    pub fn train_epoch(&mut self, points: &[Point]) -> Result<f32, Diverged> {
        let before = self.layers.clone();
        let loss = self.sgd_epoch(points);
        let finite = loss.is_finite()
            && self.layers.iter().flat_map(|l| l.weights.iter().chain(&l.biases)).all(|w| w.is_finite());
        if finite {
            Ok(loss)
        } else {
            self.layers = before;
            Err(Diverged { learning_rate: self.learning_rate })
        }
    }

    fn sgd_epoch(&mut self, points: &[Point]) -> f32 {
        let mut order: Vec<usize> = (0..points.len()).collect();
        self.rng.shuffle(&mut order);
        let mut total_loss = 0.0;
        for batch in order.chunks(self.batch_size) {
            let mut gradients = self.zero_gradients();
            for &i in batch {
                total_loss += self.backward(&points[i], &mut gradients);
            }
            let step = self.learning_rate / batch.len() as f32;
            for (layer, (dw, db)) in self.layers.iter_mut().zip(gradients.weights.iter().zip(&gradients.biases)) {
                layer.weights.iter_mut().zip(dw).for_each(|(w, g)| *w -= step * g);
                layer.biases.iter_mut().zip(db).for_each(|(b, g)| *b -= step * g);
            }
        }
        total_loss / points.len().max(1) as f32
    }

    pub fn evaluate(&self, points: &[Point]) -> Evaluation {
        if points.is_empty() {
            return Evaluation { loss: 0.0, accuracy: 0.0 };
        }
        let (loss, correct) = points.iter().fold((0.0, 0usize), |(loss, correct), point| {
            let p = self.predict([point.x, point.y]);
            let target = f32::from(point.label);
            (loss + cross_entropy(p, target), correct + usize::from((p >= 0.5) == (point.label == 1)))
        });
        let n = points.len() as f32;
        Evaluation { loss: loss / n, accuracy: correct as f32 / n }
    }

    /// Every neuron's output (hidden layers, then the network's output) on a `resolution`² grid over
    /// `domain`, row by row from the top (largest y) so it draws as an image. Neuron-major.
    pub fn neuron_maps(&self, domain: Domain, resolution: usize) -> Vec<f32> {
        let neurons: usize = self.layers.iter().map(|l| l.outputs).sum();
        let cells = resolution * resolution;
        let mut maps = vec![0.0; neurons * cells];
        let step = (domain.max - domain.min) / resolution as f32;
        for row in 0..resolution {
            let y = domain.max - (row as f32 + 0.5) * step;
            for col in 0..resolution {
                let x = domain.min + (col as f32 + 0.5) * step;
                let trace = self.forward([x, y]);
                let outputs = trace.activations[1..].iter().flatten();
                for (neuron, &value) in outputs.enumerate() {
                    maps[neuron * cells + row * resolution + col] = value;
                }
            }
        }
        maps
    }
}

impl Layer {
    /// Glorot-uniform weights (He for ReLU), zero biases.
    fn random(inputs: usize, outputs: usize, activation: Activation, rng: &mut Rng) -> Self {
        let limit = match activation {
            Activation::Relu => (6.0 / inputs as f32).sqrt(),
            _ => (6.0 / (inputs + outputs) as f32).sqrt(),
        };
        Self {
            inputs,
            outputs,
            weights: (0..inputs * outputs).map(|_| rng.uniform_in(-limit, limit)).collect(),
            biases: vec![0.0; outputs],
            activation,
        }
    }
}

/// −[t·ln p + (1 − t)·ln(1 − p)], with p kept away from 0 and 1 so the loss stays finite.
fn cross_entropy(p: f32, target: f32) -> f32 {
    let p = p.clamp(1e-7, 1.0 - 1e-7);
    -(target * p.ln() + (1.0 - target) * (1.0 - p).ln())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::datasets::{generate, split, DatasetKind};

    fn config(hidden_layers: Vec<usize>, activation: Activation) -> MlpConfig {
        MlpConfig { hidden_layers, activation, learning_rate: 0.3, batch_size: 10, seed: 4 }
    }

    /// Loss summed over `points`, in f64 so the finite differences below are not swamped by rounding.
    fn total_loss(mlp: &Mlp, points: &[Point]) -> f64 {
        points.iter().map(|p| f64::from(cross_entropy(mlp.predict([p.x, p.y]), f32::from(p.label)))).sum()
    }

    #[test]
    fn backprop_matches_finite_differences() {
        let points = generate(DatasetKind::Circles, 12, 0.1, 3);
        for activation in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
            let mut mlp = Mlp::new(&config(vec![5, 3], activation)).unwrap();
            // Non-zero biases so ReLU units are not all on the same side of their kink.
            for layer in &mut mlp.layers {
                layer.biases.iter_mut().enumerate().for_each(|(i, b)| *b = 0.1 * (i as f32 - 1.0));
            }
            let mut gradients = mlp.zero_gradients();
            for p in &points {
                mlp.backward(p, &mut gradients);
            }
            let h = 1e-3;
            for l in 0..mlp.layers.len() {
                for (k, &analytic) in gradients.weights[l].iter().enumerate() {
                    let original = mlp.layers[l].weights[k];
                    mlp.layers[l].weights[k] = original + h;
                    let plus = total_loss(&mlp, &points);
                    mlp.layers[l].weights[k] = original - h;
                    let minus = total_loss(&mlp, &points);
                    mlp.layers[l].weights[k] = original;
                    let numeric = ((plus - minus) / (2.0 * f64::from(h))) as f32;
                    let tolerance = 2e-3 + 2e-2 * numeric.abs();
                    assert!(
                        (numeric - analytic).abs() < tolerance,
                        "{activation:?} layer {l} weight {k}: numeric {numeric}, backprop {analytic}"
                    );
                }
            }
        }
    }

    #[test]
    fn xor_needs_and_gets_a_hidden_layer() {
        let xor = generate(DatasetKind::Xor, 200, 0.05, 1);
        let mut mlp = Mlp::new(&MlpConfig { learning_rate: 1.0, ..config(vec![4], Activation::Tanh) }).unwrap();
        let epochs = (1..=300).find(|_| {
            mlp.train_epoch(&xor).unwrap();
            mlp.evaluate(&xor).accuracy == 1.0
        });
        assert!(epochs.is_some(), "2-4-1 did not reach 100 % on XOR in 300 epochs");
    }

    #[test]
    fn circles_generalise_to_the_test_set() {
        let points = generate(DatasetKind::Circles, 400, 0.05, 2);
        let (train, test) = split(&points, 0.5, 2);
        let mut mlp = Mlp::new(&config(vec![8, 8], Activation::Tanh)).unwrap();
        for _ in 0..200 {
            mlp.train_epoch(&train).unwrap();
        }
        let evaluation = mlp.evaluate(&test);
        assert!(evaluation.accuracy >= 0.95, "test accuracy {}", evaluation.accuracy);
    }

    #[test]
    fn three_relu_layers_learn_the_spiral() {
        let spiral = generate(DatasetKind::Spiral, 300, 0.02, 1);
        let mut mlp = Mlp::new(&MlpConfig { learning_rate: 0.1, ..config(vec![8, 8, 8], Activation::Relu) }).unwrap();
        let before = mlp.evaluate(&spiral).loss;
        for _ in 0..300 {
            mlp.train_epoch(&spiral).unwrap();
        }
        let after = mlp.evaluate(&spiral);
        assert!(after.loss < 0.1 * before && after.accuracy >= 0.95, "{before} -> {after:?}");
    }

    #[test]
    fn bad_configurations_are_refused_with_a_reason() {
        let refuse = |c: MlpConfig| Mlp::new(&c).unwrap_err();
        assert!(refuse(config(vec![0], Activation::Tanh)).contains("neurons"));
        assert!(refuse(config(vec![4; 7], Activation::Tanh)).contains("hidden layers"));
        assert!(refuse(config(vec![4], Activation::Threshold)).contains("slope"));
        assert!(refuse(MlpConfig { batch_size: 0, ..config(vec![4], Activation::Tanh) }).contains("batch"));
        assert!(refuse(MlpConfig { learning_rate: f32::NAN, ..config(vec![4], Activation::Tanh) }).contains("rate"));
    }

    #[test]
    fn divergence_is_reported_and_the_weights_restored() {
        let points = generate(DatasetKind::Spiral, 100, 0.0, 1);
        let mut mlp = Mlp::new(&MlpConfig { learning_rate: 1e30, ..config(vec![8, 8], Activation::Relu) }).unwrap();
        let before = mlp.layers.clone();
        let error = mlp.train_epoch(&points).unwrap_err();
        assert!(error.to_string().contains("diverged"));
        assert_eq!(mlp.layers, before);
    }

    #[test]
    fn neuron_maps_cover_every_neuron_and_match_predict() {
        let mlp = Mlp::new(&config(vec![3, 2], Activation::Sigmoid)).unwrap();
        let domain = Domain { min: -1.0, max: 1.0 };
        let maps = mlp.neuron_maps(domain, 4);
        assert_eq!(maps.len(), (3 + 2 + 1) * 16);
        // The output map's top-left cell is the point (−0.75, 0.75).
        assert_eq!(maps[5 * 16], mlp.predict([-0.75, 0.75]));
    }
}
