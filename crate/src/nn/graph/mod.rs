//! A network as a graph of nodes over the engine's ops, with its buffers for one batch size.
//!
//! A network is written once as a forward description (`GraphBuilder`); backward is derived from it.
//! Forward runs the nodes in the order they were added. Backward runs them in reverse from a seed — a
//! scalar loss, or a given gradient at any node (one unit of an activation map, for what it responds
//! to) — and each node's backward is the engine's backward op for its forward op. Where a value feeds
//! several nodes (a residual sum, a route, a weight used twice) their gradients are summed.
//!
//! A node needs a gradient only if something below it does: a trainable parameter, or an input whose
//! gradient was asked for. Backward does nothing for the rest, so a frozen backbone costs its forward
//! pass and nothing more, and frozen parameters are never written.
//!
//! Buffers: every node's value is made when the graph is built; gradients on the first backward pass.
//! After that neither a training step nor an inference allocates anything, and on WebGPU a step stays
//! one submission (the ops are queued, nothing is read until asked; dropout masks are written first).
//!
//! Here: the graph, its forward pass and what can be read from it; `builder.rs` writes and builds it;
//! `backward.rs` is the backward pass.

use super::parameters::{ParameterId, Parameters};
use crate::activation::Activation;
use crate::engine::ops::{Conv2d, Image, Matmul, Pool2d, Recurrent};
use crate::engine::Backend;
use crate::rng::Rng;

mod backward;
mod builder;
mod receptive_field;

use backward::Gradients;
pub use builder::{ConvOptions, GraphBuilder, Loss};
pub use receptive_field::Field;

/// A node's index in its graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(usize);

#[derive(Clone, Debug)]
enum Op {
    /// Written by `Graph::write_input`.
    Input,
    /// y = activation(conv(x, w) + b).
    Conv {
        input: NodeId,
        weight: ParameterId,
        bias: Option<ParameterId>,
        activation: Activation,
        conv: Conv2d,
    },
    /// y = activation(conv⊤(x, w) + b): the input gradient of `conv`, whose output has x's shape.
    ConvTranspose {
        input: NodeId,
        weight: ParameterId,
        bias: Option<ParameterId>,
        activation: Activation,
        conv: Conv2d,
    },
    /// y = activation(x · w + b), x flattened to [batch, features].
    Dense {
        input: NodeId,
        weight: ParameterId,
        bias: Option<ParameterId>,
        activation: Activation,
        matmul: Matmul,
    },
    Pool {
        input: NodeId,
        pool: Pool2d,
    },
    /// y = activation(a + b) (a residual connection, darknet's shortcut).
    Add {
        a: NodeId,
        b: NodeId,
        activation: Activation,
    },
    /// The inputs side by side along channels (darknet's route).
    Concat {
        inputs: Vec<NodeId>,
    },
    /// Batch normalisation: in training mode with the batch's statistics (the running averages move once
    /// per forward pass, at the backward pass that follows it), otherwise with the running averages; then
    /// `activation` (a generator's BN–ReLU).
    BatchNorm {
        input: NodeId,
        gamma: ParameterId,
        beta: ParameterId,
        running_mean: ParameterId,
        running_variance: ParameterId,
        epsilon: f32,
        momentum: f32,
        activation: Activation,
    },
    /// In training mode, each value zeroed with probability `rate` and the rest scaled by 1 / (1 − rate),
    /// by a mask drawn afresh each forward pass from a generator seeded with `seed`; else the identity.
    Dropout {
        input: NodeId,
        rate: f32,
        seed: u64,
    },
    /// Max unpooling: `input` (the shape of a max pool's output) placed at the maxima the pool found in
    /// `switches` (the pool's input), zeros elsewhere; a deconvnet's way back through a pool.
    Unpool {
        input: NodeId,
        switches: NodeId,
        pool: Pool2d,
    },
    /// Nearest-neighbour ×2.
    Upsample {
        input: NodeId,
    },
    /// A recurrent layer over sequences stored as [batch, steps, 1, values]: `input` holds each step's
    /// pre-activations (the input's projection and bias, a 1 × 1 convolution), `weight` the recurrent
    /// weight [hidden, gates · hidden]; the value is every step's hidden state.
    Recurrent {
        input: NodeId,
        weight: ParameterId,
        recurrent: Recurrent,
    },
    /// A sequence's last step, [batch, 1, 1, values]: what a layer reading the whole sequence passes on to
    /// a classifier.
    LastStep {
        input: NodeId,
    },
}

impl Op {
    fn inputs(&self) -> Vec<NodeId> {
        match self {
            Op::Input => Vec::new(),
            Op::Conv { input, .. }
            | Op::ConvTranspose { input, .. }
            | Op::Dense { input, .. }
            | Op::Pool { input, .. }
            | Op::Dropout { input, .. }
            | Op::BatchNorm { input, .. }
            | Op::Upsample { input }
            | Op::Recurrent { input, .. }
            | Op::LastStep { input } => vec![*input],
            Op::Add { a, b, .. } => vec![*a, *b],
            // The switches are read, not differentiated: which tap is the maximum is piecewise constant.
            Op::Unpool { input, switches, .. } => vec![*input, *switches],
            Op::Concat { inputs } => inputs.clone(),
        }
    }

    /// The activation the op applies last (linear for the ops that have none).
    fn activation(&self) -> Activation {
        match *self {
            Op::Conv { activation, .. }
            | Op::ConvTranspose { activation, .. }
            | Op::Dense { activation, .. }
            | Op::Add { activation, .. }
            | Op::BatchNorm { activation, .. } => activation,
            _ => Activation::Linear,
        }
    }

    fn parameters(&self) -> Vec<ParameterId> {
        match self {
            Op::Conv { weight, bias, .. } | Op::ConvTranspose { weight, bias, .. } | Op::Dense { weight, bias, .. } => {
                std::iter::once(*weight).chain(*bias).collect()
            }
            Op::BatchNorm { gamma, beta, running_mean, running_variance, .. } => {
                vec![*gamma, *beta, *running_mean, *running_variance]
            }
            Op::Recurrent { weight, .. } => vec![*weight],
            _ => Vec::new(),
        }
    }
}

struct Node {
    name: String,
    op: Op,
    shape: Image,
}

/// A batch-norm node's buffers: the statistics it normalises with (the batch's, or the running averages
/// side by side), and room for the running update and the eval-mode backward.
struct NormState<Buffer> {
    statistics: Buffer,
    /// The batch's mean and variance split apart, and the next running value before it swaps in (the
    /// running averages' update).
    batch_mean: Buffer,
    batch_variance: Buffer,
    next: Buffer,
    /// Per value: x̂, then dy · x̂ (eval-mode backward), and dx when the input needs none.
    normalised: Buffer,
    product: Buffer,
    /// Per channel: dγ and dβ before they go to the parameters; ones and zeros for the eval backward.
    dgamma: Buffer,
    dbeta: Buffer,
    ones: Buffer,
    zeros: Buffer,
    /// The running statistics with a zero mean: γ / σ as a batch norm of dy.
    eval_statistics: Buffer,
}

/// A recurrent node's buffers: what its forward pass keeps for backward, and backward's dz and the
/// gradient reaching each step's state (`Backend::recurrent_backward`).
struct RecurrentState<Buffer> {
    memory: Buffer,
    dpre: Buffer,
    state: Buffer,
}

/// A last-step node's buffers: the earlier steps split off by the forward pass, and zeros for their
/// gradient.
struct EarlierSteps<Buffer> {
    values: Buffer,
    zeros: Buffer,
}

struct DropoutMask<Buffer> {
    values: Buffer,
    host: Vec<f32>,
    rng: Rng,
}

struct LossState<Buffer> {
    kind: Loss,
    node: NodeId,
    targets: Buffer,
    value: Buffer,
}

/// How backward passes a signal down through a rectifier (ReLU, leaky ReLU, ReLU6). The two rectified
/// rules are not gradients: they are the visualisation methods that differ from the gradient only there
/// (Springenberg et al. 2015, figure 1), so that everything else — max pools routing by the forward
/// pass's switches, convolutions by their transposed filters — is shared with the gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BackwardRule {
    /// dx = dy · f'(x): the gradient.
    #[default]
    Gradient,
    /// dx = max(dy, 0), whatever the forward pass let through: Zeiler and Fergus's deconvnet, whose
    /// "rectify" step is a ReLU on the signal coming down.
    Deconvnet,
    /// dx = max(dy · f'(x), 0): guided backpropagation, the gradient's mask and the deconvnet's together.
    Guided,
}

/// Where backward starts.
pub enum Seed<'a> {
    /// From the graph's loss, computed on the values of the last forward pass.
    Loss,
    /// From the graph's loss, its gradient scaled by `share`: this batch's part of a larger batch trained
    /// in sub-batches (its images over the whole batch's), so that the sub-batches' gradients, added up by
    /// `Graph::backward_adding`, are the whole batch's.
    LossShare(f32),
    /// ∂/∂(one value of a node): its gradient is 1 there and 0 elsewhere.
    Unit { node: NodeId, index: usize },
    /// A whole gradient for a node's value.
    Gradient { node: NodeId, values: &'a [f32] },
}

pub struct Graph<B: Backend> {
    batch: usize,
    nodes: Vec<Node>,
    /// How many nodes read each node's value.
    uses: Vec<usize>,
    /// Each node's buffer in `buffers` (every node its own, but in an inference graph).
    slots: Vec<usize>,
    /// Taken out (`None`) only while the node writing it runs.
    buffers: Vec<Option<B::Buffer>>,
    /// For an inference graph: the nodes whose values stay readable.
    kept: Option<Vec<NodeId>>,
    /// Training mode (dropout drops); an inference graph is never in it.
    training: bool,
    /// Per dropout node: its mask and the generator that draws it.
    masks: Vec<Option<DropoutMask<B::Buffer>>>,
    /// Per batch-norm node: its statistics and scratch.
    norms: Vec<Option<NormState<B::Buffer>>>,
    /// Per recurrent node: its memory and backward scratch.
    recurrents: Vec<Option<RecurrentState<B::Buffer>>>,
    /// Per last-step node with more than one step: the earlier steps.
    earlier_steps: Vec<Option<EarlierSteps<B::Buffer>>>,
    /// Whether a training-mode forward pass's batch statistics still have to move the running averages:
    /// the next backward pass does it, once, however many backward passes (unit seeds) follow.
    statistics_due: bool,
    loss: Option<LossState<B::Buffer>>,
    input_gradients: bool,
    gradients_kept: bool,
    rule: BackwardRule,
    backward: Option<Gradients<B::Buffer>>,
}

impl<B: Backend> Graph<B> {
    pub fn batch(&self) -> usize {
        self.batch
    }

    pub fn shape(&self, node: NodeId) -> Image {
        self.nodes[node.0].shape
    }

    pub fn name(&self, node: NodeId) -> &str {
        &self.nodes[node.0].name
    }

    pub fn find(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.name == name).map(NodeId)
    }

    /// The weight a node computes with (a convolution's, a transposed convolution's or a dense layer's).
    pub fn weight(&self, node: NodeId) -> Option<ParameterId> {
        match self.nodes[node.0].op {
            Op::Conv { weight, .. } | Op::ConvTranspose { weight, .. } | Op::Dense { weight, .. } => Some(weight),
            _ => None,
        }
    }

    /// Every node, in forward order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes.len()).map(NodeId)
    }

    /// Training mode, in which dropout drops (the default for `build`); outside it dropout passes values on.
    pub fn set_training(&mut self, training: bool) {
        assert!(self.kept.is_none() || !training, "an inference graph has no training mode");
        self.training = training;
    }

    /// Whether backward also computes the gradient of the graph's inputs (for saliency and adversarial
    /// examples), which it does even when every parameter is frozen.
    pub fn set_input_gradients(&mut self, wanted: bool) {
        self.input_gradients = wanted;
    }

    /// Whether `read_gradient` may read the gradient of every node a backward pass reaches. Unless set, a
    /// pool's backward also takes that of the activation beneath it, where the pool alone reads its
    /// value: the node's gradient before its activation is written, and its own is not (one pass over the
    /// gradient less per pool; `Backend::pool2d_backward`).
    pub fn keep_gradients(&mut self, kept: bool) {
        self.gradients_kept = kept;
    }

    /// How the following backward passes go through rectifiers (the gradient unless set).
    pub fn set_backward_rule(&mut self, rule: BackwardRule) {
        self.rule = rule;
    }

    pub fn write_input(&mut self, backend: &B, input: NodeId, data: &[f32]) {
        assert!(matches!(self.nodes[input.0].op, Op::Input), "{} is not an input", self.nodes[input.0].name);
        backend.write(self.buffers[self.slots[input.0]].as_mut().unwrap(), data);
    }

    /// The targets the loss compares with, the shape of its node's value.
    pub fn write_targets(&mut self, backend: &B, targets: &[f32]) {
        let loss = self.loss.as_mut().expect("the graph has no loss");
        backend.write(&mut loss.targets, targets);
    }

    /// A node's value from the last forward pass.
    pub fn value(&self, node: NodeId) -> &B::Buffer {
        if let Some(kept) = &self.kept {
            let readable = kept.contains(&node) || matches!(self.nodes[node.0].op, Op::Input);
            assert!(readable, "{}: an inference graph keeps only the values asked for", self.nodes[node.0].name);
        }
        self.buffers[self.slots[node.0]].as_ref().unwrap()
    }

    pub async fn read(&self, backend: &B, node: NodeId) -> Vec<f32> {
        backend.read(self.value(node)).await
    }

    /// What recurrent `node`'s last forward pass kept for backward (`Cell::memory`): per sequence and
    /// step, h; or the LSTM's four activated gates and c, blocks of `hidden` each.
    pub async fn read_memory(&self, backend: &B, node: NodeId) -> Vec<f32> {
        let state = self.recurrents[node.0].as_ref().expect("a recurrent node");
        backend.read(&state.memory).await
    }

    /// The bytes the nodes' values take: as laid out (a shared buffer counted once), and as they would
    /// with a buffer of their own each.
    pub fn value_bytes(&self, backend: &B) -> (usize, usize) {
        let shared = self.buffers.iter().flatten().map(|b| 4 * backend.len(b)).sum();
        (shared, self.nodes.iter().map(|n| 4 * n.shape.len()).sum())
    }

    /// The loss of the last backward pass from `Seed::Loss`.
    pub async fn read_loss(&self, backend: &B) -> f32 {
        backend.read(&self.loss.as_ref().expect("the graph has no loss").value).await[0]
    }

    /// Queues the forward pass.
    pub fn forward(&mut self, backend: &B, parameters: &Parameters<B>) {
        if self.training {
            self.draw_dropout_masks(backend);
        }
        // An eval-mode pass overwrites the batch statistics a pending update would read.
        self.statistics_due = self.training;
        for i in 0..self.nodes.len() {
            if matches!(self.nodes[i].op, Op::Input) {
                continue;
            }
            // Take this node's buffer out so that its inputs' buffers can be borrowed beside it.
            let mut out = self.buffers[self.slots[i]].take().expect("a node never reads its own buffer");
            let value = |node: &NodeId| self.buffers[self.slots[node.0]].as_ref().expect("an input is live");
            match &self.nodes[i].op {
                Op::Input => unreachable!("inputs are written, not computed"),
                Op::Conv { input, weight, bias, activation, conv } => {
                    let (weight, bias) = (parameters.value(*weight), bias.map(|bias| parameters.value(bias)));
                    backend.conv2d_bias_activation(value(input), weight, bias, &mut out, conv, *activation);
                }
                Op::ConvTranspose { input, weight, bias, activation, conv } => {
                    backend.conv2d_backward_input(value(input), parameters.value(*weight), &mut out, conv);
                    backend.bias_activation_of(&mut out, bias.map(|bias| parameters.value(bias)), *activation);
                }
                Op::Dense { input, weight, bias, activation, matmul } => {
                    // NHWC values are already the [batch, features] matrix a dense layer reads.
                    let (weight, bias) = (parameters.value(*weight), bias.map(|bias| parameters.value(bias)));
                    backend.matmul_bias_activation(value(input), weight, bias, &mut out, matmul, *activation);
                }
                Op::Pool { input, pool } => backend.pool2d(value(input), &mut out, pool),
                Op::Add { a, b, activation } => {
                    backend.add(value(a), value(b), &mut out);
                    backend.bias_activation_of(&mut out, None, *activation);
                }
                Op::Concat { inputs } => {
                    let parts: Vec<_> = inputs.iter().map(|n| (value(n), self.nodes[n.0].shape.channels)).collect();
                    backend.concat_channels(&parts, &mut out, self.nodes[i].shape.pixels());
                }
                Op::BatchNorm { input, gamma, beta, running_mean, running_variance, epsilon, activation, .. } => {
                    let norm = self.norms[i].as_mut().expect("a batch norm has its buffers");
                    if self.training {
                        backend.channel_moments(value(input), &mut norm.statistics);
                    } else {
                        let channels = self.nodes[i].shape.channels;
                        let running = [
                            (parameters.value(*running_mean), channels),
                            (parameters.value(*running_variance), channels),
                        ];
                        // One pixel of mean and variance side by side: the statistics' layout.
                        backend.concat_channels(&running, &mut norm.statistics, 1);
                    }
                    let (gamma, beta) = (parameters.value(*gamma), parameters.value(*beta));
                    backend.batch_norm(value(input), gamma, beta, &norm.statistics, &mut out, *epsilon);
                    if *activation != Activation::Linear {
                        backend.activate(&mut out, *activation);
                    }
                }
                Op::Unpool { input, switches, pool } => {
                    backend.pool2d_backward(value(switches), value(input), &mut out, pool, Activation::Linear)
                }
                Op::Dropout { input, .. } => match (self.training, &self.masks[i]) {
                    (true, Some(mask)) => backend.mul(value(input), &mask.values, &mut out),
                    _ => backend.scale(value(input), 1.0, &mut out),
                },
                Op::Upsample { input } => {
                    backend.upsample_nearest2x(value(input), &mut out, &self.nodes[input.0].shape)
                }
                Op::Recurrent { input, weight, recurrent } => {
                    let state = self.recurrents[i].as_mut().expect("a recurrent node has its buffers");
                    backend.recurrent_forward(
                        value(input),
                        parameters.value(*weight),
                        &mut out,
                        &mut state.memory,
                        recurrent,
                    );
                }
                Op::LastStep { input } => {
                    let sequence = self.nodes[input.0].shape;
                    match self.earlier_steps[i].as_mut() {
                        // [batch, steps · values] split into the earlier steps and the last.
                        Some(earlier) => {
                            let values = sequence.channels;
                            let mut parts = [(&mut earlier.values, (sequence.height - 1) * values), (&mut out, values)];
                            backend.split_channels(value(input), &mut parts, sequence.batch);
                        }
                        None => backend.scale(value(input), 1.0, &mut out),
                    }
                }
            }
            self.buffers[self.slots[i]] = Some(out);
        }
    }

    /// Each dropout node's mask for this pass, written before any op is queued: a write in the middle
    /// would split a WebGPU step into two submissions.
    fn draw_dropout_masks(&mut self, backend: &B) {
        for (node, mask) in self.nodes.iter().zip(&mut self.masks) {
            let (Op::Dropout { rate, .. }, Some(mask)) = (&node.op, mask) else { continue };
            let keep = 1.0 / (1.0 - rate);
            for m in &mut mask.host {
                *m = if mask.rng.uniform() < *rate { 0.0 } else { keep };
            }
            backend.write(&mut mask.values, &mask.host);
        }
    }
}
