//! The backward pass: gradient buffers made on first use, the reverse walk from a seed, and where each
//! gradient goes (summed where a value or a weight is used more than once).

use super::{BackwardRule, Graph, Loss, NodeId, NormState, Op, Seed};
use crate::activation::Activation;
use crate::engine::ops::Matmul;
use crate::engine::Backend;
use crate::nn::parameters::{ParameterId, Parameters};

/// The gradient buffers, made on the first backward pass.
pub(super) struct Gradients<Buffer> {
    /// ∂(seed)/∂(each node's value).
    nodes: Vec<Buffer>,
    /// Per node: has this backward pass written its gradient yet? Later contributions are added to it.
    written: Vec<bool>,
    /// For values used more than once: a second contribution is written here, then summed into place.
    extra: Vec<Option<(Buffer, Buffer)>>,
    /// Per node with an activation: the gradient before it.
    pre_activation: Vec<Option<Buffer>>,
    /// Per node: whether this backward pass wrote its gradient before its activation, and not its own (a
    /// pool above it took the activation's backward; `Graph::keep_gradients`).
    before_activation: Vec<bool>,
    /// Per parameter that gets a second contribution (used more than once in this graph, or added to
    /// an earlier pass's gradient), as `extra`: made on the first second contribution.
    parameter_extra: Vec<Option<(Buffer, Buffer)>>,
    /// `Seed::LossShare`'s scaled loss gradient, made on first use.
    loss_share: Option<Buffer>,
    /// Per concat node: one buffer per part, its gradient split along channels.
    concat_parts: Vec<Option<Vec<Buffer>>>,
    /// The seed's gradient, for `Seed::Unit`.
    unit: Vec<f32>,
}

impl<B: Backend> Graph<B> {
    /// A node's gradient from the last backward pass, if that pass reached it.
    pub async fn read_gradient(&self, backend: &B, node: NodeId) -> Option<Vec<f32>> {
        let gradients = self.backward.as_ref()?;
        assert!(
            !gradients.before_activation[node.0],
            "{}: the pool above took its activation's backward; keep_gradients(true) keeps its gradient",
            self.nodes[node.0].name
        );
        match gradients.written[node.0] {
            true => Some(backend.read(&gradients.nodes[node.0]).await),
            false => None,
        }
    }

    /// A recurrent node's state gradients from the last backward pass ([batch, steps, state values]: ∂L/∂h
    /// at each step, and the LSTM's ∂L/∂c after it; `Backend::recurrent_backward`), if that pass reached it.
    pub async fn read_state_gradient(&self, backend: &B, node: NodeId) -> Option<Vec<f32>> {
        let state = self.recurrents[node.0].as_ref().expect("a recurrent node");
        match self.backward.as_ref()?.written[node.0] {
            true => Some(backend.read(&state.state).await),
            false => None,
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
                .map(|n| (n.op.activation() != Activation::Linear).then(|| zeros(n.shape.len())))
                .collect(),
            before_activation: vec![false; self.nodes.len()],
            parameter_extra: (0..parameters.len()).map(|_| None).collect(),
            loss_share: None,
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
        parameters.entries_mut().iter_mut().for_each(|p| p.fresh = false);
        self.backward_adding(backend, parameters, seed);
    }

    /// As `backward`, but adding the parameters' gradients to those the backward passes since the last
    /// optimiser step left (of this graph or another on the same parameters): a batch trained in
    /// sub-batches, each seeded with its `Seed::LossShare`.
    pub fn backward_adding(&mut self, backend: &B, parameters: &mut Parameters<B>, seed: Seed) {
        assert!(self.kept.is_none(), "an inference graph has no backward pass");
        if self.backward.is_none() || self.backward.as_ref().unwrap().parameter_extra.len() != parameters.len() {
            self.backward = Some(self.make_gradients(backend, parameters));
        }
        let needs = self.needs_gradient(parameters);
        if std::mem::take(&mut self.statistics_due) {
            self.update_running_statistics(backend, parameters);
        }
        let gradients = self.backward.as_mut().unwrap();
        gradients.written.fill(false);
        gradients.before_activation.fill(false);

        let start = match seed {
            Seed::Loss | Seed::LossShare(_) => {
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
                match seed {
                    // A share of all of the batch is the plain loss: nothing to scale.
                    Seed::LossShare(share) if share != 1.0 => {
                        let scaled = gradients.loss_share.get_or_insert_with(|| backend.zeros(backend.len(grad)));
                        backend.scale(grad, share, scaled);
                        std::mem::swap(grad, scaled);
                    }
                    _ => {}
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
            let arrival = match gradients.before_activation[i] {
                true => Arrival::BeforeActivation,
                false => Arrival::AfterActivation(self.rule),
            };
            // A convolution, transposed convolution or dense layer: all but its two linear gradients alike.
            let mut weighted = |weight_grad: &WeightGradient<'_, B>, input_grad: &InputGradient<'_, B>| {
                let layer = Weighted::of(&self.nodes[i].op);
                let scratch = (&mut gradients.pre_activation[i], &mut gradients.parameter_extra[..]);
                let (y, needs) = (x(&NodeId(i)), &needs[..]);
                layer.backward(
                    backend,
                    parameters,
                    scratch,
                    &mut sink,
                    (y, dy, arrival),
                    needs,
                    weight_grad,
                    input_grad,
                );
            };
            match &self.nodes[i].op {
                Op::Input => {}
                Op::Conv { input, conv, .. } => {
                    weighted(&|dz, dw| backend.conv2d_backward_filter(x(input), dz, dw, conv), &|dz, w, dx| {
                        backend.conv2d_backward_input(dz, w, dx, conv)
                    });
                }
                Op::ConvTranspose { input, conv, .. } => {
                    // y = conv⊤(x; w), so Σ dy·y = Σ conv(dy; w)·x: dx = conv(dz; w), and dw is the filter
                    // gradient of that convolution with x in the place of its output gradient.
                    weighted(&|dz, dw| backend.conv2d_backward_filter(dz, x(input), dw, conv), &|dz, w, dx| {
                        backend.conv2d(dz, w, dx, conv)
                    });
                }
                Op::Dense { input, matmul: op, .. } => {
                    // For Z = X·W: dW = Xᵀ·dZ, dX = dZ·Wᵀ.
                    let weight_grad = Matmul { m: op.k, n: op.n, k: op.m, transpose_a: true, transpose_b: false };
                    let input_grad = Matmul { m: op.m, n: op.k, k: op.n, transpose_a: false, transpose_b: true };
                    weighted(&|dz, dw| backend.matmul(x(input), dz, dw, &weight_grad), &|dz, w, dx| {
                        backend.matmul(dz, w, dx, &input_grad)
                    });
                }
                Op::Pool { input, pool } => {
                    // Where the pool alone reads the activation's output, the gradient before the activation
                    // in the same pass: the node below finds it there.
                    let fused = self.rule == BackwardRule::Gradient && !self.gradients_kept && self.uses[input.0] == 1;
                    if needs[input.0] {
                        match gradients.pre_activation[input.0].as_mut() {
                            Some(dz) if fused => {
                                let activation = self.nodes[input.0].op.activation();
                                backend.pool2d_backward(x(input), dy, dz, pool, activation);
                                sink.written[input.0] = true;
                                gradients.before_activation[input.0] = true;
                            }
                            _ => sink.write(*input, |dx| {
                                backend.pool2d_backward(x(input), dy, dx, pool, Activation::Linear)
                            }),
                        }
                    }
                }
                Op::Add { a, b, activation } => {
                    let scratch = &mut gradients.pre_activation[i];
                    let dz = through_activation(backend, x(&NodeId(i)), dy, scratch, *activation, arrival);
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
                Op::BatchNorm { input, gamma, beta, running_variance, epsilon, activation, .. } => {
                    let scratch = &mut gradients.pre_activation[i];
                    let dy = through_activation(backend, x(&NodeId(i)), dy, scratch, *activation, arrival);
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
                            let variance = parameters.value(*running_variance);
                            let zero_mean = [(&norm.zeros, channels), (variance, channels)];
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
                Op::Recurrent { input, weight, recurrent } => {
                    let state = self.recurrents[i].as_mut().expect("a recurrent node has its buffers");
                    let w = parameters.value(*weight);
                    backend.recurrent_backward(&state.memory, w, dy, &mut state.dpre, &mut state.state, recurrent);
                    let (hidden, dpre) = (x(&NodeId(i)), &state.dpre);
                    let extra = &mut gradients.parameter_extra;
                    parameter_gradient(backend, parameters, extra, *weight, |dw| {
                        backend.recurrent_weight_gradient(hidden, dpre, dw, recurrent)
                    });
                    if needs[input.0] {
                        sink.write(*input, |dx| backend.scale(dpre, 1.0, dx));
                    }
                }
                Op::LastStep { input } => {
                    if needs[input.0] {
                        let sequence = self.nodes[input.0].shape;
                        match self.earlier_steps[i].as_ref() {
                            Some(earlier) => {
                                let values = sequence.channels;
                                let parts = [(&earlier.zeros, (sequence.height - 1) * values), (dy, values)];
                                sink.write(*input, |dx| backend.concat_channels(&parts, dx, sequence.batch));
                            }
                            None => sink.write(*input, |dx| backend.scale(dy, 1.0, dx)),
                        }
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

/// dw from the gradient before the activation: `(dz, dw)`.
type WeightGradient<'a, B> = dyn Fn(&<B as Backend>::Buffer, &mut <B as Backend>::Buffer) + 'a;

/// dx from the gradient before the activation and the weight: `(dz, w, dx)`.
type InputGradient<'a, B> = dyn Fn(&<B as Backend>::Buffer, &<B as Backend>::Buffer, &mut <B as Backend>::Buffer) + 'a;

impl Weighted {
    fn of(op: &Op) -> Self {
        match *op {
            Op::Conv { input, weight, bias, activation, .. }
            | Op::ConvTranspose { input, weight, bias, activation, .. }
            | Op::Dense { input, weight, bias, activation, .. } => Self { input, weight, bias, activation },
            _ => unreachable!("only convolutions and dense layers have a weight and a bias"),
        }
    }

    /// Back through the activation, then the bias's gradient, the weight's (`weight_grad(dz, dw)`) and,
    /// when the input needs one, the input's (`input_grad(dz, w, dx)`).
    #[allow(clippy::too_many_arguments)]
    fn backward<B: Backend>(
        &self,
        backend: &B,
        parameters: &mut Parameters<B>,
        (pre_activation, parameter_extra): (&mut Option<B::Buffer>, &mut ExtraBuffers<B::Buffer>),
        sink: &mut Sink<B>,
        (y, dy, arrival): (&B::Buffer, &B::Buffer, Arrival),
        needs: &[bool],
        weight_grad: &WeightGradient<'_, B>,
        input_grad: &InputGradient<'_, B>,
    ) {
        let dz = through_activation(backend, y, dy, pre_activation, self.activation, arrival);
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

/// How a node's gradient arrived: after its activation, to be taken back through it by the rule, or
/// before it, in the node's `pre_activation` buffer (a pool above it took the activation's backward).
#[derive(Clone, Copy)]
enum Arrival {
    AfterActivation(BackwardRule),
    BeforeActivation,
}

/// The signal before a node's activation, by the rule where the activation is a rectifier: `dy` itself when
/// it is linear, `scratch` as it is when it arrived there.
fn through_activation<'b, B: Backend>(
    backend: &B,
    y: &B::Buffer,
    dy: &'b B::Buffer,
    scratch: &'b mut Option<B::Buffer>,
    activation: Activation,
    arrival: Arrival,
) -> &'b B::Buffer {
    let Some(dz) = scratch else { return dy };
    let Arrival::AfterActivation(rule) = arrival else { return dz };
    let rectifier = matches!(activation, Activation::Relu | Activation::LeakyRelu(_) | Activation::Relu6);
    match rule {
        BackwardRule::Deconvnet if rectifier => {
            backend.scale(dy, 1.0, dz);
            backend.activate(dz, Activation::Relu);
        }
        BackwardRule::Guided if rectifier => {
            backend.activation_backward(y, dy, dz, activation);
            backend.activate(dz, Activation::Relu);
        }
        _ => backend.activation_backward(y, dy, dz, activation),
    }
    dz
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
        accumulate(self.backend, &mut self.nodes[i], &mut self.written[i], self.extra[i].as_mut(), op);
    }
}

/// Writes a contribution to a gradient with `op`: straight into `gradient` when it is the first this
/// backward pass (`written` says), else into the extra buffers' first and summed into place through the
/// second. Only a value used more than once, or a weight that gets a second contribution, has extra buffers.
fn accumulate<B: Backend>(
    backend: &B,
    gradient: &mut B::Buffer,
    written: &mut bool,
    extra: Option<&mut (B::Buffer, B::Buffer)>,
    op: impl FnOnce(&mut B::Buffer),
) {
    if !*written {
        op(gradient);
        *written = true;
        return;
    }
    let (contribution, sum) = extra.expect("a value or weight used more than once has extra buffers");
    op(contribution);
    backend.add(gradient, contribution, sum);
    std::mem::swap(gradient, sum);
}

/// Writes a parameter's gradient with `op` if it is trainable, summing when a contribution is already
/// there (a weight used twice, or a gradient being added up over sub-batches).
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
    let extra =
        parameter.fresh.then(|| &mut *extra[id.0].get_or_insert_with(|| (backend.zeros(len), backend.zeros(len))));
    accumulate(backend, grad, &mut parameter.fresh, extra, op);
}
