//! The workshop's CNN for small grey images (MNIST, Fashion-MNIST): a stack of blocks
//! conv k×k (SAME) → activation → pool 2, then an optional hidden dense layer, then dense → softmax,
//! trained on softmax cross-entropy with SGD + momentum or Adam.
//!
//! The default stack is the benchmark's W3: conv 3×3 (8) → ReLU → max-pool → conv 3×3 (16) → ReLU →
//! max-pool → dense (10). The network is a graph (`crate::nn`) built once per batch size over one set of
//! parameters, so training (batch 32), evaluation (batch 250) and the draw-a-digit canvas (batch 1) each
//! reuse their own buffers and a training step allocates nothing.

use crate::activation::Activation;
use crate::engine::ops::{Padding, PoolKind};
use crate::engine::Backend;
use crate::nn::{
    he_uniform, shards, ConvOptions, Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Role, Seed,
};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConvBlock {
    /// Output channels.
    pub filters: usize,
    /// 3 or 5.
    pub kernel: usize,
    pub pooling: PoolKind,
    /// SqueezeNet's Fire module instead of one convolution: a 1×1 "squeeze" to a quarter of `filters`, then
    /// a 1×1 and a `kernel`×`kernel` "expand" of half the filters each, side by side (files from before it
    /// have none).
    #[serde(default)]
    pub fire: bool,
}

impl ConvBlock {
    /// A Fire module's squeeze width and its two expand widths (1×1, k×k).
    fn fire_widths(&self) -> (usize, usize, usize) {
        let expand1 = self.filters / 2;
        ((self.filters / 4).max(1), expand1, self.filters - expand1)
    }
}

/// What the user edits: the network's architecture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
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
        let block = |filters| ConvBlock { filters, kernel: 3, pooling: PoolKind::Max, fire: false };
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
    Conv {
        side: usize,
        in_channels: usize,
        out_channels: usize,
        kernel: usize,
        activation: Activation,
    },
    /// Squeeze 1×1 to `squeeze` channels, then expand 1×1 (`expand1`) and k×k (`expand3`), concatenated.
    Fire {
        side: usize,
        in_channels: usize,
        squeeze: usize,
        expand1: usize,
        expand3: usize,
        kernel: usize,
        activation: Activation,
    },
    Pool {
        side: usize,
        channels: usize,
        kind: PoolKind,
    },
    Dense {
        inputs: usize,
        outputs: usize,
        activation: Activation,
    },
}

/// Why a stack cannot be built or trained: a code with its parameters, which the page words in its own language
/// (web/src/i18n: `problems`), and an English sentence (`Display`) for the CLI and the tests.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case", rename_all_fields = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SpecError {
    KernelNotOffered { block: usize, kernel: usize },
    FilterCount { block: usize, filters: usize, max: usize },
    TooSmallToPool { block: usize, side: usize },
    HiddenUnits { units: usize, max: usize },
    BatchSize { batch: usize, max: usize },
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match *self {
            Self::KernelNotOffered { block, kernel } => {
                write!(f, "block {block}: kernel {kernel} is not offered (3 or 5)")
            }
            Self::FilterCount { block, filters, max } => write!(f, "block {block}: {filters} filters (1 to {max})"),
            Self::TooSmallToPool { block, side } => {
                write!(f, "block {block}: its input is {side}×{side}, too small to pool by 2 — use fewer blocks")
            }
            Self::HiddenUnits { units, max } => write!(f, "hidden layer: {units} units (1 to {max})"),
            Self::BatchSize { batch, max } => write!(f, "batch size {batch} (1 to {max})"),
        }
    }
}

impl std::error::Error for SpecError {}

impl From<SpecError> for String {
    fn from(error: SpecError) -> String {
        error.to_string()
    }
}

/// The most filters a conv block and units the hidden layer may have (the page checks its fields against these).
pub const MAX_FILTERS: usize = 128;
pub const MAX_HIDDEN: usize = 1024;

impl CnnSpec {
    /// The layers, or what makes the stack impossible.
    fn layers(&self) -> Result<Vec<Layer>, SpecError> {
        let (mut side, mut channels) = (self.side, self.channels);
        let mut layers = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            let n = i + 1;
            if ![3, 5].contains(&block.kernel) {
                return Err(SpecError::KernelNotOffered { block: n, kernel: block.kernel });
            }
            if block.filters < if block.fire { 2 } else { 1 } || block.filters > MAX_FILTERS {
                return Err(SpecError::FilterCount { block: n, filters: block.filters, max: MAX_FILTERS });
            }
            if side < 2 {
                return Err(SpecError::TooSmallToPool { block: n, side });
            }
            let kind = block.pooling;
            let activation = self.activation;
            layers.push(if block.fire {
                let (squeeze, expand1, expand3) = block.fire_widths();
                Layer::Fire { side, in_channels: channels, squeeze, expand1, expand3, kernel: block.kernel, activation }
            } else {
                Layer::Conv {
                    side,
                    in_channels: channels,
                    out_channels: block.filters,
                    kernel: block.kernel,
                    activation,
                }
            });
            layers.push(Layer::Pool { side, channels: block.filters, kind });
            (side, channels) = (side / 2, block.filters);
        }
        let mut features = side * side * channels;
        if let Some(units) = self.hidden {
            if units == 0 || units > MAX_HIDDEN {
                return Err(SpecError::HiddenUnits { units, max: MAX_HIDDEN });
            }
            layers.push(Layer::Dense { inputs: features, outputs: units, activation: self.activation });
            features = units;
        }
        layers.push(Layer::Dense { inputs: features, outputs: self.classes, activation: Activation::Linear });
        Ok(layers)
    }

    /// Writes the network on `g` (a valid stack): each layer a node named as `summary` names it, with
    /// the parameters `ids` in `parameter_shapes` order. Returns the input node and each layer's node,
    /// the logits last.
    pub fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, ids: &[ParameterId]) -> (NodeId, Vec<NodeId>) {
        let input = g.input("input", self.side, self.side, self.channels);
        let mut parameters = ids.iter().copied();
        let mut weighted = || (parameters.next().unwrap(), parameters.next());
        let mut x = input;
        let mut layers = Vec::new();
        for (layer, summary) in self.layers().expect("a valid stack").iter().zip(self.summary().expect("a valid stack"))
        {
            x = match *layer {
                Layer::Conv { activation, .. } => {
                    let (w, b) = weighted();
                    g.conv(&summary.name, x, w, b, ConvOptions::same(activation))
                }
                Layer::Fire { activation, .. } => {
                    let (w, b) = weighted();
                    let squeezed = g.conv(&format!("{} squeeze", summary.name), x, w, b, ConvOptions::same(activation));
                    let (w, b) = weighted();
                    let one =
                        g.conv(&format!("{} expand 1×1", summary.name), squeezed, w, b, ConvOptions::same(activation));
                    let (w, b) = weighted();
                    let wide =
                        g.conv(&format!("{} expand", summary.name), squeezed, w, b, ConvOptions::same(activation));
                    g.concat(&summary.name, &[one, wide])
                }
                Layer::Pool { kind, .. } => g.pool(&summary.name, x, kind, 2, 2, Padding::Valid),
                Layer::Dense { activation, .. } => {
                    let (w, b) = weighted();
                    g.dense(&summary.name, x, w, b, activation)
                }
            };
            layers.push(x);
        }
        (input, layers)
    }

    /// Every layer's output shape, parameters and FLOPs, or why the stack is impossible.
    pub fn summary(&self) -> Result<Vec<LayerSummary>, SpecError> {
        let (mut convs, mut fires, mut pools, mut denses) = (0, 0, 0, 0);
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
                Layer::Fire { side, in_channels, squeeze, expand1, expand3, kernel, .. } => {
                    fires += 1;
                    let weights = in_channels * squeeze + squeeze * expand1 + kernel * kernel * squeeze * expand3;
                    LayerSummary {
                        name: format!("fire{fires} {kernel}×{kernel}"),
                        output: vec![side, side, expand1 + expand3],
                        parameters: weights + squeeze + expand1 + expand3,
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
    pub fn parameter_shapes(&self) -> Result<Vec<(String, Vec<usize>)>, SpecError> {
        let mut shapes = Vec::new();
        let (mut convs, mut fires, mut denses) = (0, 0, 0);
        for layer in self.layers()? {
            match layer {
                Layer::Fire { in_channels, squeeze, expand1, expand3, kernel, .. } => {
                    fires += 1;
                    for (part, shape) in [
                        ("squeeze", vec![1, 1, in_channels, squeeze]),
                        ("expand1", vec![1, 1, squeeze, expand1]),
                        ("expand3", vec![kernel, kernel, squeeze, expand3]),
                    ] {
                        let outputs = shape[3];
                        shapes.push((format!("fire{fires}.{part}.weight"), shape));
                        shapes.push((format!("fire{fires}.{part}.bias"), vec![outputs]));
                    }
                }
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

/// A network of one batch size: its graph, the input node and each layer's node.
struct Pass<B: Backend> {
    graph: Graph<B>,
    input: NodeId,
    layers: Vec<NodeId>,
    training: bool,
    /// Which shard of a training batch the pass computes (`nn::shards`; 0 for all other passes): shards of one
    /// size run at once, each in a graph of its own.
    shard: usize,
}

pub struct Cnn<'a, B: Backend> {
    backend: &'a B,
    spec: CnnSpec,
    layers: Vec<Layer>,
    parameters: Parameters<B>,
    passes: Vec<Pass<B>>,
    /// Per shard of a training batch after the first, the replica of the parameters it trains on.
    replicas: Vec<Parameters<B>>,
    /// Where the replicas' gradients are summed into the parameters'.
    gradient_sums: Vec<Option<B::Buffer>>,
    /// The last training batch's shards: each one's pass (`passes` index) and images, whose losses and logits
    /// `last_loss` and `last_logits` read.
    last_training: Vec<(usize, usize)>,
}

impl<'a, B: Backend> Cnn<'a, B> {
    /// He-uniform weights from `seed`, zero biases; or the stack's error.
    pub fn new(backend: &'a B, spec: &CnnSpec, seed: u64) -> Result<Self, SpecError> {
        let layers = spec.layers()?;
        let mut rng = Rng::new(seed);
        let mut parameters = Parameters::new();
        for (name, shape) in spec.parameter_shapes()? {
            if name.ends_with(".bias") {
                parameters.add(backend, &name, &shape, Role::Bias, &vec![0.0; shape.iter().product()]);
            } else {
                parameters.add(backend, &name, &shape, Role::Weight, &he_uniform(&mut rng, &shape));
            }
        }
        Ok(Self {
            backend,
            spec: spec.clone(),
            layers,
            parameters,
            passes: Vec::new(),
            replicas: Vec::new(),
            gradient_sums: Vec::new(),
            last_training: Vec::new(),
        })
    }

    pub fn spec(&self) -> &CnnSpec {
        &self.spec
    }

    /// The backend the network computes on.
    pub fn backend(&self) -> &'a B {
        self.backend
    }

    /// The network as a graph for `batch` images, with the softmax cross-entropy loss on the logits when
    /// `training`.
    fn build(&self, batch: usize, training: bool, shard: usize) -> Pass<B> {
        let mut g = GraphBuilder::new(&self.parameters, batch);
        let ids: Vec<ParameterId> = self.parameters.iter().map(|(id, _)| id).collect();
        let (input, layers) = self.spec.write(&mut g, &ids);
        if training {
            g.loss(Loss::SoftmaxCrossEntropy, *layers.last().unwrap());
        }
        Pass { graph: g.build(self.backend), input, layers, training, shard }
    }

    /// The pass for `batch` images of training shard `shard` (made on first use), with a loss when `training`.
    fn pass_index(&mut self, batch: usize, training: bool, shard: usize) -> usize {
        let found =
            self.passes.iter().position(|p| p.graph.batch() == batch && (p.training || !training) && p.shard == shard);
        if let Some(index) = found {
            return index;
        }
        let pass = self.build(batch, training, shard);
        self.passes.push(pass);
        self.passes.len() - 1
    }

    /// Values per image.
    pub fn input_len(&self) -> usize {
        self.spec.side * self.spec.side * self.spec.channels
    }

    /// Queues one optimiser step on a batch: `images` [batch, side, side, channels] in [0, 1], one label each.
    /// The batch's mean loss and its logits are read with `last_loss` and `last_logits`.
    pub fn train_step(&mut self, images: &[f32], labels: &[u8], optimiser: Optimiser) {
        self.load_batch(images, labels);
        self.train_loaded_batch(labels.len(), optimiser);
    }

    /// The first half of `train_step`: writes a batch (images and one-hot targets) into its shards' passes.
    pub fn load_batch(&mut self, images: &[f32], labels: &[u8]) {
        let (classes, input_len) = (self.spec.classes, self.input_len());
        let mut shards = Vec::new();
        let mut first = 0;
        let values = self.parameters.iter().map(|(_, p)| p.len()).sum();
        for (shard, images_in_shard) in
            shards::sizes(labels.len(), self.backend.threads(), values).into_iter().enumerate()
        {
            let index = self.pass_index(images_in_shard, true, shard);
            let pass = &mut self.passes[index];
            let images = &images[first * input_len..(first + images_in_shard) * input_len];
            pass.graph.write_input(self.backend, pass.input, images);
            let mut targets = vec![0.0; images_in_shard * classes];
            for (row, &label) in labels[first..first + images_in_shard].iter().enumerate() {
                targets[row * classes + label as usize] = 1.0;
            }
            pass.graph.write_targets(self.backend, &targets);
            shards.push((index, images_in_shard));
            first += images_in_shard;
        }
        self.last_training = shards;
    }

    /// The second half of `train_step`: one optimiser step on the batch of `batch` images last loaded.
    pub fn train_loaded_batch(&mut self, batch: usize, optimiser: Optimiser) {
        self.forward_backward(batch, true);
        self.parameters.step(self.backend, optimiser);
    }

    /// Trains one sub-batch of a batch of `batch_size` images, without stepping: its share of the batch's
    /// gradient (its images over `batch_size`) is added to what the step's earlier sub-batches left (none
    /// when `first`). `apply_step` then steps on the whole batch's gradient.
    pub fn train_sub_batch(&mut self, images: &[f32], labels: &[u8], batch_size: usize, first: bool) {
        self.load_batch(images, labels);
        self.forward_backward(batch_size, first);
    }

    /// The forward and backward passes of the images last loaded, each shard on a thread of its own: their
    /// gradient, each image's part over `batch_size`, written to the parameters' (when `first`) or added to it.
    fn forward_backward(&mut self, batch_size: usize, first: bool) {
        let backend = self.backend;
        let shards = &self.last_training;
        assert!(!shards.is_empty(), "no batch loaded");
        while self.replicas.len() + 1 < shards.len() {
            self.replicas.push(self.parameters.replica(backend));
        }
        let replicas = &mut self.replicas[..shards.len() - 1];
        for replica in replicas.iter_mut() {
            replica.copy_values(backend, &self.parameters);
        }
        // Each shard's pass, with the parameters it trains on (the first shard the network's own), and images.
        let mut passes: Vec<_> = self.passes.iter_mut().map(Some).collect();
        let parameters = std::iter::once(&mut self.parameters).chain(replicas.iter_mut());
        let mut work: Vec<_> = shards
            .iter()
            .zip(parameters)
            .map(|(&(index, images), parameters)| (passes[index].take().expect("a pass per shard"), parameters, images))
            .collect();
        shards::for_each(backend, &mut work, |shard, (pass, parameters, images)| {
            pass.graph.forward(backend, parameters);
            let seed = Seed::LossShare(*images as f32 / batch_size as f32);
            if shard == 0 && !first {
                pass.graph.backward_adding(backend, parameters, seed);
            } else {
                pass.graph.backward(backend, parameters, seed);
            }
        });
        for replica in &self.replicas[..shards.len() - 1] {
            self.parameters.add_gradients(backend, replica, &mut self.gradient_sums);
        }
    }

    /// One optimiser step on the gradient the sub-batches since the last step added up.
    pub fn apply_step(&mut self, optimiser: Optimiser) {
        self.parameters.step(self.backend, optimiser);
    }

    fn training_shards(&self) -> &[(usize, usize)] {
        assert!(!self.last_training.is_empty(), "no training step yet");
        &self.last_training
    }

    /// The mean cross-entropy of the last training batch: its shards' means, weighed by their images.
    pub async fn last_loss(&self) -> f32 {
        let shards = self.training_shards();
        if let [(index, _)] = shards {
            return self.passes[*index].graph.read_loss(self.backend).await;
        }
        let (mut sum, mut images) = (0.0, 0);
        for &(index, images_in_shard) in shards {
            sum += self.passes[index].graph.read_loss(self.backend).await * images_in_shard as f32;
            images += images_in_shard;
        }
        sum / images as f32
    }

    /// The logits of the last training batch, [batch, classes].
    pub async fn last_logits(&self) -> Vec<f32> {
        let mut logits = Vec::new();
        for &(index, _) in self.training_shards() {
            let pass = &self.passes[index];
            logits.extend(pass.graph.read(self.backend, *pass.layers.last().unwrap()).await);
        }
        logits
    }

    /// Queues the forward pass of `images` (a whole number of images) in the pass of their batch size.
    fn forward_images(&mut self, images: &[f32]) -> &Pass<B> {
        let batch = images.len() / self.input_len();
        let index = self.pass_index(batch, false, 0);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, images);
        pass.graph.forward(self.backend, &self.parameters);
        pass
    }

    /// Every layer's output for `images` (a whole number of images), the logits last.
    pub async fn layer_outputs(&mut self, images: &[f32]) -> Vec<Vec<f32>> {
        let backend = self.backend;
        let pass = self.forward_images(images);
        let mut outputs = Vec::with_capacity(pass.layers.len());
        for &layer in &pass.layers {
            outputs.push(pass.graph.read(backend, layer).await);
        }
        outputs
    }

    /// Layer `index`'s output for `images`.
    pub async fn layer_output(&mut self, images: &[f32], index: usize) -> Vec<f32> {
        let backend = self.backend;
        let pass = self.forward_images(images);
        pass.graph.read(backend, pass.layers[index]).await
    }

    /// Logits for `images`, [batch, classes].
    pub async fn logits(&mut self, images: &[f32]) -> Vec<f32> {
        self.layer_output(images, self.layers.len() - 1).await
    }

    /// Every trainable tensor's values, in `CnnSpec::parameter_shapes` order.
    pub async fn parameters(&self) -> Vec<Vec<f32>> {
        self.parameters.read_all(self.backend).await
    }

    /// Replaces the trainable tensors (and restarts the optimiser); each must have its shape's length.
    pub fn set_parameters(&mut self, values: &[Vec<f32>]) -> Result<(), String> {
        self.parameters.load(self.backend, values)
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
        let block = ConvBlock { filters: 4, kernel: 3, pooling: PoolKind::Max, fire: false };
        let deep = CnnSpec { blocks: vec![block; 6], ..CnnSpec::default() };
        // 28 → 14 → 7 → 3 → 1 after four pools.
        assert_eq!(deep.summary().unwrap_err(), SpecError::TooSmallToPool { block: 5, side: 1 });
        assert_eq!(
            deep.summary().unwrap_err().to_string(),
            "block 5: its input is 1×1, too small to pool by 2 — use fewer blocks"
        );
        let odd = CnnSpec { blocks: vec![ConvBlock { kernel: 4, ..block }], ..CnnSpec::default() };
        assert_eq!(odd.summary().unwrap_err(), SpecError::KernelNotOffered { block: 1, kernel: 4 });
        let none = CnnSpec { blocks: vec![ConvBlock { filters: 0, ..block }], ..CnnSpec::default() };
        assert_eq!(none.summary().unwrap_err(), SpecError::FilterCount { block: 1, filters: 0, max: 128 });
        let hidden = CnnSpec { hidden: Some(0), ..CnnSpec::default() }.summary().unwrap_err();
        assert_eq!(hidden, SpecError::HiddenUnits { units: 0, max: 1024 });
        // The page reads the code and the parameters.
        let json = serde_json::to_value(SpecError::TooSmallToPool { block: 5, side: 1 }).unwrap();
        assert_eq!(json, serde_json::json!({ "code": "too-small-to-pool", "block": 5, "side": 1 }));
    }
}
