//! `GraphBuilder`: a network's forward description for one batch size, checked as it is written, and
//! the buffers it gets when built — one per node, or shared by liveness for inference.

use super::{BackwardRule, DropoutMask, EarlierSteps, Graph, LossState, Node, NodeId, NormState, Op, RecurrentState};
use crate::activation::Activation;
use crate::engine::ops::{Cell, Conv2d, Image, Matmul, Padding, Pool2d, PoolKind, Recurrent, Window};
use crate::engine::Backend;
use crate::nn::parameters::{ParameterId, Parameters};
use crate::rng::Rng;

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

    /// Batch normalisation over the input's channels (PyTorch's defaults: ε = 10⁻⁵, momentum 0.1), then
    /// `activation`: `gamma`, `beta` and the running statistics have one value per channel.
    pub fn batch_norm(
        &mut self,
        name: &str,
        input: NodeId,
        parameters: [ParameterId; 4],
        activation: Activation,
    ) -> NodeId {
        let [gamma, beta, running_mean, running_variance] = parameters;
        let shape = self.shape(input);
        for id in parameters {
            assert_eq!(self.parameter_shape(id), [shape.channels], "{name}: one value per channel");
        }
        let (epsilon, momentum) = (1e-5, 0.1);
        let op = Op::BatchNorm { input, gamma, beta, running_mean, running_variance, epsilon, momentum, activation };
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

    /// A recurrent layer of `cell`s over `input`, a sequence [batch, steps, 1, gates · hidden] of
    /// pre-activations; `weight` is [hidden, gates · hidden]. Its value is every step's hidden state.
    pub fn recurrent(&mut self, name: &str, input: NodeId, weight: ParameterId, cell: Cell) -> NodeId {
        let x = self.shape(input);
        let &[hidden, width] = self.parameter_shape(weight) else {
            panic!("{name}: a recurrent weight is [hidden, gates · hidden]");
        };
        assert_eq!(width, cell.gates() * hidden, "{name}: the weight's columns are {} gates of {hidden}", cell.gates());
        assert_eq!((x.width, x.channels), (1, width), "{name}: the input is [batch, steps, 1, {width}]");
        let recurrent = Recurrent { cell, batch: x.batch, steps: x.height, hidden };
        self.push(name, Op::Recurrent { input, weight, recurrent }, Image { channels: hidden, ..x })
    }

    /// The last step of `input`, a sequence [batch, steps, 1, values].
    pub fn last_step(&mut self, name: &str, input: NodeId) -> NodeId {
        let x = self.shape(input);
        assert_eq!(x.width, 1, "{name}: a sequence is [batch, steps, 1, values]");
        self.push(name, Op::LastStep { input }, Image { height: 1, ..x })
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
        let recurrents = self
            .nodes
            .iter()
            .map(|n| match n.op {
                Op::Recurrent { recurrent, .. } => Some(RecurrentState {
                    memory: backend.zeros(recurrent.memory_len()),
                    dpre: backend.zeros(recurrent.pre_len()),
                    state: backend.zeros(recurrent.state_len()),
                }),
                _ => None,
            })
            .collect();
        let earlier_steps = self
            .nodes
            .iter()
            .map(|n| match n.op {
                Op::LastStep { input } => {
                    let sequence = self.nodes[input.0].shape;
                    let len = sequence.len() - n.shape.len();
                    (len > 0).then(|| EarlierSteps { values: backend.zeros(len), zeros: backend.zeros(len) })
                }
                _ => None,
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
            recurrents,
            earlier_steps,
            statistics_due: false,
            loss,
            input_gradients: false,
            gradients_kept: false,
            rule: BackwardRule::Gradient,
            backward: None,
        }
    }
}
