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
//! one submission (the ops are queued, nothing is read until asked).

use super::parameters::{ParameterId, Parameters};
use crate::activation::Activation;
use crate::engine::ops::{Conv2d, Image, Matmul, Padding, Pool2d, PoolKind, Window};
use crate::engine::Backend;
use crate::rng::Rng;

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
    /// Batch normalisation: in training mode with the batch's statistics (and the running averages
    /// updated by each backward pass), otherwise with the running averages.
    BatchNorm {
        input: NodeId,
        gamma: ParameterId,
        beta: ParameterId,
        running_mean: ParameterId,
        running_variance: ParameterId,
        epsilon: f32,
        momentum: f32,
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
            | Op::Upsample { input } => vec![*input],
            Op::Add { a, b, .. } => vec![*a, *b],
            // The switches are read, not differentiated: which tap is the maximum is piecewise constant.
            Op::Unpool { input, switches, .. } => vec![*input, *switches],
            Op::Concat { inputs } => inputs.clone(),
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
            _ => Vec::new(),
        }
    }
}

struct Node {
    name: String,
    op: Op,
    shape: Image,
}

/// How a convolution slides: stride, padding, groups, and the activation after its bias.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConvOptions {
    pub stride: usize,
    pub padding: Padding,
    pub groups: usize,
    pub activation: Activation,
}

impl ConvOptions {
    /// Stride 1, SAME padding, one group.
    pub fn same(activation: Activation) -> Self {
        Self { stride: 1, padding: Padding::Same, groups: 1, activation }
    }
}

/// The loss a graph can be trained on, computed from one node's value and targets of the same shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Mean over rows of cross-entropy(softmax(logits), targets); the node holds logits.
    SoftmaxCrossEntropy,
    /// Mean of (value − target)².
    MeanSquaredError,
    /// Mean binary cross-entropy of sigmoid(value) with targets in [0, 1]; the node holds logits.
    SigmoidCrossEntropy,
}

/// Writes a network's forward description for one batch size.
pub struct GraphBuilder<'p, B: Backend> {
    parameters: &'p Parameters<B>,
    batch: usize,
    nodes: Vec<Node>,
    loss: Option<(Loss, NodeId)>,
}

impl<'p, B: Backend> GraphBuilder<'p, B> {
    pub fn new(parameters: &'p Parameters<B>, batch: usize) -> Self {
        assert!(batch > 0, "a graph needs a batch of at least one");
        Self { parameters, batch, nodes: Vec::new(), loss: None }
    }

    fn push(&mut self, name: &str, op: Op, shape: Image) -> NodeId {
        self.nodes.push(Node { name: name.to_owned(), op, shape });
        NodeId(self.nodes.len() - 1)
    }

    pub fn shape(&self, node: NodeId) -> Image {
        self.nodes[node.0].shape
    }

    fn parameter_shape(&self, id: ParameterId) -> &[usize] {
        &self.parameters.get(id).shape
    }

    fn check_bias(&self, bias: Option<ParameterId>, channels: usize) {
        if let Some(bias) = bias {
            assert_eq!(
                self.parameter_shape(bias),
                [channels],
                "{}: one bias per output",
                self.parameters.get(bias).name
            );
        }
    }

    /// An input of `height × width × channels` per example (a feature vector is 1 × 1 × features).
    pub fn input(&mut self, name: &str, height: usize, width: usize, channels: usize) -> NodeId {
        let shape = Image { batch: self.batch, height, width, channels };
        self.push(name, Op::Input, shape)
    }

    /// A convolution with the kernel size of `weight` ([kernel_h, kernel_w, in / groups, out]).
    pub fn conv(
        &mut self,
        name: &str,
        input: NodeId,
        weight: ParameterId,
        bias: Option<ParameterId>,
        options: ConvOptions,
    ) -> NodeId {
        let x = self.shape(input);
        let &[kernel_h, kernel_w, in_per_group, out_channels] = self.parameter_shape(weight) else {
            panic!("{name}: a convolution's weight is [kernel_h, kernel_w, in / groups, out]");
        };
        let ConvOptions { stride, padding, groups, activation } = options;
        assert_eq!(in_per_group * groups, x.channels, "{name}: the weight's input channels");
        self.check_bias(bias, out_channels);
        let window = Window::new(x.batch, x.height, x.width, (kernel_h, kernel_w), stride, padding);
        let conv = Conv2d { window, in_channels: x.channels, out_channels, groups };
        conv.validate();
        let out = window.output();
        let shape = Image { height: out.height, width: out.width, channels: out_channels, ..x };
        self.push(name, Op::Conv { input, weight, bias, activation, conv }, shape)
    }

    /// A transposed convolution to `height × width`: the input gradient of the convolution (with the same
    /// options) from that size down to the input's, so `weight` is that convolution's,
    /// [kernel_h, kernel_w, out / groups, in]. It upsamples by the stride (a decoder's, a deconvnet's).
    pub fn conv_transpose(
        &mut self,
        name: &str,
        input: NodeId,
        weight: ParameterId,
        bias: Option<ParameterId>,
        (height, width): (usize, usize),
        options: ConvOptions,
    ) -> NodeId {
        let x = self.shape(input);
        let &[kernel_h, kernel_w, out_per_group, in_channels] = self.parameter_shape(weight) else {
            panic!("{name}: a transposed convolution's weight is [kernel_h, kernel_w, out / groups, in]");
        };
        let ConvOptions { stride, padding, groups, activation } = options;
        assert_eq!(in_channels, x.channels, "{name}: the weight's input channels");
        let out_channels = out_per_group * groups;
        self.check_bias(bias, out_channels);
        let window = Window::new(x.batch, height, width, (kernel_h, kernel_w), stride, padding);
        let conv = Conv2d { window, in_channels: out_channels, out_channels: in_channels, groups };
        conv.validate();
        let reached = window.output();
        assert_eq!(
            (reached.height, reached.width),
            (x.height, x.width),
            "{name}: a convolution of {height}×{width} with these options gives {}×{}, not the input's {}×{}",
            reached.height,
            reached.width,
            x.height,
            x.width
        );
        let shape = Image { height, width, channels: out_channels, ..x };
        self.push(name, Op::ConvTranspose { input, weight, bias, activation, conv }, shape)
    }

    /// A dense layer: `weight` is [features in, features out].
    pub fn dense(
        &mut self,
        name: &str,
        input: NodeId,
        weight: ParameterId,
        bias: Option<ParameterId>,
        activation: Activation,
    ) -> NodeId {
        let x = self.shape(input);
        let &[inputs, outputs] = self.parameter_shape(weight) else {
            panic!("{name}: a dense layer's weight is [inputs, outputs]");
        };
        assert_eq!(inputs, x.len() / x.batch, "{name}: the weight's inputs");
        self.check_bias(bias, outputs);
        let matmul = Matmul::new(x.batch, outputs, inputs);
        let shape = Image { batch: x.batch, height: 1, width: 1, channels: outputs };
        self.push(name, Op::Dense { input, weight, bias, activation, matmul }, shape)
    }

    pub fn pool(
        &mut self,
        name: &str,
        input: NodeId,
        kind: PoolKind,
        size: usize,
        stride: usize,
        padding: Padding,
    ) -> NodeId {
        let x = self.shape(input);
        let window = Window::new(x.batch, x.height, x.width, (size, size), stride, padding);
        let pool = Pool2d { window, channels: x.channels, kind };
        let out = window.output();
        let shape = Image { height: out.height, width: out.width, ..x };
        self.push(name, Op::Pool { input, pool }, shape)
    }

    pub fn add(&mut self, name: &str, a: NodeId, b: NodeId, activation: Activation) -> NodeId {
        let shape = self.shape(a);
        assert_eq!(shape, self.shape(b), "{name}: a sum of two different shapes");
        self.push(name, Op::Add { a, b, activation }, shape)
    }

    pub fn concat(&mut self, name: &str, inputs: &[NodeId]) -> NodeId {
        let first = self.shape(inputs[0]);
        let mut channels = 0;
        for &input in inputs {
            let shape = self.shape(input);
            assert_eq!(shape.pixels(), first.pixels(), "{name}: parts of different sizes");
            channels += shape.channels;
        }
        self.push(name, Op::Concat { inputs: inputs.to_vec() }, Image { channels, ..first })
    }

    /// Batch normalisation over the input's channels (PyTorch's defaults: ε = 10⁻⁵, momentum 0.1):
    /// `gamma`, `beta` and the running statistics have one value per channel.
    pub fn batch_norm(&mut self, name: &str, input: NodeId, parameters: [ParameterId; 4]) -> NodeId {
        let [gamma, beta, running_mean, running_variance] = parameters;
        let shape = self.shape(input);
        for id in parameters {
            assert_eq!(self.parameter_shape(id), [shape.channels], "{name}: one value per channel");
        }
        let op = Op::BatchNorm { input, gamma, beta, running_mean, running_variance, epsilon: 1e-5, momentum: 0.1 };
        self.push(name, op, shape)
    }

    /// Dropout of `rate` (0 ≤ rate < 1) in training mode, its masks drawn from `seed`.
    pub fn dropout(&mut self, name: &str, input: NodeId, rate: f32, seed: u64) -> NodeId {
        assert!((0.0..1.0).contains(&rate), "{name}: a dropout rate of {rate} (0 ≤ rate < 1)");
        let shape = self.shape(input);
        self.push(name, Op::Dropout { input, rate, seed }, shape)
    }

    /// Max unpooling of `input` through the max pool node `pool`: the output has the pool's input shape,
    /// and each value of `input` lands where that pool found its window's maximum.
    pub fn max_unpool(&mut self, name: &str, input: NodeId, pool: NodeId) -> NodeId {
        let Op::Pool { input: switches, pool: op } = self.nodes[pool.0].op.clone() else {
            panic!("{name}: unpools through a pool node");
        };
        assert_eq!(op.kind, PoolKind::Max, "{name}: unpooling needs a max pool's switches");
        assert_eq!(self.shape(input), self.shape(pool), "{name}: the input has the pool's output shape");
        let shape = self.shape(switches);
        self.push(name, Op::Unpool { input, switches, pool: op }, shape)
    }

    pub fn upsample(&mut self, name: &str, input: NodeId) -> NodeId {
        let shape = self.shape(input).doubled();
        self.push(name, Op::Upsample { input }, shape)
    }

    /// Makes `node` the graph's loss, against targets the shape of its value.
    pub fn loss(&mut self, loss: Loss, node: NodeId) {
        self.loss = Some((loss, node));
    }

    /// A graph for training and for looking inside: every node's value has a buffer of its own, kept
    /// until the next forward pass.
    pub fn build(self, backend: &B) -> Graph<B> {
        let slots = (0..self.nodes.len()).collect();
        self.build_with(backend, slots)
    }

    /// A graph for inference only: a node's buffer is handed on to a later node of the same size once
    /// every reader of its value has run, so only the inputs and the `kept` nodes can be read afterwards
    /// (and there is no backward pass).
    pub fn build_for_inference(self, backend: &B, kept: &[NodeId]) -> Graph<B> {
        let mut last_use: Vec<usize> = (0..self.nodes.len()).collect();
        for (i, node) in self.nodes.iter().enumerate() {
            node.op.inputs().iter().for_each(|input| last_use[input.0] = i);
        }
        for (i, node) in self.nodes.iter().enumerate() {
            if matches!(node.op, Op::Input) || kept.iter().any(|k| k.0 == i) {
                last_use[i] = usize::MAX;
            }
        }
        // Free buffers by length: every op writes exactly its output's length.
        let mut lengths: Vec<usize> = Vec::new();
        let mut free: Vec<usize> = Vec::new();
        let mut slots = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            let len = node.shape.len();
            let slot = match free.iter().position(|&s| lengths[s] == len) {
                Some(position) => free.swap_remove(position),
                None => {
                    lengths.push(len);
                    lengths.len() - 1
                }
            };
            slots.push(slot);
            // The node's inputs are read by now; the output itself lives at least until its first reader.
            for input in node.op.inputs() {
                if last_use[input.0] == i && !free.contains(&slots[input.0]) {
                    free.push(slots[input.0]);
                }
            }
            if last_use[i] == i {
                free.push(slot);
            }
        }
        let mut graph = self.build_with(backend, slots);
        graph.kept = Some(kept.to_vec());
        graph.training = false;
        graph
    }

    fn build_with(self, backend: &B, slots: Vec<usize>) -> Graph<B> {
        let count = slots.iter().max().map_or(0, |&m| m + 1);
        let mut lengths = vec![0; count];
        for (node, &slot) in self.nodes.iter().zip(&slots) {
            lengths[slot] = node.shape.len();
        }
        let buffers = lengths.iter().map(|&len| Some(backend.zeros(len))).collect();
        let mut uses = vec![0; self.nodes.len()];
        for node in &self.nodes {
            node.op.inputs().iter().for_each(|input| uses[input.0] += 1);
        }
        let loss = self.loss.map(|(kind, node)| LossState {
            kind,
            node,
            targets: backend.zeros(self.nodes[node.0].shape.len()),
            value: backend.zeros(1),
        });
        let norms = self
            .nodes
            .iter()
            .map(|n| {
                let (len, channels) = (n.shape.len(), n.shape.channels);
                matches!(n.op, Op::BatchNorm { .. }).then(|| NormState {
                    statistics: backend.zeros(2 * channels),
                    batch_mean: backend.zeros(channels),
                    batch_variance: backend.zeros(channels),
                    next: backend.zeros(channels),
                    normalised: backend.zeros(len),
                    product: backend.zeros(len),
                    dgamma: backend.zeros(channels),
                    dbeta: backend.zeros(channels),
                    ones: backend.upload(&vec![1.0; channels]),
                    zeros: backend.zeros(channels),
                    eval_statistics: backend.zeros(2 * channels),
                })
            })
            .collect();
        let masks = self
            .nodes
            .iter()
            .map(|n| match n.op {
                Op::Dropout { seed, .. } => Some(DropoutMask {
                    values: backend.zeros(n.shape.len()),
                    host: vec![0.0; n.shape.len()],
                    rng: Rng::new(seed),
                }),
                _ => None,
            })
            .collect();
        Graph {
            batch: self.batch,
            nodes: self.nodes,
            uses,
            slots,
            buffers,
            kept: None,
            training: true,
            masks,
            norms,
            loss,
            input_gradients: false,
            backward: None,
        }
    }
}

/// A batch-norm node's buffers: the statistics it normalises with (the batch's, or the running averages
/// side by side), and room for the running update and the eval-mode backward.
struct NormState<Buffer> {
    statistics: Buffer,
    /// The batch's mean and variance split apart, and the next running value before it swaps in.
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

/// Where backward starts.
pub enum Seed<'a> {
    /// From the graph's loss, computed on the values of the last forward pass.
    Loss,
    /// ∂/∂(one value of a node): its gradient is 1 there and 0 elsewhere.
    Unit { node: NodeId, index: usize },
    /// A whole gradient for a node's value.
    Gradient { node: NodeId, values: &'a [f32] },
}

/// The gradient buffers, made on the first backward pass.
struct Gradients<Buffer> {
    /// ∂(seed)/∂(each node's value).
    nodes: Vec<Buffer>,
    /// Per node: has this backward pass written its gradient yet? Later contributions are added to it.
    written: Vec<bool>,
    /// For values used more than once: a second contribution is written here, then summed into place.
    extra: Vec<Option<(Buffer, Buffer)>>,
    /// Per conv or dense node with an activation: the gradient before it.
    pre_activation: Vec<Option<Buffer>>,
    /// Per parameter used more than once in this graph, as `extra`.
    parameter_extra: Vec<Option<(Buffer, Buffer)>>,
    /// Per concat node: one buffer per part, its gradient split along channels.
    concat_parts: Vec<Option<Vec<Buffer>>>,
    /// The seed's gradient, for `Seed::Unit`.
    unit: Vec<f32>,
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
    loss: Option<LossState<B::Buffer>>,
    input_gradients: bool,
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

    /// The bytes the nodes' values take: as laid out (a shared buffer counted once), and as they would
    /// with a buffer of their own each.
    pub fn value_bytes(&self, backend: &B) -> (usize, usize) {
        let shared = self.buffers.iter().flatten().map(|b| 4 * backend.len(b)).sum();
        (shared, self.nodes.iter().map(|n| 4 * n.shape.len()).sum())
    }

    /// A node's gradient from the last backward pass, if that pass reached it.
    pub async fn read_gradient(&self, backend: &B, node: NodeId) -> Option<Vec<f32>> {
        let gradients = self.backward.as_ref()?;
        match gradients.written[node.0] {
            true => Some(backend.read(&gradients.nodes[node.0]).await),
            false => None,
        }
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
                    backend.conv2d(value(input), parameters.value(*weight), &mut out, conv);
                    Self::bias_activation(backend, parameters, &mut out, *bias, *activation);
                }
                Op::ConvTranspose { input, weight, bias, activation, conv } => {
                    backend.conv2d_backward_input(value(input), parameters.value(*weight), &mut out, conv);
                    Self::bias_activation(backend, parameters, &mut out, *bias, *activation);
                }
                Op::Dense { input, weight, bias, activation, matmul } => {
                    // NHWC values are already the [batch, features] matrix a dense layer reads.
                    backend.matmul(value(input), parameters.value(*weight), &mut out, matmul);
                    Self::bias_activation(backend, parameters, &mut out, *bias, *activation);
                }
                Op::Pool { input, pool } => backend.pool2d(value(input), &mut out, pool),
                Op::Add { a, b, activation } => {
                    backend.add(value(a), value(b), &mut out);
                    if *activation != Activation::Linear {
                        backend.activate(&mut out, *activation);
                    }
                }
                Op::Concat { inputs } => {
                    let parts: Vec<_> = inputs.iter().map(|n| (value(n), self.nodes[n.0].shape.channels)).collect();
                    backend.concat_channels(&parts, &mut out, self.nodes[i].shape.pixels());
                }
                Op::BatchNorm { input, gamma, beta, running_mean, running_variance, epsilon, .. } => {
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
                }
                Op::Unpool { input, switches, pool } => {
                    backend.pool2d_backward(value(switches), value(input), &mut out, pool)
                }
                Op::Dropout { input, .. } => match (self.training, &self.masks[i]) {
                    (true, Some(mask)) => backend.mul(value(input), &mask.values, &mut out),
                    _ => backend.scale(value(input), 1.0, &mut out),
                },
                Op::Upsample { input } => {
                    backend.upsample_nearest2x(value(input), &mut out, &self.nodes[input.0].shape)
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

    fn bias_activation(
        backend: &B,
        parameters: &Parameters<B>,
        out: &mut B::Buffer,
        bias: Option<ParameterId>,
        activation: Activation,
    ) {
        match bias {
            Some(bias) => backend.bias_activation(out, parameters.value(bias), activation),
            None if activation != Activation::Linear => backend.activate(out, activation),
            None => {}
        }
    }

    /// Moves each batch norm's running averages towards the statistics of the last forward pass's batch
    /// (the variance unbiased, as PyTorch keeps it).
    fn update_running_statistics(&mut self, backend: &B, parameters: &mut Parameters<B>) {
        for (node, norm) in self.nodes.iter().zip(&mut self.norms) {
            let (Op::BatchNorm { running_mean, running_variance, momentum, .. }, Some(norm)) = (&node.op, norm) else {
                continue;
            };
            let channels = node.shape.channels;
            let count = (node.shape.len() / channels) as f32;
            let mut parts = [(&mut norm.batch_mean, channels), (&mut norm.batch_variance, channels)];
            backend.split_channels(&norm.statistics, &mut parts, 1);
            let unbiased = count / (count - 1.0).max(1.0);
            for (id, batch, factor) in
                [(running_mean, &norm.batch_mean, 1.0), (running_variance, &norm.batch_variance, unbiased)]
            {
                let running = &mut parameters.entries_mut()[id.0].value;
                backend.axpby(1.0 - momentum, running, momentum * factor, batch, &mut norm.next);
                std::mem::swap(running, &mut norm.next);
            }
        }
    }

    /// Which nodes need a gradient: those with a trainable parameter, the inputs when their gradients are
    /// wanted, and every node that reads one of those.
    fn needs_gradient(&self, parameters: &Parameters<B>) -> Vec<bool> {
        let mut needs = vec![false; self.nodes.len()];
        for (i, node) in self.nodes.iter().enumerate() {
            needs[i] = match node.op {
                Op::Input => self.input_gradients,
                ref op => {
                    op.parameters().iter().any(|p| parameters.get(*p).trainable)
                        || op.inputs().iter().any(|input| needs[input.0])
                }
            };
        }
        needs
    }

    fn make_gradients(&self, backend: &B, parameters: &Parameters<B>) -> Gradients<B::Buffer> {
        let zeros = |len| backend.zeros(len);
        let mut parameter_uses = vec![0; parameters.len()];
        for node in &self.nodes {
            node.op.parameters().iter().for_each(|p| parameter_uses[p.0] += 1);
        }
        Gradients {
            nodes: self.nodes.iter().map(|n| zeros(n.shape.len())).collect(),
            written: vec![false; self.nodes.len()],
            extra: self
                .nodes
                .iter()
                .zip(&self.uses)
                .map(|(n, &uses)| (uses > 1).then(|| (zeros(n.shape.len()), zeros(n.shape.len()))))
                .collect(),
            pre_activation: self
                .nodes
                .iter()
                .map(|n| match n.op {
                    Op::Conv { activation, .. }
                    | Op::ConvTranspose { activation, .. }
                    | Op::Dense { activation, .. }
                    | Op::Add { activation, .. }
                        if activation != Activation::Linear =>
                    {
                        Some(zeros(n.shape.len()))
                    }
                    _ => None,
                })
                .collect(),
            parameter_extra: parameters
                .iter()
                .map(|(id, p)| (parameter_uses[id.0] > 1).then(|| (zeros(p.len()), zeros(p.len()))))
                .collect(),
            concat_parts: self
                .nodes
                .iter()
                .map(|n| match &n.op {
                    Op::Concat { inputs } => Some(inputs.iter().map(|p| zeros(self.nodes[p.0].shape.len())).collect()),
                    _ => None,
                })
                .collect(),
            unit: Vec::new(),
        }
    }

    /// Queues the backward pass from `seed` down to the lowest node that needs a gradient, writing the
    /// gradients of every trainable parameter it reaches (for `Parameters::step`) and of every node on
    /// the way (for `read_gradient`). `Seed::Loss` computes the loss first, from the last forward pass.
    pub fn backward(&mut self, backend: &B, parameters: &mut Parameters<B>, seed: Seed) {
        assert!(self.kept.is_none(), "an inference graph has no backward pass");
        if self.backward.is_none() || self.backward.as_ref().unwrap().parameter_extra.len() != parameters.len() {
            self.backward = Some(self.make_gradients(backend, parameters));
        }
        let needs = self.needs_gradient(parameters);
        if self.training {
            self.update_running_statistics(backend, parameters);
        }
        let gradients = self.backward.as_mut().unwrap();
        gradients.written.fill(false);
        parameters.entries_mut().iter_mut().for_each(|p| p.fresh = false);

        let start = match seed {
            Seed::Loss => {
                let loss = self.loss.as_mut().expect("the graph has no loss");
                let logits = self.buffers[self.slots[loss.node.0]].as_ref().unwrap();
                let grad = &mut gradients.nodes[loss.node.0];
                match loss.kind {
                    Loss::SoftmaxCrossEntropy => {
                        let classes = self.nodes[loss.node.0].shape.channels;
                        backend.softmax_cross_entropy(logits, &loss.targets, grad, &mut loss.value, classes)
                    }
                    Loss::MeanSquaredError => backend.mean_squared_error(logits, &loss.targets, grad, &mut loss.value),
                    Loss::SigmoidCrossEntropy => {
                        backend.sigmoid_cross_entropy(logits, &loss.targets, grad, &mut loss.value)
                    }
                }
                loss.node
            }
            Seed::Unit { node, index } => {
                let len = self.nodes[node.0].shape.len();
                assert!(index < len, "{}: unit {index} of {len}", self.nodes[node.0].name);
                gradients.unit.clear();
                gradients.unit.resize(len, 0.0);
                gradients.unit[index] = 1.0;
                backend.write(&mut gradients.nodes[node.0], &gradients.unit);
                node
            }
            Seed::Gradient { node, values } => {
                backend.write(&mut gradients.nodes[node.0], values);
                node
            }
        };
        gradients.written[start.0] = true;

        for i in (0..=start.0).rev() {
            if !needs[i] || !gradients.written[i] {
                continue;
            }
            let (lower, upper) = gradients.nodes.split_at_mut(i);
            let dy = &upper[0];
            let mut sink =
                Sink { backend, nodes: lower, written: &mut gradients.written[..i], extra: &mut gradients.extra[..i] };
            let x = |node: &NodeId| self.buffers[self.slots[node.0]].as_ref().unwrap();
            match &self.nodes[i].op {
                Op::Input => {}
                Op::Conv { input, weight, bias, activation, conv } => {
                    let layer = Weighted { input: *input, weight: *weight, bias: *bias, activation: *activation };
                    let y = x(&NodeId(i));
                    layer.backward(
                        backend,
                        parameters,
                        (&mut gradients.pre_activation[i], &mut gradients.parameter_extra),
                        &mut sink,
                        (y, dy),
                        &needs,
                        |dz, dw| backend.conv2d_backward_filter(x(input), dz, dw, conv),
                        |dz, w, dx| backend.conv2d_backward_input(dz, w, dx, conv),
                    );
                }
                Op::ConvTranspose { input, weight, bias, activation, conv } => {
                    // y = conv⊤(x; w), so Σ dy·y = Σ conv(dy; w)·x: dx = conv(dz; w), and dw is the filter
                    // gradient of that convolution with x in the place of its output gradient.
                    let layer = Weighted { input: *input, weight: *weight, bias: *bias, activation: *activation };
                    let y = x(&NodeId(i));
                    layer.backward(
                        backend,
                        parameters,
                        (&mut gradients.pre_activation[i], &mut gradients.parameter_extra),
                        &mut sink,
                        (y, dy),
                        &needs,
                        |dz, dw| backend.conv2d_backward_filter(dz, x(input), dw, conv),
                        |dz, w, dx| backend.conv2d(dz, w, dx, conv),
                    );
                }
                Op::Dense { input, weight, bias, activation, matmul: op } => {
                    // For Z = X·W: dW = Xᵀ·dZ, dX = dZ·Wᵀ.
                    let weight_grad = Matmul { m: op.k, n: op.n, k: op.m, transpose_a: true, transpose_b: false };
                    let input_grad = Matmul { m: op.m, n: op.k, k: op.n, transpose_a: false, transpose_b: true };
                    let layer = Weighted { input: *input, weight: *weight, bias: *bias, activation: *activation };
                    let y = x(&NodeId(i));
                    layer.backward(
                        backend,
                        parameters,
                        (&mut gradients.pre_activation[i], &mut gradients.parameter_extra),
                        &mut sink,
                        (y, dy),
                        &needs,
                        |dz, dw| backend.matmul(x(input), dz, dw, &weight_grad),
                        |dz, w, dx| backend.matmul(dz, w, dx, &input_grad),
                    );
                }
                Op::Pool { input, pool } => {
                    if needs[input.0] {
                        sink.write(*input, |dx| backend.pool2d_backward(x(input), dy, dx, pool));
                    }
                }
                Op::Add { a, b, activation } => {
                    let dz =
                        through_activation(backend, x(&NodeId(i)), dy, &mut gradients.pre_activation[i], *activation);
                    for input in [a, b] {
                        if needs[input.0] {
                            sink.write(*input, |dx| backend.scale(dz, 1.0, dx));
                        }
                    }
                }
                Op::Concat { inputs } => {
                    // Split into buffers of the concat's own, then hand each part down: a part may go to
                    // a node that already has a gradient, or the same node may be two parts.
                    let parts = gradients.concat_parts[i].as_mut().expect("a concat has part buffers");
                    let mut split: Vec<_> =
                        parts.iter_mut().zip(inputs).map(|(part, n)| (part, self.nodes[n.0].shape.channels)).collect();
                    backend.split_channels(dy, &mut split, self.nodes[i].shape.pixels());
                    for (part, input) in parts.iter().zip(inputs) {
                        if needs[input.0] {
                            sink.write(*input, |dx| backend.scale(part, 1.0, dx));
                        }
                    }
                }
                Op::BatchNorm { input, gamma, beta, epsilon, .. } => {
                    let norm = self.norms[i].as_mut().expect("a batch norm has its buffers");
                    let gamma_value = parameters.value(*gamma);
                    if self.training {
                        // dx, dγ and dβ come from one op: dx into the input's gradient, or into scratch.
                        let NormState { statistics, dgamma, dbeta, normalised, .. } = norm;
                        let mut op = |dx: &mut B::Buffer| {
                            backend.batch_norm_backward(
                                x(input),
                                dy,
                                gamma_value,
                                statistics,
                                dx,
                                dgamma,
                                dbeta,
                                *epsilon,
                            )
                        };
                        if needs[input.0] {
                            sink.write(*input, op);
                        } else {
                            op(normalised);
                        }
                        let extra = &mut gradients.parameter_extra;
                        parameter_gradient(backend, parameters, extra, *gamma, |g| backend.scale(&norm.dgamma, 1.0, g));
                        parameter_gradient(backend, parameters, extra, *beta, |g| backend.scale(&norm.dbeta, 1.0, g));
                    } else {
                        // An affine map per channel: dγ = Σ dy · x̂, dβ = Σ dy, dx = dy · γ / σ, the last a
                        // batch norm of dy with a zero mean and the running variance.
                        if needs[input.0] {
                            let channels = self.nodes[i].shape.channels;
                            let mut parts = [(&mut norm.batch_mean, channels), (&mut norm.batch_variance, channels)];
                            backend.split_channels(&norm.statistics, &mut parts, 1);
                            let zero_mean = [(&norm.zeros, channels), (&norm.batch_variance, channels)];
                            backend.concat_channels(&zero_mean, &mut norm.eval_statistics, 1);
                            let (zeros, eval_statistics) = (&norm.zeros, &norm.eval_statistics);
                            sink.write(*input, |dx| {
                                backend.batch_norm(dy, gamma_value, zeros, eval_statistics, dx, *epsilon)
                            });
                        }
                        let (ones, zeros) = (&norm.ones, &norm.zeros);
                        backend.batch_norm(x(input), ones, zeros, &norm.statistics, &mut norm.normalised, *epsilon);
                        backend.mul(dy, &norm.normalised, &mut norm.product);
                        let extra = &mut gradients.parameter_extra;
                        parameter_gradient(backend, parameters, extra, *gamma, |g| {
                            backend.bias_backward(&norm.product, g)
                        });
                        parameter_gradient(backend, parameters, extra, *beta, |g| backend.bias_backward(dy, g));
                    }
                }
                Op::Unpool { input, switches, pool } => {
                    if needs[input.0] {
                        sink.write(*input, |dx| backend.max_pool_gather(x(switches), dy, dx, pool));
                    }
                }
                Op::Dropout { input, .. } => {
                    if needs[input.0] {
                        match (self.training, self.masks[i].as_ref()) {
                            (true, Some(mask)) => sink.write(*input, |dx| backend.mul(dy, &mask.values, dx)),
                            _ => sink.write(*input, |dx| backend.scale(dy, 1.0, dx)),
                        }
                    }
                }
                Op::Upsample { input } => {
                    if needs[input.0] {
                        let shape = self.nodes[input.0].shape;
                        sink.write(*input, |dx| backend.upsample_nearest2x_backward(dy, dx, &shape));
                    }
                }
            }
        }
    }
}

/// A node y = activation(linear(x; w) + b): a convolution, a transposed one, a dense layer.
struct Weighted {
    input: NodeId,
    weight: ParameterId,
    bias: Option<ParameterId>,
    activation: Activation,
}

type ExtraBuffers<Buffer> = [Option<(Buffer, Buffer)>];

impl Weighted {
    /// Back through the activation, then the bias's gradient, the weight's (`weight_grad(dz, dw)`) and,
    /// when the input needs one, the input's (`input_grad(dz, w, dx)`).
    #[allow(clippy::too_many_arguments)]
    fn backward<B: Backend>(
        &self,
        backend: &B,
        parameters: &mut Parameters<B>,
        (pre_activation, parameter_extra): (&mut Option<B::Buffer>, &mut ExtraBuffers<B::Buffer>),
        sink: &mut Sink<B>,
        (y, dy): (&B::Buffer, &B::Buffer),
        needs: &[bool],
        weight_grad: impl FnOnce(&B::Buffer, &mut B::Buffer),
        input_grad: impl FnOnce(&B::Buffer, &B::Buffer, &mut B::Buffer),
    ) {
        let dz = through_activation(backend, y, dy, pre_activation, self.activation);
        if let Some(bias) = self.bias {
            parameter_gradient(backend, parameters, parameter_extra, bias, |db| backend.bias_backward(dz, db));
        }
        parameter_gradient(backend, parameters, parameter_extra, self.weight, |dw| weight_grad(dz, dw));
        if needs[self.input.0] {
            let w = parameters.value(self.weight);
            sink.write(self.input, |dx| input_grad(dz, w, dx));
        }
    }
}

/// The gradient before a conv's or dense layer's activation: `dy` itself when it is linear.
fn through_activation<'b, B: Backend>(
    backend: &B,
    y: &B::Buffer,
    dy: &'b B::Buffer,
    scratch: &'b mut Option<B::Buffer>,
    activation: Activation,
) -> &'b B::Buffer {
    match scratch {
        Some(dz) => {
            backend.activation_backward(y, dy, dz, activation);
            dz
        }
        None => dy,
    }
}

/// Where backward writes the gradients of the nodes below the current one: the first contribution to a
/// node goes straight into its gradient buffer, later ones into its extra buffer and are then summed in.
struct Sink<'g, B: Backend> {
    backend: &'g B,
    nodes: &'g mut [B::Buffer],
    written: &'g mut [bool],
    extra: &'g mut [Option<(B::Buffer, B::Buffer)>],
}

impl<B: Backend> Sink<'_, B> {
    fn write(&mut self, node: NodeId, op: impl FnOnce(&mut B::Buffer)) {
        let i = node.0;
        if !self.written[i] {
            op(&mut self.nodes[i]);
            self.written[i] = true;
            return;
        }
        let (contribution, sum) = self.extra[i].as_mut().expect("a value used more than once has an extra buffer");
        op(contribution);
        self.backend.add(&self.nodes[i], contribution, sum);
        std::mem::swap(&mut self.nodes[i], sum);
    }
}

/// Writes a parameter's gradient with `op` if it is trainable, summing when this backward pass has
/// already written it (a weight used twice).
fn parameter_gradient<B: Backend>(
    backend: &B,
    parameters: &mut Parameters<B>,
    extra: &mut [Option<(B::Buffer, B::Buffer)>],
    id: ParameterId,
    op: impl FnOnce(&mut B::Buffer),
) {
    let parameter = &mut parameters.entries_mut()[id.0];
    if !parameter.trainable {
        return;
    }
    let len = parameter.len();
    let grad = parameter.grad.get_or_insert_with(|| backend.zeros(len));
    if !parameter.fresh {
        op(grad);
        parameter.fresh = true;
        return;
    }
    let (contribution, sum) = extra[id.0].as_mut().expect("a weight used more than once has an extra buffer");
    op(contribution);
    backend.add(grad, contribution, sum);
    std::mem::swap(grad, sum);
}
