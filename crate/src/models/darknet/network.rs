//! A darknet network as engine ops, for inference on any backend. Loading folds each convolution's
//! batch-norm into its weights and bias and reorders the weights from darknet's [out][in][ky][kx] to the
//! engine's HWIO; `Darknet::new` then writes the layers as a graph (`crate::nn`) for one input size, whose
//! buffers are made once, so a webcam loop allocates nothing per frame.

use super::cfg::{Cfg, Convolutional, DetectionHead, Layer};
use super::error::DarknetError;
use super::weights::{self, ConvSize, StoredConv};
use crate::engine::ops::{fold_batch_norm, Image, Padding, PoolKind, VarianceNormalisation};
use crate::engine::Backend;
use crate::nn::{ConvOptions, Graph, GraphBuilder, NodeId, ParameterId, Parameters, Role};

/// Every layer's output shape for an input of `input`, or what makes the cfg impossible.
pub fn shapes(cfg: &Cfg, input: Image) -> Result<Vec<Image>, DarknetError> {
    let mut shapes: Vec<Image> = Vec::with_capacity(cfg.layers.len());
    for (index, layer) in cfg.layers.iter().enumerate() {
        let previous = if index == 0 { input } else { shapes[index - 1] };
        let kind = || name(layer).to_string();
        let window_misfit = |size: usize| DarknetError::LayerKernel {
            layer: index,
            kind: kind(),
            size,
            height: previous.height,
            width: previous.width,
        };
        let shape = match layer {
            Layer::Convolutional(conv) => {
                if previous.channels % conv.groups != 0 || conv.filters % conv.groups != 0 {
                    return Err(DarknetError::LayerGroups {
                        layer: index,
                        kind: kind(),
                        channels: previous.channels,
                        filters: conv.filters,
                        groups: conv.groups,
                    });
                }
                let side =
                    |length: usize| (length + 2 * conv.padding).checked_sub(conv.size).map(|l| l / conv.stride + 1);
                match (side(previous.height), side(previous.width)) {
                    (Some(height), Some(width)) => Image { height, width, channels: conv.filters, ..previous },
                    _ => return Err(window_misfit(conv.size)),
                }
            }
            Layer::Maxpool { size, stride, padding } => {
                let side = |length: usize| (length + padding).checked_sub(*size).map(|l| l / stride + 1);
                match (side(previous.height), side(previous.width)) {
                    (Some(height), Some(width)) => Image { height, width, ..previous },
                    _ => return Err(window_misfit(*size)),
                }
            }
            Layer::Route { layers } => {
                let first = shapes[layers[0]];
                if let Some(&other) = layers[1..]
                    .iter()
                    .find(|&&other| (shapes[other].height, shapes[other].width) != (first.height, first.width))
                {
                    return Err(DarknetError::LayerRouteSizes { layer: index, kind: kind(), first: layers[0], other });
                }
                Image { channels: layers.iter().map(|&l| shapes[l].channels).sum(), ..first }
            }
            Layer::Shortcut { from, .. } => {
                if shapes[*from] != previous {
                    return Err(DarknetError::LayerShortcutShape { layer: index, kind: kind(), from: *from });
                }
                previous
            }
            Layer::Upsample { stride } => {
                if *stride != 2 {
                    return Err(DarknetError::LayerUpsample { layer: index, kind: kind(), stride: *stride });
                }
                previous.doubled()
            }
            Layer::Dropout => previous,
            Layer::Avgpool => {
                if previous.height != previous.width {
                    return Err(DarknetError::LayerKernel {
                        layer: index,
                        kind: kind(),
                        size: previous.height,
                        height: previous.height,
                        width: previous.width,
                    });
                }
                Image { height: 1, width: 1, ..previous }
            }
            Layer::Head(head) => {
                if previous.channels != head.anchors.len() * (5 + head.classes) {
                    return Err(DarknetError::LayerHeadChannels {
                        layer: index,
                        kind: kind(),
                        channels: previous.channels,
                        anchors: head.anchors.len(),
                        classes: head.classes,
                    });
                }
                previous
            }
        };
        shapes.push(shape);
    }
    Ok(shapes)
}

fn name(layer: &Layer) -> &'static str {
    match layer {
        Layer::Convolutional(_) => "convolutional",
        Layer::Maxpool { .. } => "maxpool",
        Layer::Route { .. } => "route",
        Layer::Shortcut { .. } => "shortcut",
        Layer::Upsample { .. } => "upsample",
        Layer::Dropout => "dropout",
        Layer::Avgpool => "avgpool",
        Layer::Head(_) => "detection head",
    }
}

/// How batch-norm divides by the variance: as OpenCV's darknet importer, the reference, does. Darknet itself
/// divides by √var + 1e-6 (`VarianceNormalisation::Darknet`); the two differ only on channels of near-zero
/// variance, but there darknet's form puts Yolo-Fastest's heads 50× further from OpenCV's (max |Δ| 1.1e-3
/// instead of 2e-5).
const BATCH_NORM: VarianceNormalisation = VarianceNormalisation::Standard { epsilon: 1e-6 };

/// A convolution's parameters ready for the engine: HWIO weights and the bias (batch-norm folded in).
#[derive(Clone, Debug)]
struct FoldedConv {
    weights: Vec<f32>,
    bias: Vec<f32>,
}

fn fold(stored: StoredConv, size: usize, in_per_group: usize) -> FoldedConv {
    let filters = stored.biases.len();
    let (scale, bias) = match &stored.batch_norm {
        Some((gamma, mean, variance)) => fold_batch_norm(gamma, &stored.biases, mean, variance, BATCH_NORM),
        None => (vec![1.0; filters], stored.biases),
    };
    let mut weights = vec![0.0; stored.weights.len()];
    for o in 0..filters {
        for i in 0..in_per_group {
            for ky in 0..size {
                for kx in 0..size {
                    let darknet = ((o * in_per_group + i) * size + ky) * size + kx;
                    weights[((ky * size + kx) * in_per_group + i) * filters + o] = stored.weights[darknet] * scale[o];
                }
            }
        }
    }
    FoldedConv { weights, bias }
}

/// A darknet model read from its cfg and weights, independent of the backend and the input size.
#[derive(Clone, Debug)]
pub struct DarknetModel {
    pub cfg: Cfg,
    /// One per convolutional layer, in order.
    convs: Vec<FoldedConv>,
}

/// Each convolutional layer: its index, its description and its input channels per group.
fn convolutions(cfg: &Cfg) -> Result<Vec<(usize, &Convolutional, usize)>, DarknetError> {
    let shapes = shapes(cfg, Image { batch: 1, height: cfg.height, width: cfg.width, channels: cfg.channels })?;
    let layers = cfg.layers.iter().enumerate();
    Ok(layers
        .filter_map(|(index, layer)| match layer {
            Layer::Convolutional(conv) => {
                let channels = if index == 0 { cfg.channels } else { shapes[index - 1].channels };
                Some((index, conv, channels / conv.groups))
            }
            _ => None,
        })
        .collect())
}

impl DarknetModel {
    pub fn load(cfg: Cfg, weights_file: &[u8]) -> Result<Self, DarknetError> {
        let convolutions = convolutions(&cfg)?;
        let sizes: Vec<ConvSize> = convolutions
            .iter()
            .map(|&(layer, conv, in_per_group)| ConvSize {
                layer,
                filters: conv.filters,
                weights: conv.filters * in_per_group * conv.size * conv.size,
                batch_normalize: conv.batch_normalize,
            })
            .collect();
        let stored = weights::read(weights_file, &sizes)?;
        let convs = stored
            .into_iter()
            .zip(&convolutions)
            .map(|(stored, &(_, conv, in_per_group))| fold(stored, conv.size, in_per_group))
            .collect();
        Ok(Self { cfg, convs })
    }

    /// A network described by `cfg` whose convolutions' parameters come from elsewhere (a tfjs manifest):
    /// one (HWIO weights, bias) per convolutional layer, in order.
    pub fn from_parameters(cfg: Cfg, parameters: Vec<(Vec<f32>, Vec<f32>)>) -> Result<Self, DarknetError> {
        let convolutions = convolutions(&cfg)?;
        if convolutions.len() != parameters.len() {
            return Err(DarknetError::ParameterCount { given: parameters.len(), layers: convolutions.len() });
        }
        for (&(index, conv, in_per_group), (weights, bias)) in convolutions.iter().zip(&parameters) {
            let expected = conv.size * conv.size * in_per_group * conv.filters;
            if weights.len() != expected || bias.len() != conv.filters {
                return Err(DarknetError::ParameterSizes {
                    layer: index,
                    weights: weights.len(),
                    biases: bias.len(),
                    expected_weights: expected,
                    expected_biases: conv.filters,
                });
            }
        }
        let convs = parameters.into_iter().map(|(weights, bias)| FoldedConv { weights, bias }).collect();
        Ok(Self { cfg, convs })
    }

    /// How many convolutional layers it has (`convolution` takes 0 to this).
    pub fn convolution_count(&self) -> usize {
        self.convs.len()
    }

    /// The `index`-th convolution's folded weights ([size, size, in per group, filters]) and biases.
    pub fn convolution(&self, index: usize) -> (&[f32], &[f32]) {
        let conv = &self.convs[index];
        (&conv.weights, &conv.bias)
    }

    /// The detection heads (`[yolo]`, `[region]`), with their indices.
    pub fn heads(&self) -> Vec<(usize, &DetectionHead)> {
        let layers = self.cfg.layers.iter().enumerate();
        layers.filter_map(|(i, l)| if let Layer::Head(head) = l { Some((i, head)) } else { None }).collect()
    }
}

/// Adds the folded weights and biases of the convolutions below layer `upto` to `parameters`, named
/// `layer{index}.weight` ([size, size, in per group, filters]) and `layer{index}.bias`; one pair per
/// convolution, in order. `shapes` are the layers' output shapes (`shapes`).
pub fn add_parameters<B: Backend>(
    backend: &B,
    model: &DarknetModel,
    parameters: &mut Parameters<B>,
    shapes: &[Image],
    upto: usize,
) -> Vec<(ParameterId, ParameterId)> {
    let cfg = &model.cfg;
    let mut convs = model.convs.iter();
    let mut ids = Vec::new();
    for (index, layer) in cfg.layers[..upto].iter().enumerate() {
        if let Layer::Convolutional(conv) = layer {
            let folded = convs.next().expect("one folded convolution per convolutional layer");
            let in_channels = if index == 0 { cfg.channels } else { shapes[index - 1].channels };
            let shape = [conv.size, conv.size, in_channels / conv.groups, conv.filters];
            let w = parameters.add(backend, &format!("layer{index}.weight"), &shape, Role::Weight, &folded.weights);
            let b = parameters.add(backend, &format!("layer{index}.bias"), &[conv.filters], Role::Bias, &folded.bias);
            ids.push((w, b));
        }
    }
    ids
}

/// Writes the layers below `upto` on `g`, from `input`, with the convolutions' parameters `ids`
/// (`add_parameters`); each layer's node — a dropout, a route of one layer or a detection head is its
/// input's node.
pub fn write_layers<B: Backend>(
    g: &mut GraphBuilder<B>,
    cfg: &Cfg,
    shapes: &[Image],
    ids: &[(ParameterId, ParameterId)],
    input: NodeId,
    upto: usize,
) -> Vec<NodeId> {
    let mut ids = ids.iter();
    let mut layers: Vec<NodeId> = Vec::with_capacity(upto);
    for (index, layer) in cfg.layers[..upto].iter().enumerate() {
        let previous = if index == 0 { input } else { layers[index - 1] };
        let name = format!("layer{index}");
        let padding =
            |before: usize, after: usize| Padding::Explicit { top: before, bottom: after, left: before, right: after };
        layers.push(match layer {
            Layer::Convolutional(conv) => {
                let &(w, b) = ids.next().expect("parameters for every convolution");
                let padding = padding(conv.padding, conv.padding);
                g.conv(
                    &name,
                    previous,
                    w,
                    Some(b),
                    ConvOptions { stride: conv.stride, padding, groups: conv.groups, activation: conv.activation },
                )
            }
            Layer::Maxpool { size, stride, padding: total } => {
                g.pool(&name, previous, PoolKind::Max, *size, *stride, padding(total / 2, total - total / 2))
            }
            Layer::Route { layers: from } if from.len() == 1 => layers[from[0]],
            Layer::Route { layers: from } => {
                let parts: Vec<NodeId> = from.iter().map(|&l| layers[l]).collect();
                g.concat(&name, &parts)
            }
            Layer::Shortcut { from, activation } => g.add(&name, previous, layers[*from], *activation),
            Layer::Upsample { .. } => g.upsample(&name, previous),
            // A window the size of the (square) map: one mean per channel.
            Layer::Avgpool => {
                let side = if index == 0 { g.shape(input).height } else { shapes[index - 1].height };
                g.pool(&name, previous, PoolKind::Average, side, side, padding(0, 0))
            }
            Layer::Dropout | Layer::Head(_) => previous,
        });
    }
    layers
}

/// A darknet model laid out on a backend for one input size: a graph for inference, whose buffers are
/// shared by layers that are never alive together.
pub struct Darknet<'a, B: Backend> {
    backend: &'a B,
    shapes: Vec<Image>,
    parameters: Parameters<B>,
    graph: Graph<B>,
    input: NodeId,
    /// Each layer's node; a dropout, a route of one layer or a detection head is its input's node.
    layers: Vec<NodeId>,
}

impl<'a, B: Backend> Darknet<'a, B> {
    /// Lays `model` out for a `height` × `width` input (the cfg's own size or another multiple of its
    /// stride); the outputs of the layers in `read` stay readable after each run.
    pub fn new(
        backend: &'a B,
        model: &DarknetModel,
        height: usize,
        width: usize,
        read: &[usize],
    ) -> Result<Self, DarknetError> {
        let cfg = &model.cfg;
        let input_shape = Image { batch: 1, height, width, channels: cfg.channels };
        let shapes = shapes(cfg, input_shape)?;
        let mut parameters = Parameters::new();
        let ids = add_parameters(backend, model, &mut parameters, &shapes, cfg.layers.len());
        let mut g = GraphBuilder::new(&parameters, 1);
        let input = g.input("input", height, width, cfg.channels);
        let layers = write_layers(&mut g, cfg, &shapes, &ids, input, cfg.layers.len());
        let kept: Vec<NodeId> = read.iter().map(|&layer| layers[layer]).collect();
        let graph = g.build_for_inference(backend, &kept);
        Ok(Self { backend, shapes, parameters, graph, input, layers })
    }

    /// Queues the network on `image`: [height, width, channels] values as the model expects them (for
    /// darknet detectors, RGB in [0, 1]).
    pub fn run(&mut self, image: &[f32]) {
        self.write_input(image);
        self.forward();
    }

    /// The first half of `run`: writes the image into the network's input.
    pub fn write_input(&mut self, image: &[f32]) {
        self.graph.write_input(self.backend, self.input, image);
    }

    /// The second half of `run`: queues the network on the image last written.
    pub fn forward(&mut self) {
        self.graph.forward(self.backend, &self.parameters);
    }

    /// Layer `layer`'s output shape.
    pub fn shape(&self, layer: usize) -> Image {
        self.shapes[layer]
    }

    /// The output of layer `layer` (one of those `new` was asked to keep) from the last run, NHWC.
    pub async fn output(&self, layer: usize) -> Vec<f32> {
        self.graph.read(self.backend, self.layers[layer]).await
    }

    /// The bytes the layers' outputs take, with buffers shared and with one buffer per layer.
    pub fn activation_bytes(&self) -> (usize, usize) {
        self.graph.value_bytes(self.backend)
    }
}
