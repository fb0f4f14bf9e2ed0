//! Looking inside a network and fooling it: any model the playground has, written on the graph as a
//! `Subject` — its own frozen copy of the model's parameters, so that nothing here can move the model's
//! weights — with its activations, attributions (`explain`), adversarial inputs (`attack`) and the inputs a
//! unit or a class wants to see (`dream`).

pub mod attack;
pub mod dream;
pub mod explain;

use crate::engine::ops::Image;
use crate::engine::scalar::elementwise::softmax;
use crate::engine::Backend;
use crate::models::cnn::CnnSpec;
use crate::models::darknet::cfg::Cfg;
use crate::models::darknet::network::{add_parameters, shapes, write_layers};
use crate::models::darknet::DarknetModel;
use crate::models::detector::InputConvention;
use crate::models::fine_tune::{FineTuned, FineTunedLayout};
use crate::nn::{BackwardRule, Graph, GraphBuilder, Loss, NodeId, ParameterId, Parameters, Role, Seed};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// A subject's network apart from its parameters' values: what writes it on a graph of any backend, so
/// that a subject can be copied to another backend as well as randomised.
#[derive(Clone, Debug)]
enum Network {
    Cnn {
        spec: CnnSpec,
        ids: Vec<ParameterId>,
    },
    /// A darknet network's layers below `upto`.
    Darknet {
        cfg: Cfg,
        shapes: Vec<Image>,
        ids: Vec<(ParameterId, ParameterId)>,
        upto: usize,
    },
    FineTuned(FineTunedLayout),
}

impl Network {
    /// Writes the network on `g`: its input node and its top node (the logits of a classifier).
    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>) -> (NodeId, NodeId) {
        match self {
            Network::Cnn { spec, ids } => {
                let (input, layers) = spec.write(g, ids);
                (input, *layers.last().unwrap())
            }
            Network::Darknet { cfg, shapes, ids, upto } => {
                let input = g.input("input", cfg.height, cfg.width, cfg.channels);
                let layers = write_layers(g, cfg, shapes, ids, input, *upto);
                (input, *layers.last().unwrap())
            }
            Network::FineTuned(layout) => layout.write(g),
        }
    }
}

/// How the lab's pixels (channels in [0, 1]) become the network's input: value · scale + shift per
/// channel. The identity for every network here but the TinyFaceDetector, which wants (255·p − mean) / 256;
/// attacks and dreams stay in the lab's pixels, so their budgets mean the same for every network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputScale {
    pub scale: [f32; 3],
    pub shift: [f32; 3],
}

impl InputScale {
    pub const IDENTITY: Self = Self { scale: [1.0; 3], shift: [0.0; 3] };

    pub fn of(convention: &InputConvention) -> Self {
        let d = convention.divisor;
        Self { scale: [255.0 / d; 3], shift: convention.mean.map(|m| -m / d) }
    }
}

/// One node of the subject as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LayerInfo {
    pub name: String,
    /// The node's index in the graph (the same at every batch size).
    pub node: usize,
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

/// One of the images that excite a unit most: which, how much, and where in the unit's map.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TopImage {
    pub index: usize,
    pub value: f32,
    pub y: usize,
    pub x: usize,
}

/// Where a backward pass starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Target {
    /// A class's logit.
    Class { class: usize },
    /// One value of a node: (y, x, channel) flattened as NHWC for one image.
    Unit { node: usize, index: usize },
    /// The mean of one channel's map.
    Channel { node: usize, channel: usize },
}

/// Images per batch, so that a large input (224² RGB) goes one at a time and MNIST a hundred at a time.
fn chunk(input_len: usize) -> usize {
    (262_144 / input_len).clamp(1, 100)
}

/// A network of one batch size: its graph (with a softmax cross-entropy loss on the top node), input and top.
struct Pass<B: Backend> {
    graph: Graph<B>,
    input: NodeId,
    top: NodeId,
}

pub struct Subject<'a, B: Backend> {
    backend: &'a B,
    parameters: Parameters<B>,
    network: Rc<Network>,
    input_scale: InputScale,
    passes: Vec<Pass<B>>,
}

impl<'a, B: Backend> Subject<'a, B> {
    /// `parameters` frozen, and `network` written on them.
    fn new(backend: &'a B, mut parameters: Parameters<B>, network: Rc<Network>) -> Self {
        let ids: Vec<ParameterId> = parameters.iter().map(|(id, _)| id).collect();
        ids.into_iter().for_each(|id| parameters.get_mut(id).trainable = false);
        let mut subject = Self { backend, parameters, network, input_scale: InputScale::IDENTITY, passes: Vec::new() };
        subject.pass(1);
        subject
    }

    /// The same network over `values` (one per parameter, in order) on `backend`.
    fn rebuilt<'b, C: Backend>(&self, backend: &'b C, values: Vec<Vec<f32>>) -> Subject<'b, C> {
        let mut parameters = Parameters::new();
        for ((_, parameter), values) in self.parameters.iter().zip(values) {
            parameters.add(backend, &parameter.name, &parameter.shape, parameter.role, &values);
        }
        Subject::new(backend, parameters, self.network.clone()).with_input_scale(self.input_scale)
    }

    /// A copy of this subject on `backend`: the same network and weights, so that what an attack made here
    /// does there is the backends' difference alone.
    pub async fn on<'b, C: Backend>(&self, backend: &'b C) -> Subject<'b, C> {
        self.rebuilt(backend, self.parameter_values().await)
    }

    /// This subject reading the lab's pixels through `input_scale`.
    pub fn with_input_scale(mut self, input_scale: InputScale) -> Self {
        self.input_scale = input_scale;
        self
    }

    /// The CNN lab's network `spec` with the trained `values` (`CnnSpec::parameter_shapes` order).
    pub fn cnn(backend: &'a B, spec: &CnnSpec, values: &[Vec<f32>]) -> Result<Self, String> {
        let mut parameters = Parameters::new();
        for ((name, shape), values) in spec.parameter_shapes()?.iter().zip(values) {
            let role = if name.ends_with(".bias") { Role::Bias } else { Role::Weight };
            if values.len() != shape.iter().product::<usize>() {
                return Err(format!("{name}: {} values for the shape {shape:?}", values.len()));
            }
            parameters.add(backend, name, shape, role, values);
        }
        if parameters.len() != values.len() {
            return Err(format!("{} tensors for a network of {}", values.len(), parameters.len()));
        }
        let ids = parameters.iter().map(|(id, _)| id).collect();
        Ok(Self::new(backend, parameters, Rc::new(Network::Cnn { spec: spec.clone(), ids })))
    }

    /// A darknet model's layers below `upto` (all of them for a classifier, whose last layer's values are
    /// its logits; a detector's backbone below its heads), at the cfg's input size.
    pub fn darknet(backend: &'a B, model: &DarknetModel, upto: usize) -> Result<Self, String> {
        let cfg = model.cfg.clone();
        let upto = upto.clamp(1, cfg.layers.len());
        let shapes = shapes(&cfg, Image { batch: 1, height: cfg.height, width: cfg.width, channels: cfg.channels })?;
        let mut parameters = Parameters::new();
        let ids = add_parameters(backend, model, &mut parameters, &shapes, upto);
        Ok(Self::new(backend, parameters, Rc::new(Network::Darknet { cfg, shapes, ids, upto })))
    }

    /// The transfer lab's fine-tuned network, over a copy of its weights.
    pub async fn fine_tuned(backend: &'a B, net: &FineTuned<'_, B>) -> Self {
        let mut parameters = Parameters::new();
        for ((name, values), (_, shape)) in net.parameters().await.into_iter().zip(net.parameter_shapes()) {
            let role = if name.ends_with(".bias") { Role::Bias } else { Role::Weight };
            parameters.add(backend, &name, &shape, role, &values);
        }
        Self::new(backend, parameters, Rc::new(Network::FineTuned(net.layout().clone())))
    }

    pub fn backend(&self) -> &'a B {
        self.backend
    }

    /// The index of the pass for `batch` images, made on first use.
    fn pass(&mut self, batch: usize) -> usize {
        match self.passes.iter().position(|p| p.graph.batch() == batch) {
            Some(index) => index,
            None => {
                let mut g = GraphBuilder::new(&self.parameters, batch);
                let (input, top) = self.network.write(&mut g);
                g.loss(Loss::SoftmaxCrossEntropy, top);
                let mut graph = g.build(self.backend);
                graph.set_training(false);
                graph.set_input_gradients(true);
                // Grad-CAM reads the gradient of a layer's maps.
                graph.keep_gradients(true);
                self.passes.push(Pass { graph, input, top });
                self.passes.len() - 1
            }
        }
    }

    fn first(&self) -> &Pass<B> {
        &self.passes[0]
    }

    /// One input image's shape.
    pub fn input_shape(&self) -> Image {
        let pass = self.first();
        pass.graph.shape(pass.input)
    }

    pub fn input_len(&self) -> usize {
        self.input_shape().len()
    }

    /// The top node's values per image: a classifier's classes.
    pub fn classes(&self) -> usize {
        let pass = self.first();
        pass.graph.shape(pass.top).len()
    }

    /// Every node but the input, in forward order.
    pub fn layers(&self) -> Vec<LayerInfo> {
        let graph = &self.first().graph;
        let input = self.first().input;
        graph
            .nodes()
            .enumerate()
            .filter(|&(_, n)| n != input)
            .map(|(index, n)| {
                let shape = graph.shape(n);
                LayerInfo {
                    name: graph.name(n).to_string(),
                    node: index,
                    height: shape.height,
                    width: shape.width,
                    channels: shape.channels,
                }
            })
            .collect()
    }

    fn node(&self, index: usize) -> Result<NodeId, String> {
        self.first().graph.nodes().nth(index).ok_or_else(|| format!("the network has no node {index}"))
    }

    /// The input rectangle (top, left, bottom, right; exclusive ends) that position (y, x) of node `node` sees.
    pub fn receptive_field(&self, node: usize, y: usize, x: usize) -> Result<(usize, usize, usize, usize), String> {
        let node = self.node(node)?;
        let input = self.input_shape();
        Ok(self.first().graph.receptive_field(node).rectangle(y, x, input.height, input.width))
    }

    /// Queues the forward pass of `images` (a whole number of images) in the pass of their batch size.
    fn forward(&mut self, images: &[f32]) -> Result<usize, String> {
        let per_image = self.input_len();
        if images.is_empty() || !images.len().is_multiple_of(per_image) {
            return Err(format!("{} values are not a whole number of {per_image}-value images", images.len()));
        }
        let index = self.pass(images.len() / per_image);
        let scaled: Vec<f32>;
        let images = if self.input_scale == InputScale::IDENTITY {
            images
        } else {
            let (scale, shift, channels) =
                (self.input_scale.scale, self.input_scale.shift, self.input_shape().channels);
            scaled = images.iter().enumerate().map(|(i, v)| v * scale[i % channels] + shift[i % channels]).collect();
            &scaled
        };
        let (backend, parameters) = (self.backend, &self.parameters);
        let pass = &mut self.passes[index];
        pass.graph.write_input(backend, pass.input, images);
        pass.graph.forward(backend, parameters);
        Ok(index)
    }

    /// The top node's values for `images`: a classifier's logits, [batch, classes].
    pub async fn logits(&mut self, images: &[f32]) -> Result<Vec<f32>, String> {
        let index = self.forward(images)?;
        let pass = &self.passes[index];
        Ok(pass.graph.read(self.backend, pass.top).await)
    }

    /// Each class's probability for `images`, [batch, classes].
    pub async fn probabilities(&mut self, images: &[f32]) -> Result<Vec<f32>, String> {
        let logits = self.logits(images).await?;
        let mut probabilities = vec![0.0; logits.len()];
        softmax(&logits, &mut probabilities, self.classes());
        Ok(probabilities)
    }

    /// Every layer's values for `images`, in `layers` order.
    pub async fn activations(&mut self, images: &[f32]) -> Result<Vec<Vec<f32>>, String> {
        let index = self.forward(images)?;
        let pass = &self.passes[index];
        let mut values = Vec::new();
        for node in pass.graph.nodes().filter(|&n| n != pass.input) {
            values.push(pass.graph.read(self.backend, node).await);
        }
        Ok(values)
    }

    /// Node `node`'s values for `images`.
    pub async fn layer_values(&mut self, images: &[f32], node: usize) -> Result<Vec<f32>, String> {
        let node = self.node(node)?;
        let index = self.forward(images)?;
        Ok(self.passes[index].graph.read(self.backend, node).await)
    }

    /// Node `node`'s weights and their shape ([kernel_h, kernel_w, in / groups, out] for a convolution,
    /// [in, out] for a dense layer); none for a node without.
    pub async fn weights(&self, node: usize) -> Result<Option<(Vec<usize>, Vec<f32>)>, String> {
        let Some(id) = self.first().graph.weight(self.node(node)?) else { return Ok(None) };
        let shape = self.parameters.get(id).shape.clone();
        Ok(Some((shape, self.backend.read(self.parameters.value(id)).await)))
    }

    /// The `count` images of `images` that excite channel `channel` of node `node` most, best first: each
    /// image's index, its largest value of the channel and where (y, x).
    pub async fn top_images(
        &mut self,
        images: &[f32],
        node: usize,
        channel: usize,
        count: usize,
    ) -> Result<Vec<TopImage>, String> {
        let layer = self.layers().into_iter().find(|l| l.node == node).ok_or(format!("no node {node}"))?;
        if channel >= layer.channels {
            return Err(format!("{}: no channel {channel} of {}", layer.name, layer.channels));
        }
        let len = self.input_len();
        let mut best: Vec<TopImage> = Vec::new();
        for (chunk_index, batch) in images.chunks(chunk(len) * len).enumerate() {
            let values = self.layer_values(batch, node).await?;
            let per_image = layer.height * layer.width * layer.channels;
            for (i, image) in values.chunks_exact(per_image).enumerate() {
                let (position, value) = image
                    .iter()
                    .skip(channel)
                    .step_by(layer.channels)
                    .enumerate()
                    .fold((0, f32::NEG_INFINITY), |best, (p, &v)| if v > best.1 { (p, v) } else { best });
                let index = chunk_index * chunk(len) + i;
                best.push(TopImage { index, value, y: position / layer.width, x: position % layer.width });
            }
        }
        best.sort_by(|a, b| b.value.total_cmp(&a.value));
        best.truncate(count);
        Ok(best)
    }

    /// Each layer's largest value per channel over all of `images` (in `layers` order): a map whose
    /// largest value is ≤ 0 after a rectifier never fired on them — a dead map.
    pub async fn channel_peaks(&mut self, images: &[f32]) -> Result<Vec<Vec<f32>>, String> {
        let shapes: Vec<usize> = self.layers().iter().map(|l| l.channels).collect();
        let mut peaks: Vec<Vec<f32>> = shapes.iter().map(|&c| vec![f32::NEG_INFINITY; c]).collect();
        for batch in images.chunks(chunk(self.input_len()) * self.input_len()) {
            for ((values, peaks), channels) in self.activations(batch).await?.iter().zip(&mut peaks).zip(&shapes) {
                for pixel in values.chunks_exact(*channels) {
                    peaks.iter_mut().zip(pixel).for_each(|(peak, &v)| *peak = peak.max(v));
                }
            }
        }
        Ok(peaks)
    }

    /// The gradient of the loss against `targets` (one row of the top node's values per image: one-hot
    /// classes) with respect to `images`, and the loss (the batch's mean).
    pub async fn loss_gradient(&mut self, images: &[f32], targets: &[f32]) -> Result<(Vec<f32>, f32), String> {
        let index = self.forward(images)?;
        let (backend, parameters) = (self.backend, &mut self.parameters);
        let pass = &mut self.passes[index];
        pass.graph.write_targets(backend, targets);
        pass.graph.backward(backend, parameters, Seed::Loss);
        let gradient = pass.graph.read_gradient(backend, pass.input).await.expect("the input needs a gradient");
        let loss = pass.graph.read_loss(backend).await;
        Ok((self.in_pixels(gradient), loss))
    }

    /// Queues the forward pass of one image and the backward pass from `target`, through rectifiers by
    /// `rule`; returns the pass, whose node gradients can then be read.
    async fn backward_from(&mut self, image: &[f32], target: Target, rule: BackwardRule) -> Result<usize, String> {
        let seed_node = match target {
            Target::Class { .. } => None,
            Target::Unit { node, .. } | Target::Channel { node, .. } => Some(self.node(node)?),
        };
        if image.len() != self.input_len() {
            return Err(format!("{} values are not one {}-value image", image.len(), self.input_len()));
        }
        let index = self.forward(image)?;
        let (backend, parameters) = (self.backend, &mut self.parameters);
        let pass = &mut self.passes[index];
        let node = seed_node.unwrap_or(pass.top);
        let shape = pass.graph.shape(node);
        let name = pass.graph.name(node).to_string();
        let channel_mean: Vec<f32>;
        let seed = match target {
            Target::Class { class: index } | Target::Unit { index, .. } if index < shape.len() => {
                Seed::Unit { node, index }
            }
            Target::Class { class: index } | Target::Unit { index, .. } => {
                return Err(format!("{name}: no unit {index} of {}", shape.len()))
            }
            Target::Channel { channel, .. } if channel < shape.channels => {
                let share = 1.0 / shape.pixels() as f32;
                channel_mean =
                    (0..shape.len()).map(|i| if i % shape.channels == channel { share } else { 0.0 }).collect();
                Seed::Gradient { node, values: &channel_mean }
            }
            Target::Channel { channel, .. } => {
                return Err(format!("{name}: no channel {channel} of {}", shape.channels))
            }
        };
        pass.graph.set_backward_rule(rule);
        pass.graph.backward(backend, parameters, seed);
        pass.graph.set_backward_rule(BackwardRule::Gradient);
        Ok(index)
    }

    /// The gradient of `target` with respect to one image, passed back through rectifiers by `rule`.
    pub async fn target_gradient(
        &mut self,
        image: &[f32],
        target: Target,
        rule: BackwardRule,
    ) -> Result<Vec<f32>, String> {
        let index = self.backward_from(image, target, rule).await?;
        let pass = &self.passes[index];
        let gradient = pass.graph.read_gradient(self.backend, pass.input).await.expect("the input needs a gradient");
        Ok(self.in_pixels(gradient))
    }

    /// A gradient with respect to the network's input as one with respect to the lab's pixels (the chain
    /// rule through `input_scale`).
    fn in_pixels(&self, mut gradient: Vec<f32>) -> Vec<f32> {
        if self.input_scale != InputScale::IDENTITY {
            let channels = self.input_shape().channels;
            gradient.iter_mut().enumerate().for_each(|(i, g)| *g *= self.input_scale.scale[i % channels]);
        }
        gradient
    }

    /// `target`'s value for one image, from the last forward pass of batch 1 (`target_gradient`'s).
    pub async fn target_value(&self, target: Target) -> Result<f32, String> {
        let pass = self.passes.iter().find(|p| p.graph.batch() == 1).expect("the batch-1 pass");
        let node = match target {
            Target::Class { .. } => pass.top,
            Target::Unit { node, .. } | Target::Channel { node, .. } => self.node(node)?,
        };
        let values = pass.graph.read(self.backend, node).await;
        let channels = pass.graph.shape(node).channels;
        let value = match target {
            Target::Class { class: index } | Target::Unit { index, .. } => values.get(index).copied(),
            Target::Channel { channel, .. } => {
                let map: Vec<f32> = values.iter().skip(channel).step_by(channels).copied().collect();
                (channel < channels).then(|| map.iter().sum::<f32>() / map.len() as f32)
            }
        };
        value.ok_or_else(|| format!("{}: no such unit or channel", pass.graph.name(node)))
    }

    /// Every parameter's values (what the inside lab must leave bit-identical).
    pub async fn parameter_values(&self) -> Vec<Vec<f32>> {
        self.parameters.read_all(self.backend).await
    }
}
