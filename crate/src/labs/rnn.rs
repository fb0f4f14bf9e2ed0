//! The RNN lab's sequence tasks and the network that learns any of them.
//!
//! - The adding problem (Hochreiter and Schmidhuber 1997): each step carries a value in [0, 1) and a
//!   marker; two steps are marked, one in each half of the sequence, and the answer, read after the last
//!   step, is the sum of their values. Predicting the mean, 1, scores an MSE of 1/6: the baseline.
//! - The copy task: a few random symbols, a delay of blanks, a go marker, and the network must repeat
//!   the symbols. Guessing scores 1 / `SYMBOLS` of them.
//! - Sequence MNIST (`digits`): a digit read one 28-pixel row per step, classified after the last row.
//!
//! The first two need no data, and their answers depend on inputs `length` steps back: the deck's
//! vanishing gradients, and the LSTM's forget gate that keeps them from vanishing, measured.
//! `SequenceNet` is the network for any of them, and for the character model (`super::chars`): recurrent
//! layers, then a readout at the last step or at every step.

use crate::activation::Activation;
use crate::data::image_set::ImageSet;
use crate::engine::ops::Cell;
use crate::engine::Backend;
use crate::models::recurrent::RecurrentSpec;
use crate::nn::{ConvOptions, Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Role, Seed};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Symbols the copy task copies, and how many a sequence carries.
pub const SYMBOLS: usize = 8;
pub const COPIED: usize = 5;
/// The longest sequence a task may ask for.
pub const MAX_LENGTH: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum MemoryTask {
    /// The adding problem over `length` steps.
    Adding { length: usize },
    /// The copy task with a delay of `length` steps between the symbols and the go marker.
    Copy { length: usize },
}

/// The copy task's input symbols: the ones copied, then the blank and the go marker.
const BLANK: usize = SYMBOLS;
const GO: usize = SYMBOLS + 1;

impl MemoryTask {
    pub fn validate(&self) -> Result<(), String> {
        let (Self::Adding { length } | Self::Copy { length }) = *self;
        if !(2..=MAX_LENGTH).contains(&length) {
            return Err(format!("a sequence of 2 to {MAX_LENGTH} steps, not {length}"));
        }
        Ok(())
    }

    /// Steps per sequence.
    pub fn steps(&self) -> usize {
        match *self {
            Self::Adding { length } => length,
            Self::Copy { length } => length + 2 * COPIED,
        }
    }

    /// Per step, the value and its marker in, the sum out after the last step; or one-hot symbols, blank
    /// and marker in, and a symbol or the blank out at every step.
    pub fn shape(&self) -> SequenceShape {
        match *self {
            Self::Adding { length } => SequenceShape {
                steps: length,
                inputs: 2,
                outputs: 1,
                readout: Readout::LastStep,
                loss: Loss::MeanSquaredError,
            },
            Self::Copy { .. } => SequenceShape {
                steps: self.steps(),
                inputs: SYMBOLS + 2,
                outputs: SYMBOLS + 1,
                readout: Readout::EveryStep,
                loss: Loss::SoftmaxCrossEntropy,
            },
        }
    }

    /// One sequence's inputs and targets: the sum; or each step's symbol one-hot, blanks but for the
    /// copy after the marker.
    fn example(&self, rng: &mut Rng, inputs: &mut Vec<f32>, targets: &mut Vec<f32>) {
        match *self {
            Self::Adding { length } => {
                let half = length / 2;
                let marked = [rng.below(half), half + rng.below(length - half)];
                let mut sum = 0.0;
                for t in 0..length {
                    let value = rng.uniform();
                    let marker = marked.contains(&t);
                    if marker {
                        sum += value;
                    }
                    inputs.extend([value, f32::from(u8::from(marker))]);
                }
                targets.push(sum);
            }
            Self::Copy { length } => {
                let copied: Vec<usize> = (0..COPIED).map(|_| rng.below(SYMBOLS)).collect();
                let one_hot =
                    |symbol: usize, classes: usize| (0..classes).map(move |c| f32::from(u8::from(c == symbol)));
                for t in 0..self.steps() {
                    let input = match t {
                        t if t < COPIED => copied[t],
                        t if t == COPIED + length - 1 => GO,
                        _ => BLANK,
                    };
                    inputs.extend(one_hot(input, SYMBOLS + 2));
                    let answer = if t >= COPIED + length { copied[t - COPIED - length] } else { BLANK };
                    targets.extend(one_hot(answer, SYMBOLS + 1));
                }
            }
        }
    }

    /// `count` sequences' inputs and targets.
    pub fn batch(&self, rng: &mut Rng, count: usize) -> (Vec<f32>, Vec<f32>) {
        let (mut inputs, mut targets) = (Vec::new(), Vec::new());
        for _ in 0..count {
            self.example(rng, &mut inputs, &mut targets);
        }
        (inputs, targets)
    }

    /// What the task scores: the test MSE (lower is better), or the share of copied symbols right.
    pub fn score_name(&self) -> &'static str {
        match self {
            Self::Adding { .. } => "mse",
            Self::Copy { .. } => "accuracy",
        }
    }

    /// The score of a network that has learned nothing useful: predicting the mean sum, 1, whose MSE is
    /// the variance of a sum of two uniform values, 2 / 12; or guessing each symbol.
    pub fn baseline(&self) -> f32 {
        match self {
            Self::Adding { .. } => 1.0 / 6.0,
            Self::Copy { .. } => 1.0 / SYMBOLS as f32,
        }
    }

    /// The score of `outputs` against `targets`.
    pub fn score(&self, outputs: &[f32], targets: &[f32]) -> f32 {
        match *self {
            Self::Adding { .. } => {
                let squares: f32 = outputs.iter().zip(targets).map(|(o, t)| (o - t) * (o - t)).sum();
                squares / outputs.len() as f32
            }
            Self::Copy { length } => {
                let classes = SYMBOLS + 1;
                let steps = self.steps();
                let (mut right, mut total) = (0, 0);
                for (sequence, truth) in outputs.chunks(steps * classes).zip(targets.chunks(steps * classes)) {
                    for t in COPIED + length..steps {
                        let at = t * classes..(t + 1) * classes;
                        right += usize::from(argmax(&sequence[at.clone()]) == argmax(&truth[at]));
                        total += 1;
                    }
                }
                right as f32 / total as f32
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SequenceTraining {
    pub optimiser: Optimiser,
    pub batch: usize,
    /// The gradients' joint norm is clipped to this (Pascanu et al. 2013): an exploding gradient then
    /// takes a bounded step instead of throwing the weights far. Zero: no clipping.
    pub clip: f32,
    pub seed: u64,
}

impl Default for SequenceTraining {
    fn default() -> Self {
        Self { optimiser: Optimiser::adam(0.005), batch: 32, clip: 1.0, seed: 1 }
    }
}

pub const MAX_BATCH: usize = 256;

impl SequenceTraining {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_BATCH).contains(&self.batch) {
            return Err(format!("a batch has 1 to {MAX_BATCH} sequences, not {}", self.batch));
        }
        if !(self.clip >= 0.0 && self.clip.is_finite()) {
            return Err(format!("a gradient norm clip of 0 (none) or more, not {}", self.clip));
        }
        Ok(())
    }
}

/// Where a network answers: after the last step, or at every step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readout {
    LastStep,
    EveryStep,
}

impl Readout {
    /// The readout's weight and bias, named `readout.weight` and `readout.bias`, for `hidden` values in and
    /// `outputs` out: Glorot-uniform weights (a dense layer's on the last step, a 1 × 1 convolution's at
    /// every step), zero biases.
    pub fn parameters<B: Backend>(
        self,
        backend: &B,
        parameters: &mut Parameters<B>,
        (hidden, outputs): (usize, usize),
        rng: &mut Rng,
    ) -> (ParameterId, ParameterId) {
        let limit = (6.0 / (hidden + outputs) as f32).sqrt();
        let weights: Vec<f32> = (0..hidden * outputs).map(|_| rng.uniform_in(-limit, limit)).collect();
        let shape = match self {
            Self::LastStep => vec![hidden, outputs],
            Self::EveryStep => vec![1, 1, hidden, outputs],
        };
        let weight = parameters.add(backend, "readout.weight", &shape, Role::Weight, &weights);
        let bias = parameters.add(backend, "readout.bias", &[outputs], Role::Bias, &vec![0.0; outputs]);
        (weight, bias)
    }

    /// The readout over `hidden`, the states of every step, with the parameters `parameters` made.
    pub fn write<B: Backend>(
        self,
        g: &mut GraphBuilder<B>,
        hidden: NodeId,
        (weight, bias): (ParameterId, ParameterId),
    ) -> NodeId {
        match self {
            Self::LastStep => {
                let last = g.last_step("last step", hidden);
                g.dense("readout", last, weight, Some(bias), Activation::Linear)
            }
            Self::EveryStep => g.conv("readout", hidden, weight, Some(bias), ConvOptions::same(Activation::Linear)),
        }
    }
}

/// What a sequence task asks of a network: steps, values in per step, values out (per step, or once),
/// and the loss on them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SequenceShape {
    pub steps: usize,
    pub inputs: usize,
    pub outputs: usize,
    pub readout: Readout,
    pub loss: Loss,
}

/// Recurrent layers, then a dense layer on the last step or a 1 × 1 convolution at every step.
pub struct SequenceNet<'a, B: Backend> {
    backend: &'a B,
    pub shape: SequenceShape,
    pub spec: RecurrentSpec,
    pub config: SequenceTraining,
    pub parameters: Parameters<B>,
    graph: Graph<B>,
    input: NodeId,
    /// The top recurrent layer, whose states the traces and the gradient by lag read.
    top: NodeId,
    output: NodeId,
    pub iterations: usize,
}

/// One sequence read step by step (`SequenceNet::trace`).
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The top layer's hidden state after each step, [steps, hidden].
    pub hidden: Vec<f32>,
    /// What the readout makes of each step's state, [steps, outputs]: softmax probabilities where the loss
    /// is a softmax's. For a last-step readout, what the network would answer were the sequence to end there.
    pub answers: Vec<f32>,
    /// An LSTM's input, forget and output gates at each step, [steps, 3, hidden]; none for a plain RNN.
    pub gates: Vec<f32>,
}

/// A step's loss and the gradient's norm before clipping.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SequenceStep {
    pub loss: f32,
    pub gradient_norm: f32,
}

impl<'a, B: Backend> SequenceNet<'a, B> {
    pub fn new(
        backend: &'a B,
        shape: SequenceShape,
        spec: RecurrentSpec,
        config: SequenceTraining,
    ) -> Result<Self, String> {
        spec.validate()?;
        config.validate()?;
        if !(1..=MAX_LENGTH).contains(&shape.steps) {
            return Err(format!("a sequence of 1 to {MAX_LENGTH} steps, not {}", shape.steps));
        }
        let mut rng = Rng::new(config.seed);
        let mut parameters = spec.parameters(backend, shape.inputs, &mut rng);
        let layers: Vec<_> = parameters.iter().map(|(id, _)| id).collect();
        let readout = shape.readout.parameters(backend, &mut parameters, (spec.hidden, shape.outputs), &mut rng);
        let mut g = GraphBuilder::new(&parameters, config.batch);
        let input = g.input("sequence", shape.steps, 1, shape.inputs);
        let hidden = spec.write(&mut g, input, &layers);
        let output = shape.readout.write(&mut g, hidden, readout);
        g.loss(shape.loss, output);
        let graph = g.build(backend);
        Ok(Self { backend, shape, spec, config, parameters, graph, input, top: hidden, output, iterations: 0 })
    }

    /// One optimiser step on a batch of `config.batch` sequences.
    pub async fn train_step(&mut self, inputs: &[f32], targets: &[f32]) -> SequenceStep {
        let backend = self.backend;
        self.graph.write_input(backend, self.input, inputs);
        self.graph.write_targets(backend, targets);
        self.graph.forward(backend, &self.parameters);
        self.graph.backward(backend, &mut self.parameters, Seed::Loss);
        let gradient_norm = self.parameters.clip_gradient_norm(backend, self.config.clip).await;
        self.parameters.step(backend, self.config.optimiser);
        self.iterations += 1;
        SequenceStep { loss: self.graph.read_loss(backend).await, gradient_norm }
    }

    /// The norm of ∂L/∂h at each step of the top layer in the last training step, averaged over the batch,
    /// by the lag between that step and the last: how much of the loss's gradient reaches back that far.
    pub async fn gradient_by_lag(&self) -> Vec<f32> {
        let top = self.top;
        let Some(state) = self.graph.read_state_gradient(self.backend, top).await else { return Vec::new() };
        let (steps, hidden) = (self.shape.steps, self.spec.hidden);
        let carried = state.len() / (self.config.batch * steps);
        let mut norms = vec![0.0; steps];
        for sequence in state.chunks_exact(steps * carried) {
            for (t, step) in sequence.chunks_exact(carried).enumerate() {
                norms[steps - 1 - t] += step[..hidden].iter().map(|g| g * g).sum::<f32>().sqrt();
            }
        }
        norms.iter().map(|n| n / self.config.batch as f32).collect()
    }

    /// One sequence read step by step: the top layer's hidden state after each step, what the readout
    /// makes of each, and an LSTM's gates (`Trace`).
    pub async fn trace(&mut self, sequence: &[f32]) -> Trace {
        let SequenceShape { steps, outputs, .. } = self.shape;
        // The graph's batch, the sequence first (the others repeat it: nothing mixes sequences).
        let batch: Vec<f32> = sequence.iter().copied().cycle().take(sequence.len() * self.config.batch).collect();
        self.graph.write_input(self.backend, self.input, &batch);
        self.graph.forward(self.backend, &self.parameters);
        let top = self.top;
        let hidden_len = steps * self.spec.hidden;
        let hidden = self.graph.read(self.backend, top).await[..hidden_len].to_vec();
        let gates = match self.spec.cell {
            Cell::Tanh => Vec::new(),
            Cell::Lstm => {
                // Per step [i, f, g, o, c] blocks of `hidden`: the first sequence's i, f and o.
                let memory = self.graph.read_memory(self.backend, top).await;
                let block = self.spec.hidden;
                memory[..steps * Cell::Lstm.memory() * block]
                    .chunks_exact(Cell::Lstm.memory() * block)
                    .flat_map(|step| {
                        [0, 1, 3].into_iter().flat_map(move |gate| &step[gate * block..(gate + 1) * block])
                    })
                    .copied()
                    .collect()
            }
        };
        let (weight, bias) = {
            let named = |name: &str| self.parameters.find(name).expect("the readout's parameters");
            (named("readout.weight"), named("readout.bias"))
        };
        let weight = self.parameters.read(self.backend, weight).await;
        let bias = self.parameters.read(self.backend, bias).await;
        let mut answers = Vec::with_capacity(steps * outputs);
        for state in hidden.chunks_exact(self.spec.hidden) {
            let mut logits = bias.clone();
            for (h, row) in state.iter().zip(weight.chunks_exact(outputs)) {
                logits.iter_mut().zip(row).for_each(|(l, w)| *l += h * w);
            }
            if self.shape.loss == Loss::SoftmaxCrossEntropy {
                let mut probabilities = vec![0.0; outputs];
                crate::engine::scalar::elementwise::softmax(&logits, &mut probabilities, outputs);
                logits = probabilities;
            }
            answers.extend(logits);
        }
        Trace { hidden, answers, gates }
    }

    /// The readout for whole batches of `inputs` (a partial last batch is left out).
    pub async fn outputs(&mut self, inputs: &[f32]) -> Vec<f32> {
        let per_batch = self.config.batch * self.shape.steps * self.shape.inputs;
        let mut outputs = Vec::new();
        for batch in inputs.chunks_exact(per_batch) {
            self.graph.write_input(self.backend, self.input, batch);
            self.graph.forward(self.backend, &self.parameters);
            outputs.extend(self.graph.read(self.backend, self.output).await);
        }
        outputs
    }
}

/// The index of each row's largest value.
fn argmax(row: &[f32]) -> usize {
    (0..row.len()).max_by(|&a, &b| row[a].total_cmp(&row[b])).expect("a row has values")
}

impl MemoryTask {
    /// `count` test sequences (whole batches of `batch`), the same ones each time: they are drawn from a
    /// generator of their own.
    pub fn test_set(&self, count: usize, batch: usize) -> (Vec<f32>, Vec<f32>) {
        self.batch(&mut Rng::new(TEST_SEED), count.div_ceil(batch) * batch)
    }
}

/// Sequence MNIST: each 28 × 28 digit as 28 steps of one row of pixels in [0, 1], its class one-hot.
pub mod digits {
    use super::*;

    pub const SHAPE: SequenceShape = SequenceShape {
        steps: 28,
        inputs: 28,
        outputs: 10,
        readout: Readout::LastStep,
        loss: Loss::SoftmaxCrossEntropy,
    };

    /// The images `indices` of `set` as sequences of rows, and their classes.
    pub fn batch(set: &ImageSet, indices: &[usize]) -> (Vec<f32>, Vec<f32>) {
        let inputs = indices.iter().flat_map(|&i| set.image_f32(i)).collect();
        let targets = indices
            .iter()
            .flat_map(|&i| (0..10).map(move |c| f32::from(u8::from(c == set.labels[i] as usize))))
            .collect();
        (inputs, targets)
    }

    /// The share of `outputs` (logits, ten a digit) whose largest is the target's class.
    pub fn accuracy(outputs: &[f32], targets: &[f32]) -> f32 {
        let rows = outputs.chunks(10).zip(targets.chunks(10));
        let right = rows.clone().filter(|(o, t)| argmax(o) == argmax(t)).count();
        right as f32 / rows.count().max(1) as f32
    }
}

/// The test sequences' generator seed, apart from any training seed.
const TEST_SEED: u64 = 0x7e57;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adding_sequence_marks_one_step_in_each_half_and_asks_for_their_sum() {
        let task = MemoryTask::Adding { length: 10 };
        let (inputs, targets) = task.batch(&mut Rng::new(3), 1);
        let marked: Vec<usize> = (0..10).filter(|t| inputs[2 * t + 1] == 1.0).collect();
        assert_eq!(marked.len(), 2);
        assert!(marked[0] < 5 && marked[1] >= 5, "{marked:?}");
        assert_eq!(targets, [inputs[2 * marked[0]] + inputs[2 * marked[1]]]);
    }

    #[test]
    fn a_copy_sequence_asks_for_its_symbols_after_the_marker() {
        let length = 4;
        let task = MemoryTask::Copy { length };
        let (inputs, targets) = task.batch(&mut Rng::new(4), 1);
        let symbol = |values: &[f32], t: usize, classes: usize| {
            (0..classes).find(|&c| values[t * classes + c] == 1.0).expect("one-hot")
        };
        let copied: Vec<usize> = (0..COPIED).map(|t| symbol(&inputs, t, SYMBOLS + 2)).collect();
        assert_eq!(symbol(&inputs, COPIED + length - 1, SYMBOLS + 2), GO);
        let answers: Vec<usize> = (COPIED + length..task.steps()).map(|t| symbol(&targets, t, SYMBOLS + 1)).collect();
        assert_eq!(answers, copied);
        assert!((0..COPIED + length).all(|t| symbol(&targets, t, SYMBOLS + 1) == BLANK));
        // A perfect answer scores 1; answering blanks scores 0.
        assert_eq!(task.score(&targets, &targets), 1.0);
        let blanks = MemoryTask::Copy { length }.batch(&mut Rng::new(5), 1).1;
        let blank_answer: Vec<f32> =
            (0..task.steps()).flat_map(|_| (0..=SYMBOLS).map(|c| f32::from(u8::from(c == BLANK)))).collect();
        assert_eq!(task.score(&blank_answer, &blanks), 0.0);
    }
}
