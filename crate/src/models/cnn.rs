//! The workshop's CNN for small grey images (MNIST, Fashion-MNIST): a stack of blocks
//! conv k×k (SAME) → activation → pool 2, then an optional hidden dense layer, then dense → softmax,
//! trained on softmax cross-entropy with SGD + momentum or Adam.
//!
//! The default stack is the benchmark's W3: conv 3×3 (8) → ReLU → max-pool → conv 3×3 (16) → ReLU →
//! max-pool → dense (10). A `Pass` holds the activations of one batch size, so training (batch 32),
//! evaluation (batch 250) and the draw-a-digit canvas (batch 1) each reuse their own buffers and a
//! training step allocates nothing.

use crate::activation::Activation;
use crate::engine::ops::{Adam, Conv2d, Matmul, Padding, Pool2d, PoolKind, Window};
use crate::engine::Backend;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pooling {
    Max,
    Average,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvBlock {
    pub filters: usize,
    /// 3 or 5.
    pub kernel: usize,
    pub pooling: Pooling,
}

/// What the user edits: the network's architecture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CnnSpec {
    /// Side of the square input image.
    pub side: usize,
    pub channels: usize,
    pub classes: usize,
    pub blocks: Vec<ConvBlock>,
    pub activation: Activation,
    /// Units of the optional hidden dense layer.
    pub hidden: Option<usize>,
}

impl Default for CnnSpec {
    fn default() -> Self {
        let block = |filters| ConvBlock { filters, kernel: 3, pooling: Pooling::Max };
        Self {
            side: 28,
            channels: 1,
            classes: 10,
            blocks: vec![block(8), block(16)],
            activation: Activation::Relu,
            hidden: None,
        }
    }
}

/// One layer as the page lists it: its output shape, parameters and forward FLOPs per image.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerSummary {
    pub name: String,
    /// [height, width, channels], or [units] for dense layers.
    pub output: Vec<usize>,
    pub parameters: usize,
    pub flops: u64,
}

/// A layer's shape, independent of the batch size.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Layer {
    Conv { side: usize, in_channels: usize, out_channels: usize, kernel: usize, activation: Activation },
    Pool { side: usize, channels: usize, kind: PoolKind },
    Dense { inputs: usize, outputs: usize, activation: Activation },
}

/// A layer with its ops for one batch size.
#[derive(Clone, Copy, Debug)]
enum LayerOp {
    /// z = linear(x; w) + b, then y = activation(z).
    Weighted(Linear, Activation),
    Pool(Pool2d),
}

/// The linear part of a layer with weights: a convolution, or a dense layer's matmul.
#[derive(Clone, Copy, Debug)]
enum Linear {
    Conv(Conv2d),
    Dense(Matmul),
}

impl LayerOp {
    fn output_len(&self) -> usize {
        match self {
            LayerOp::Weighted(Linear::Conv(op), _) => op.output_len(),
            LayerOp::Weighted(Linear::Dense(op), _) => op.m * op.n,
            LayerOp::Pool(op) => op.output_len(),
        }
    }
}

impl Linear {
    /// Channels the bias runs over (the last axis of the output).
    fn channels(&self) -> usize {
        match self {
            Linear::Conv(op) => op.out_channels,
            Linear::Dense(op) => op.n,
        }
    }

    fn forward<B: Backend>(&self, backend: &B, x: &B::Buffer, w: &B::Buffer, out: &mut B::Buffer) {
        match self {
            Linear::Conv(op) => backend.conv2d(x, w, out, op),
            // NHWC activations are already the [batch, features] matrix a dense layer reads.
            Linear::Dense(op) => backend.matmul(x, w, out, op),
        }
    }

    /// dw from the input `x` and the pre-activation gradient `dz`; dx as well unless this is the first layer.
    fn backward<B: Backend>(
        &self,
        backend: &B,
        x: &B::Buffer,
        dz: &B::Buffer,
        w: &B::Buffer,
        dw: &mut B::Buffer,
        dx: Option<&mut B::Buffer>,
    ) {
        match self {
            Linear::Conv(op) => {
                backend.conv2d_backward_filter(x, dz, dw, op);
                if let Some(dx) = dx {
                    backend.conv2d_backward_input(dz, w, dx, op);
                }
            }
            Linear::Dense(op) => {
                // For Z = X·W: dW = Xᵀ·dZ, dX = dZ·Wᵀ.
                let weight_grad = Matmul { m: op.k, n: op.n, k: op.m, transpose_a: true, transpose_b: false };
                backend.matmul(x, dz, dw, &weight_grad);
                if let Some(dx) = dx {
                    let input_grad = Matmul { m: op.m, n: op.k, k: op.n, transpose_a: false, transpose_b: true };
                    backend.matmul(dz, w, dx, &input_grad);
                }
            }
        }
    }
}

const MAX_FILTERS: usize = 128;
const MAX_HIDDEN: usize = 1024;

impl CnnSpec {
    /// The layers, or what makes the stack impossible.
    fn layers(&self) -> Result<Vec<Layer>, String> {
        let (mut side, mut channels) = (self.side, self.channels);
        let mut layers = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            let n = i + 1;
            if ![3, 5].contains(&block.kernel) {
                return Err(format!("block {n}: kernel {} is not offered (3 or 5)", block.kernel));
            }
            if block.filters == 0 || block.filters > MAX_FILTERS {
                return Err(format!("block {n}: {} filters (1 to {MAX_FILTERS})", block.filters));
            }
            if side < 2 {
                return Err(format!(
                    "block {n}: its input is {side}×{side}, too small to pool by 2 — use fewer blocks"
                ));
            }
            let kind = match block.pooling {
                Pooling::Max => PoolKind::Max,
                Pooling::Average => PoolKind::Average,
            };
            let activation = self.activation;
            layers.push(Layer::Conv {
                side,
                in_channels: channels,
                out_channels: block.filters,
                kernel: block.kernel,
                activation,
            });
            layers.push(Layer::Pool { side, channels: block.filters, kind });
            (side, channels) = (side / 2, block.filters);
        }
        let mut features = side * side * channels;
        if let Some(units) = self.hidden {
            if units == 0 || units > MAX_HIDDEN {
                return Err(format!("hidden layer: {units} units (1 to {MAX_HIDDEN})"));
            }
            layers.push(Layer::Dense { inputs: features, outputs: units, activation: self.activation });
            features = units;
        }
        layers.push(Layer::Dense { inputs: features, outputs: self.classes, activation: Activation::Linear });
        Ok(layers)
    }

    /// Every layer's output shape, parameters and FLOPs, or why the stack is impossible.
    pub fn summary(&self) -> Result<Vec<LayerSummary>, String> {
        let (mut convs, mut pools, mut denses) = (0, 0, 0);
        let layers = self.layers()?;
        let last = layers.len() - 1;
        Ok(layers
            .iter()
            .enumerate()
            .map(|(i, layer)| match *layer {
                Layer::Conv { side, in_channels, out_channels, kernel, .. } => {
                    convs += 1;
                    let weights = kernel * kernel * in_channels * out_channels;
                    LayerSummary {
                        name: format!("conv{convs} {kernel}×{kernel}"),
                        output: vec![side, side, out_channels],
                        parameters: weights + out_channels,
                        flops: 2 * (side * side * weights) as u64,
                    }
                }
                Layer::Pool { side, channels, kind } => {
                    pools += 1;
                    let kind = if kind == PoolKind::Max { "max" } else { "avg" };
                    LayerSummary {
                        name: format!("{kind}pool{pools} 2×2"),
                        output: vec![side / 2, side / 2, channels],
                        parameters: 0,
                        flops: ((side / 2) * (side / 2) * channels * 4) as u64,
                    }
                }
                Layer::Dense { inputs, outputs, .. } => {
                    denses += 1;
                    let name = if i == last { "output".into() } else { format!("dense{denses}") };
                    LayerSummary {
                        name,
                        output: vec![outputs],
                        parameters: inputs * outputs + outputs,
                        flops: 2 * (inputs * outputs) as u64,
                    }
                }
            })
            .collect())
    }

    /// Names and shapes of the trainable tensors, in `Cnn::parameters` order (the safetensors file's names).
    pub fn parameter_shapes(&self) -> Result<Vec<(String, Vec<usize>)>, String> {
        let mut shapes = Vec::new();
        let (mut convs, mut denses) = (0, 0);
        for layer in self.layers()? {
            match layer {
                Layer::Conv { in_channels, out_channels, kernel, .. } => {
                    convs += 1;
                    shapes.push((format!("conv{convs}.weight"), vec![kernel, kernel, in_channels, out_channels]));
                    shapes.push((format!("conv{convs}.bias"), vec![out_channels]));
                }
                Layer::Dense { inputs, outputs, .. } => {
                    denses += 1;
                    shapes.push((format!("dense{denses}.weight"), vec![inputs, outputs]));
                    shapes.push((format!("dense{denses}.bias"), vec![outputs]));
                }
                Layer::Pool { .. } => {}
            }
        }
        Ok(shapes)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Optimiser {
    Sgd {
        #[serde(rename = "learningRate")]
        learning_rate: f32,
        momentum: f32,
    },
    Adam {
        #[serde(rename = "learningRate")]
        learning_rate: f32,
    },
}

/// A trainable tensor with its gradient and the optimiser's moments (velocity for SGD, m and v for Adam).
struct Parameter<Buffer> {
    value: Buffer,
    grad: Buffer,
    first_moment: Buffer,
    second_moment: Buffer,
}

/// The buffers of one batch size: input, each layer's output and, for training, the gradients.
struct Pass<Buffer> {
    batch: usize,
    ops: Vec<LayerOp>,
    input: Buffer,
    outputs: Vec<Buffer>,
    training: Option<Gradients<Buffer>>,
}

struct Gradients<Buffer> {
    targets: Buffer,
    loss: Buffer,
    /// ∂loss/∂(each layer's output).
    outputs: Vec<Buffer>,
    /// ∂loss/∂(each conv or dense layer's pre-activation); unused for linear layers and pools.
    pre_activations: Vec<Buffer>,
}

pub struct Cnn<'a, B: Backend> {
    backend: &'a B,
    spec: CnnSpec,
    layers: Vec<Layer>,
    parameters: Vec<Parameter<B::Buffer>>,
    passes: Vec<Pass<B::Buffer>>,
    adam_steps: u32,
}

impl<'a, B: Backend> Cnn<'a, B> {
    /// He-uniform weights from `seed`, zero biases; or the stack's error.
    pub fn new(backend: &'a B, spec: &CnnSpec, seed: u64) -> Result<Self, String> {
        let layers = spec.layers()?;
        let mut rng = Rng::new(seed);
        let mut initial = Vec::new();
        for (name, shape) in spec.parameter_shapes()? {
            let len = shape.iter().product();
            if name.ends_with(".bias") {
                initial.push(vec![0.0; len]);
            } else {
                let fan_in: usize = shape[..shape.len() - 1].iter().product();
                let limit = (6.0 / fan_in as f32).sqrt();
                initial.push((0..len).map(|_| rng.uniform_in(-limit, limit)).collect());
            }
        }
        let mut model =
            Self { backend, spec: spec.clone(), layers, parameters: Vec::new(), passes: Vec::new(), adam_steps: 0 };
        model.parameters = initial.iter().map(|values| model.parameter(values)).collect();
        Ok(model)
    }

    fn parameter(&self, values: &[f32]) -> Parameter<B::Buffer> {
        let zeros = vec![0.0; values.len()];
        let b = &self.backend;
        Parameter {
            value: b.upload(values),
            grad: b.upload(&zeros),
            first_moment: b.upload(&zeros),
            second_moment: b.upload(&zeros),
        }
    }

    pub fn spec(&self) -> &CnnSpec {
        &self.spec
    }

    fn ops(&self, batch: usize) -> Vec<LayerOp> {
        self.layers
            .iter()
            .map(|layer| match *layer {
                Layer::Conv { side, in_channels, out_channels, kernel, activation } => {
                    let window = Window::new(batch, side, side, (kernel, kernel), 1, Padding::Same);
                    LayerOp::Weighted(Linear::Conv(Conv2d { window, in_channels, out_channels, groups: 1 }), activation)
                }
                Layer::Pool { side, channels, kind } => {
                    let window = Window::new(batch, side, side, (2, 2), 2, Padding::Valid);
                    LayerOp::Pool(Pool2d { window, channels, kind })
                }
                Layer::Dense { inputs, outputs, activation } => {
                    LayerOp::Weighted(Linear::Dense(Matmul::new(batch, outputs, inputs)), activation)
                }
            })
            .collect()
    }

    /// The pass for `batch` images (made on first use), with gradient buffers when `training`.
    fn pass_index(&mut self, batch: usize, training: bool) -> usize {
        let found = self.passes.iter().position(|p| p.batch == batch && (p.training.is_some() || !training));
        if let Some(index) = found {
            return index;
        }
        let ops = self.ops(batch);
        let zeros = |len: usize| self.backend.upload(&vec![0.0; len]);
        let outputs: Vec<_> = ops.iter().map(|op| zeros(op.output_len())).collect();
        let training = training.then(|| Gradients {
            targets: zeros(batch * self.spec.classes),
            loss: zeros(1),
            outputs: ops.iter().map(|op| zeros(op.output_len())).collect(),
            pre_activations: ops
                .iter()
                .map(|op| match op {
                    LayerOp::Weighted(_, a) if *a != Activation::Linear => zeros(op.output_len()),
                    _ => zeros(0),
                })
                .collect(),
        });
        let input = zeros(batch * self.input_len());
        self.passes.push(Pass { batch, ops, input, outputs, training });
        self.passes.len() - 1
    }

    /// Values per image.
    pub fn input_len(&self) -> usize {
        self.spec.side * self.spec.side * self.spec.channels
    }

    /// Queues the forward pass of the pass's input.
    fn forward(backend: &B, parameters: &[Parameter<B::Buffer>], pass: &mut Pass<B::Buffer>) {
        let mut weights = parameters.iter();
        for i in 0..pass.ops.len() {
            let (before, after) = pass.outputs.split_at_mut(i);
            let input = if i == 0 { &pass.input } else { &before[i - 1] };
            let out = &mut after[0];
            match pass.ops[i] {
                LayerOp::Weighted(linear, activation) => {
                    let (w, b) = (weights.next().unwrap(), weights.next().unwrap());
                    linear.forward(backend, input, &w.value, out);
                    backend.bias_activation(out, &b.value, linear.channels(), activation);
                }
                LayerOp::Pool(op) => backend.pool2d(input, out, &op),
            }
        }
    }

    /// Queues one optimiser step on a batch: `images` [batch, side, side, channels] in [0, 1], one label each.
    /// The batch's mean loss and its logits are read with `last_loss` and `last_logits`.
    pub fn train_step(&mut self, images: &[f32], labels: &[u8], optimiser: Optimiser) {
        self.load_batch(images, labels);
        self.train_loaded_batch(labels.len(), optimiser);
    }

    /// The first half of `train_step`: writes a batch (images and one-hot targets) into its pass's buffers.
    pub fn load_batch(&mut self, images: &[f32], labels: &[u8]) {
        let batch = labels.len();
        let classes = self.spec.classes;
        let index = self.pass_index(batch, true);
        let pass = &mut self.passes[index];
        self.backend.write(&mut pass.input, images);
        let mut targets = vec![0.0; batch * classes];
        for (row, &label) in labels.iter().enumerate() {
            targets[row * classes + label as usize] = 1.0;
        }
        let grads = pass.training.as_mut().expect("a training pass");
        self.backend.write(&mut grads.targets, &targets);
    }

    /// The second half of `train_step`: one optimiser step on the batch of `batch` images last loaded.
    pub fn train_loaded_batch(&mut self, batch: usize, optimiser: Optimiser) {
        let classes = self.spec.classes;
        let index = self.pass_index(batch, true);
        let backend = self.backend;
        let pass = &mut self.passes[index];
        Self::forward(backend, &self.parameters, pass);

        let grads = pass.training.as_mut().expect("a training pass");
        let last = pass.ops.len() - 1;
        backend.softmax_cross_entropy(
            &pass.outputs[last],
            &grads.targets,
            &mut grads.outputs[last],
            &mut grads.loss,
            classes,
        );
        // Backward through the layers; parameters pair up with conv and dense layers from the end.
        let mut parameter = self.parameters.len();
        for i in (0..pass.ops.len()).rev() {
            let input = if i == 0 { &pass.input } else { &pass.outputs[i - 1] };
            let (grads_before, grads_after) = grads.outputs.split_at_mut(i);
            let dy = &grads_after[0];
            let dx = grads_before.last_mut();
            match pass.ops[i] {
                LayerOp::Pool(op) => {
                    backend.pool2d_backward(input, dy, dx.expect("a pool is never the first layer"), &op);
                }
                LayerOp::Weighted(linear, activation) => {
                    parameter -= 2;
                    let (w, b) = self.parameters[parameter..].split_at_mut(1);
                    let dz = Self::through_activation(
                        backend,
                        &pass.outputs[i],
                        dy,
                        &mut grads.pre_activations[i],
                        activation,
                    );
                    backend.bias_backward(dz, &mut b[0].grad, linear.channels());
                    linear.backward(backend, input, dz, &w[0].value, &mut w[0].grad, dx);
                }
            }
        }
        self.adam_steps += u32::from(matches!(optimiser, Optimiser::Adam { .. }));
        for p in &mut self.parameters {
            match optimiser {
                Optimiser::Sgd { learning_rate, momentum } => {
                    backend.sgd_momentum(&mut p.value, &p.grad, &mut p.first_moment, learning_rate, momentum)
                }
                Optimiser::Adam { learning_rate } => backend.adam(
                    &mut p.value,
                    &p.grad,
                    &mut p.first_moment,
                    &mut p.second_moment,
                    &Adam::new(learning_rate, self.adam_steps),
                ),
            }
        }
    }

    /// The gradient before the activation: `dy` itself for a linear layer, else dy · f′ written to `scratch`.
    fn through_activation<'b>(
        backend: &B,
        y: &B::Buffer,
        dy: &'b B::Buffer,
        scratch: &'b mut B::Buffer,
        activation: Activation,
    ) -> &'b B::Buffer {
        if activation == Activation::Linear {
            return dy;
        }
        backend.activation_backward(y, dy, scratch, activation);
        scratch
    }

    fn training_pass(&self) -> &Pass<B::Buffer> {
        self.passes.iter().rev().find(|p| p.training.is_some()).expect("no training step yet")
    }

    /// The mean cross-entropy of the last training batch.
    pub async fn last_loss(&self) -> f32 {
        let pass = self.training_pass();
        self.backend.read(&pass.training.as_ref().unwrap().loss).await[0]
    }

    /// The logits of the last training batch, [batch, classes].
    pub async fn last_logits(&self) -> Vec<f32> {
        let pass = self.training_pass();
        self.backend.read(pass.outputs.last().unwrap()).await
    }

    /// Queues the forward pass of `images` (a whole number of images) in the pass of their batch size.
    fn forward_images(&mut self, images: &[f32]) -> &Pass<B::Buffer> {
        let batch = images.len() / self.input_len();
        let index = self.pass_index(batch, false);
        let pass = &mut self.passes[index];
        self.backend.write(&mut pass.input, images);
        Self::forward(self.backend, &self.parameters, pass);
        pass
    }

    /// Every layer's output for `images` (a whole number of images), the logits last.
    pub async fn layer_outputs(&mut self, images: &[f32]) -> Vec<Vec<f32>> {
        let backend = self.backend;
        let pass = self.forward_images(images);
        let mut outputs = Vec::with_capacity(pass.outputs.len());
        for output in &pass.outputs {
            outputs.push(backend.read(output).await);
        }
        outputs
    }

    /// Layer `index`'s output for `images`.
    pub async fn layer_output(&mut self, images: &[f32], index: usize) -> Vec<f32> {
        let backend = self.backend;
        let pass = self.forward_images(images);
        backend.read(&pass.outputs[index]).await
    }

    /// Logits for `images`, [batch, classes].
    pub async fn logits(&mut self, images: &[f32]) -> Vec<f32> {
        self.layer_output(images, self.layers.len() - 1).await
    }

    /// Every trainable tensor's values, in `CnnSpec::parameter_shapes` order.
    pub async fn parameters(&self) -> Vec<Vec<f32>> {
        let mut values = Vec::with_capacity(self.parameters.len());
        for p in &self.parameters {
            values.push(self.backend.read(&p.value).await);
        }
        values
    }

    /// Replaces the trainable tensors (and restarts the optimiser); each must have its shape's length.
    pub fn set_parameters(&mut self, values: &[Vec<f32>]) -> Result<(), String> {
        let shapes = self.spec.parameter_shapes()?;
        if values.len() != shapes.len() {
            return Err(format!("{} tensors given, the network has {}", values.len(), shapes.len()));
        }
        for ((name, shape), v) in shapes.iter().zip(values) {
            let len: usize = shape.iter().product();
            if v.len() != len {
                return Err(format!("{name}: {} values, its shape {shape:?} needs {len}", v.len()));
            }
        }
        self.parameters = values.iter().map(|v| self.parameter(v)).collect();
        self.adam_steps = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_network_is_the_benchmark_w3() {
        let summary = CnnSpec::default().summary().unwrap();
        let shapes: Vec<_> = summary.iter().map(|l| l.output.clone()).collect();
        assert_eq!(shapes, vec![vec![28, 28, 8], vec![14, 14, 8], vec![14, 14, 16], vec![7, 7, 16], vec![10]]);
        let parameters: usize = summary.iter().map(|l| l.parameters).sum();
        assert_eq!(parameters, (9 * 8 + 8) + (9 * 8 * 16 + 16) + (784 * 10 + 10));
        assert_eq!(summary[0].flops, 2 * 28 * 28 * 9 * 8);
    }

    #[test]
    fn impossible_stacks_are_refused_with_the_reason() {
        let block = ConvBlock { filters: 4, kernel: 3, pooling: Pooling::Max };
        let deep = CnnSpec { blocks: vec![block; 6], ..CnnSpec::default() };
        let error = deep.summary().unwrap_err();
        assert!(error.contains("block 5: its input is 1×1"), "{error}");
        let odd = CnnSpec { blocks: vec![ConvBlock { kernel: 4, ..block }], ..CnnSpec::default() };
        assert!(odd.summary().unwrap_err().contains("kernel 4"));
        let none = CnnSpec { blocks: vec![ConvBlock { filters: 0, ..block }], ..CnnSpec::default() };
        assert!(none.summary().unwrap_err().contains("0 filters"));
        assert!(CnnSpec { hidden: Some(0), ..CnnSpec::default() }.summary().unwrap_err().contains("hidden"));
    }
}
