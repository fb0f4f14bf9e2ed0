//! A pretrained darknet classifier fine-tuned on new classes (the transfer lab): its layers up to a cut,
//! each channel's map averaged over the image, then a new classifier onto the new classes — one dense layer,
//! or a hidden dense layer (ReLU) before it: the deck's two choices. `Freeze` says which pretrained layers
//! train; those that do, train at a fraction of the new layers' learning rate (the parameters'
//! learning-rate multiplier), and frozen ones are never stepped, so they stay bit-identical.

use super::darknet::cfg::Cfg;
use super::darknet::network::{add_parameters, shapes, write_layers};
use super::darknet::{DarknetError, DarknetModel};
use super::safetensors::{self, SafetensorsError};
use crate::activation::Activation;
use crate::engine::ops::{Image, Padding, PoolKind};
use crate::engine::Backend;
use crate::nn::{Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Role, Seed};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Which pretrained layers stay as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Freeze {
    /// Every pretrained layer: only the new classifier trains (the features are fixed).
    Pretrained,
    /// Every pretrained convolution but the top one below the cut, which trains with the new classifier.
    AllButTop,
    /// Nothing: the whole network trains.
    Nothing,
}

/// The fine-tuned network's shape and training choices.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FineTuneSpec {
    /// The last pretrained layer kept.
    pub cut: usize,
    pub classes: usize,
    /// Units of the extra hidden dense layer before the new classifier, if any.
    pub hidden: Option<usize>,
    pub freeze: Freeze,
    /// The pretrained layers' learning rate as a fraction of the new layers'.
    pub pretrained_rate: f32,
    /// Seeds the new layers' initial weights.
    pub seed: u64,
}

/// A graph of the network for one batch size.
struct Pass<B: Backend> {
    graph: Graph<B>,
    input: NodeId,
    logits: NodeId,
    training: bool,
}

/// How a fine-tuned network is written on the graph, given its parameters' ids: what the inside lab needs to
/// write the same network over a copy of its weights.
#[derive(Clone, Debug)]
pub struct FineTunedLayout {
    /// The pretrained network's layers.
    cfg: Cfg,
    cut: usize,
    shapes: Vec<Image>,
    pretrained: Vec<(ParameterId, ParameterId)>,
    /// The new layers' (weight, bias), the classifier last.
    head: Vec<(ParameterId, ParameterId)>,
}

impl FineTunedLayout {
    /// Writes the network on `g`: the pretrained layers to the cut, their maps averaged, the new layers.
    /// Returns the input node and the logits.
    pub fn write<B: Backend>(&self, g: &mut GraphBuilder<B>) -> (NodeId, NodeId) {
        let cfg = &self.cfg;
        let input = g.input("input", cfg.height, cfg.width, cfg.channels);
        let layers = write_layers(g, cfg, &self.shapes, &self.pretrained, input, self.cut + 1);
        let side = self.shapes[self.cut].height;
        let mut x = g.pool("features", layers[self.cut], PoolKind::Average, side, side, Padding::Valid);
        let last = self.head.len() - 1;
        for (i, &(weight, bias)) in self.head.iter().enumerate() {
            let activation = if i == last { Activation::Linear } else { Activation::Relu };
            x = g.dense(&format!("head{i}"), x, weight, Some(bias), activation);
        }
        (input, x)
    }
}

pub struct FineTuned<'a, B: Backend> {
    backend: &'a B,
    spec: FineTuneSpec,
    layout: FineTunedLayout,
    /// The pretrained layers' weights, then the new layers'.
    parameters: Parameters<B>,
    passes: Vec<Pass<B>>,
    last_training: Option<usize>,
}

impl<'a, B: Backend> FineTuned<'a, B> {
    /// `model`'s layers up to `spec.cut` with their pretrained weights, and new layers initialised from
    /// `spec.seed` (He-uniform weights, zero biases).
    pub fn new(backend: &'a B, model: &DarknetModel, spec: FineTuneSpec) -> Result<Self, String> {
        let cfg = &model.cfg;
        if spec.cut >= cfg.layers.len() || spec.classes < 2 || spec.hidden == Some(0) {
            return Err(format!("cannot fine-tune at layer {} onto {} classes", spec.cut, spec.classes));
        }
        if !(spec.pretrained_rate >= 0.0 && spec.pretrained_rate.is_finite()) {
            return Err(format!("a learning-rate fraction of {} is not a rate", spec.pretrained_rate));
        }
        let input = Image { batch: 1, height: cfg.height, width: cfg.width, channels: cfg.channels };
        let shapes = shapes(cfg, input).map_err(|e: DarknetError| e.to_string())?;
        let mut parameters = Parameters::new();
        let pretrained = add_parameters(backend, model, &mut parameters, &shapes, spec.cut + 1);
        let top = pretrained.len().saturating_sub(1);
        for (i, &(weight, bias)) in pretrained.iter().enumerate() {
            let trains = match spec.freeze {
                Freeze::Pretrained => false,
                Freeze::AllButTop => i == top,
                Freeze::Nothing => true,
            };
            for id in [weight, bias] {
                let parameter = parameters.get_mut(id);
                parameter.trainable = trains;
                parameter.learning_rate_multiplier = spec.pretrained_rate;
            }
        }
        let mut rng = Rng::new(spec.seed);
        let mut dense = |name: &str, inputs: usize, outputs: usize| {
            let limit = (6.0 / inputs as f32).sqrt();
            let weights: Vec<f32> = (0..inputs * outputs).map(|_| rng.uniform_in(-limit, limit)).collect();
            let w = parameters.add(backend, &format!("{name}.weight"), &[inputs, outputs], Role::Weight, &weights);
            let b = parameters.add(backend, &format!("{name}.bias"), &[outputs], Role::Bias, &vec![0.0; outputs]);
            (w, b)
        };
        let features = shapes[spec.cut].channels;
        let head = match spec.hidden {
            Some(units) => vec![dense("head.hidden", features, units), dense("head.classifier", units, spec.classes)],
            None => vec![dense("head.classifier", features, spec.classes)],
        };
        let layout = FineTunedLayout { cfg: model.cfg.clone(), cut: spec.cut, shapes, pretrained, head };
        Ok(Self { backend, spec, layout, parameters, passes: Vec::new(), last_training: None })
    }

    pub fn spec(&self) -> FineTuneSpec {
        self.spec
    }

    /// The input side (square): the pretrained network's own.
    pub fn side(&self) -> usize {
        self.layout.cfg.height
    }

    /// How the network is written on the graph (over parameters added in `parameters` order).
    pub fn layout(&self) -> &FineTunedLayout {
        &self.layout
    }

    /// The network for `batch` images, with the softmax cross-entropy loss when `training`.
    fn build(&self, batch: usize, training: bool) -> Pass<B> {
        let mut g = GraphBuilder::new(&self.parameters, batch);
        let (input, logits) = self.layout.write(&mut g);
        if training {
            g.loss(Loss::SoftmaxCrossEntropy, logits);
        }
        Pass { graph: g.build(self.backend), input, logits, training }
    }

    fn pass_index(&mut self, batch: usize, training: bool) -> usize {
        let found = self.passes.iter().position(|p| p.graph.batch() == batch && p.training == training);
        if let Some(index) = found {
            return index;
        }
        let pass = self.build(batch, training);
        self.passes.push(pass);
        self.passes.len() - 1
    }

    /// One optimiser step on a batch: `images` [batch, side, side, 3] in [0, 1], one label each.
    pub fn train_step(&mut self, images: &[f32], labels: &[usize], optimiser: Optimiser) {
        let (batch, classes) = (labels.len(), self.spec.classes);
        let index = self.pass_index(batch, true);
        self.last_training = Some(index);
        let mut targets = vec![0.0; batch * classes];
        for (row, &label) in labels.iter().enumerate() {
            targets[row * classes + label] = 1.0;
        }
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, images);
        pass.graph.write_targets(self.backend, &targets);
        pass.graph.forward(self.backend, &self.parameters);
        pass.graph.backward(self.backend, &mut self.parameters, Seed::Loss);
        self.parameters.step(self.backend, optimiser);
    }

    /// The mean cross-entropy of the last training batch.
    pub async fn last_loss(&self) -> f32 {
        let index = self.last_training.expect("a training step first");
        self.passes[index].graph.read_loss(self.backend).await
    }

    /// Logits for `images` (a whole number of images), [batch, classes].
    pub async fn logits(&mut self, images: &[f32]) -> Vec<f32> {
        let side = self.side();
        let batch = images.len() / (side * side * 3);
        let index = self.pass_index(batch, false);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, images);
        pass.graph.forward(self.backend, &self.parameters);
        pass.graph.read(self.backend, pass.logits).await
    }

    /// Every parameter's name and values: the pretrained layers', then the new ones'.
    pub async fn parameters(&self) -> Vec<(String, Vec<f32>)> {
        let names: Vec<String> = self.parameters.iter().map(|(_, p)| p.name.clone()).collect();
        names.into_iter().zip(self.parameters.read_all(self.backend).await).collect()
    }

    /// Every parameter's name and shape, in `parameters` order: what an exported file holds.
    pub fn parameter_shapes(&self) -> Vec<(String, Vec<usize>)> {
        self.parameters.iter().map(|(_, p)| (p.name.clone(), p.shape.clone())).collect()
    }

    /// Whether parameter `name` trains.
    pub fn trains(&self, name: &str) -> bool {
        self.parameters.find(name).is_some_and(|id| self.parameters.get(id).trainable)
    }

    /// Replaces every parameter's values (in `parameters` order), as from an exported file.
    pub fn set_parameters(&mut self, values: &[Vec<f32>]) -> Result<(), String> {
        self.parameters.load(self.backend, values)
    }
}

/// What a fine-tuned network's file says of it beside its tensors: its spec and its classes' names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FineTunedFile {
    pub spec: FineTuneSpec,
    pub classes: Vec<String>,
}

const FORMAT: &str = "playground-fine-tuned";

impl<B: Backend> FineTuned<'_, B> {
    /// The network as a safetensors file, with `classes` (its outputs' names) in the metadata.
    pub async fn export(&self, classes: &[String]) -> Vec<u8> {
        let file = FineTunedFile { spec: self.spec, classes: classes.to_vec() };
        let values: Vec<Vec<f32>> = self.parameters().await.into_iter().map(|(_, v)| v).collect();
        safetensors::write_file(FORMAT, &file, &self.parameter_shapes(), &values)
    }
}

impl<'a, B: Backend> FineTuned<'a, B> {
    /// The network a file `export` wrote, on `model`'s pretrained layers, and its classes' names.
    pub fn import(backend: &'a B, model: &DarknetModel, bytes: &[u8]) -> Result<(Self, Vec<String>), SafetensorsError> {
        let mut built = None;
        let (file, values) = safetensors::read_file(bytes, FORMAT, |file: &FineTunedFile| {
            if file.classes.len() != file.spec.classes {
                let detail = format!("{} class names for {} classes", file.classes.len(), file.spec.classes);
                return Err(SafetensorsError::Architecture { detail });
            }
            let net = FineTuned::new(backend, model, file.spec)
                .map_err(|detail| SafetensorsError::Architecture { detail })?;
            let shapes = net.parameter_shapes();
            built = Some(net);
            Ok(shapes)
        })?;
        let mut net = built.expect("built while reading the shapes");
        net.set_parameters(&values).map_err(|detail| SafetensorsError::Architecture { detail })?;
        Ok((net, file.classes))
    }
}
