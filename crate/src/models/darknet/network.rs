//! A darknet network as engine ops, for inference on any backend. Loading folds each convolution's
//! batch-norm into its weights and bias and reorders the weights from darknet's [out][in][ky][kx] to the
//! engine's HWIO; `Darknet::new` then lays the layers out for one input size, every layer writing its own
//! buffer (dropouts, single-layer routes and YOLO layers reuse their input's), so a webcam loop allocates
//! no new buffers per frame.

use super::cfg::{Cfg, Convolutional, DetectionHead, Layer};
use super::weights::{self, ConvSize, StoredConv};
use crate::activation::Activation;
use crate::engine::ops::{fold_batch_norm, Conv2d, Image, Padding, Pool2d, PoolKind, VarianceNormalisation, Window};
use crate::engine::Backend;

/// A layer's output: height, width, channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

/// Every layer's output shape for an input of `input`, or what makes the cfg impossible.
pub fn shapes(cfg: &Cfg, input: Shape) -> Result<Vec<Shape>, String> {
    let mut shapes: Vec<Shape> = Vec::with_capacity(cfg.layers.len());
    for (index, layer) in cfg.layers.iter().enumerate() {
        let previous = if index == 0 { input } else { shapes[index - 1] };
        let fail = |why: String| format!("layer {index} ({}): {why}", name(layer));
        let shape = match layer {
            Layer::Convolutional(conv) => {
                if previous.channels % conv.groups != 0 || conv.filters % conv.groups != 0 {
                    return Err(fail(format!(
                        "{} input channels and {} filters do not split into {} groups",
                        previous.channels, conv.filters, conv.groups
                    )));
                }
                let side =
                    |length: usize| (length + 2 * conv.padding).checked_sub(conv.size).map(|l| l / conv.stride + 1);
                match (side(previous.height), side(previous.width)) {
                    (Some(height), Some(width)) => Shape { height, width, channels: conv.filters },
                    _ => {
                        return Err(fail(format!(
                            "a {0}×{0} kernel does not fit its {1}×{2} input",
                            conv.size, previous.height, previous.width
                        )))
                    }
                }
            }
            Layer::Maxpool { size, stride, padding } => {
                let side = |length: usize| (length + padding).checked_sub(*size).map(|l| l / stride + 1);
                match (side(previous.height), side(previous.width)) {
                    (Some(height), Some(width)) => Shape { height, width, ..previous },
                    _ => {
                        return Err(fail(format!(
                            "a {size}×{size} window does not fit its {}×{} input",
                            previous.height, previous.width
                        )))
                    }
                }
            }
            Layer::Route { layers } => {
                let first = shapes[layers[0]];
                for &other in &layers[1..] {
                    let s = shapes[other];
                    if (s.height, s.width) != (first.height, first.width) {
                        return Err(fail(format!(
                            "layer {} is {}×{} but layer {other} is {}×{}",
                            layers[0], first.height, first.width, s.height, s.width
                        )));
                    }
                }
                Shape { channels: layers.iter().map(|&l| shapes[l].channels).sum(), ..first }
            }
            Layer::Shortcut { from, .. } => {
                if shapes[*from] != previous {
                    return Err(fail(format!("layer {from}'s output differs in shape from the previous layer's")));
                }
                previous
            }
            Layer::Upsample { stride } => {
                if *stride != 2 {
                    return Err(fail(format!("upsampling by {stride} is not supported, only by 2")));
                }
                Shape { height: 2 * previous.height, width: 2 * previous.width, ..previous }
            }
            Layer::Dropout => previous,
            Layer::Head(head) => {
                let expected = head.anchors.len() * (5 + head.classes);
                if previous.channels != expected {
                    return Err(fail(format!(
                        "its input has {} channels, {} anchors × (5 + {} classes) need {expected}",
                        previous.channels,
                        head.anchors.len(),
                        head.classes
                    )));
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
fn convolutions(cfg: &Cfg) -> Result<Vec<(usize, &Convolutional, usize)>, String> {
    let shapes = shapes(cfg, Shape { height: cfg.height, width: cfg.width, channels: cfg.channels })?;
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
    pub fn load(cfg: Cfg, weights_file: &[u8]) -> Result<Self, String> {
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
    pub fn from_parameters(cfg: Cfg, parameters: Vec<(Vec<f32>, Vec<f32>)>) -> Result<Self, String> {
        let convolutions = convolutions(&cfg)?;
        if convolutions.len() != parameters.len() {
            return Err(format!(
                "{} parameter pairs for {} convolutional layers",
                parameters.len(),
                convolutions.len()
            ));
        }
        for (&(index, conv, in_per_group), (weights, bias)) in convolutions.iter().zip(&parameters) {
            let expected = conv.size * conv.size * in_per_group * conv.filters;
            if weights.len() != expected || bias.len() != conv.filters {
                return Err(format!(
                    "layer {index}: {} weights and {} biases given, it takes {expected} and {}",
                    weights.len(),
                    bias.len(),
                    conv.filters
                ));
            }
        }
        let convs = parameters.into_iter().map(|(weights, bias)| FoldedConv { weights, bias }).collect();
        Ok(Self { cfg, convs })
    }

    /// The detection heads (`[yolo]`, `[region]`), with their indices.
    pub fn heads(&self) -> Vec<(usize, &DetectionHead)> {
        let layers = self.cfg.layers.iter().enumerate();
        layers.filter_map(|(i, l)| if let Layer::Head(head) = l { Some((i, head)) } else { None }).collect()
    }
}

enum Node<Buffer> {
    Conv {
        op: Conv2d,
        weights: Buffer,
        bias: Buffer,
        activation: Activation,
    },
    Pool(Pool2d),
    /// previous + layer `from`, then the activation (applied with a zero bias).
    Shortcut {
        from: usize,
        zero_bias: Buffer,
        activation: Activation,
    },
    /// (layer, its channels) side by side.
    Concat(Vec<(usize, usize)>),
    Upsample(Image),
    /// Output is its input's buffer: dropout, a route of one layer, a detection head.
    Alias(usize),
}

/// A darknet model laid out on a backend for one input size.
pub struct Darknet<'a, B: Backend> {
    backend: &'a B,
    shapes: Vec<Shape>,
    input: B::Buffer,
    nodes: Vec<Node<B::Buffer>>,
    /// One per layer; `None` for an alias.
    outputs: Vec<Option<B::Buffer>>,
}

impl<'a, B: Backend> Darknet<'a, B> {
    /// Lays `model` out for a `height` × `width` input (the cfg's own size or another multiple of its stride).
    pub fn new(backend: &'a B, model: &DarknetModel, height: usize, width: usize) -> Result<Self, String> {
        let cfg = &model.cfg;
        let input_shape = Shape { height, width, channels: cfg.channels };
        let shapes = shapes(cfg, input_shape)?;
        let mut convs = model.convs.iter();
        let mut nodes = Vec::with_capacity(cfg.layers.len());
        for (index, layer) in cfg.layers.iter().enumerate() {
            let previous = if index == 0 { input_shape } else { shapes[index - 1] };
            let window = |size: usize, stride: usize, before: usize, after: usize| {
                let padding = Padding::Explicit { top: before, bottom: after, left: before, right: after };
                Window::new(1, previous.height, previous.width, (size, size), stride, padding)
            };
            nodes.push(match layer {
                Layer::Convolutional(conv) => {
                    let folded = convs.next().expect("one folded convolution per convolutional layer");
                    let op = Conv2d {
                        window: window(conv.size, conv.stride, conv.padding, conv.padding),
                        in_channels: previous.channels,
                        out_channels: conv.filters,
                        groups: conv.groups,
                    };
                    Node::Conv {
                        op,
                        weights: backend.upload(&folded.weights),
                        bias: backend.upload(&folded.bias),
                        activation: conv.activation,
                    }
                }
                Layer::Maxpool { size, stride, padding } => Node::Pool(Pool2d {
                    window: window(*size, *stride, padding / 2, padding - padding / 2),
                    channels: previous.channels,
                    kind: PoolKind::Max,
                }),
                Layer::Route { layers } if layers.len() == 1 => Node::Alias(layers[0]),
                Layer::Route { layers } => Node::Concat(layers.iter().map(|&l| (l, shapes[l].channels)).collect()),
                Layer::Shortcut { from, activation } => Node::Shortcut {
                    from: *from,
                    zero_bias: backend.upload(&vec![0.0; previous.channels]),
                    activation: *activation,
                },
                Layer::Upsample { .. } => Node::Upsample(Image {
                    batch: 1,
                    height: previous.height,
                    width: previous.width,
                    channels: previous.channels,
                }),
                Layer::Dropout | Layer::Head(_) => Node::Alias(index.wrapping_sub(1)),
            });
        }
        let outputs = nodes
            .iter()
            .zip(&shapes)
            .map(|(node, s)| {
                (!matches!(node, Node::Alias(_))).then(|| backend.upload(&vec![0.0; s.height * s.width * s.channels]))
            })
            .collect();
        let input = backend.upload(&vec![0.0; height * width * cfg.channels]);
        Ok(Self { backend, shapes, input, nodes, outputs })
    }

    /// The buffer holding layer `layer`'s output (`usize::MAX`: the network's input).
    fn buffer(&self, mut layer: usize) -> &B::Buffer {
        loop {
            if layer == usize::MAX {
                return &self.input;
            }
            match (&self.nodes[layer], &self.outputs[layer]) {
                (Node::Alias(source), _) => layer = *source,
                (_, Some(buffer)) => return buffer,
                (_, None) => unreachable!("only aliases have no buffer"),
            }
        }
    }

    /// Queues the network on `image`: [height, width, channels] values as the model expects them (for
    /// darknet detectors, RGB in [0, 1]).
    pub fn run(&mut self, image: &[f32]) {
        let backend = self.backend;
        backend.write(&mut self.input, image);
        for index in 0..self.nodes.len() {
            // Take this layer's buffer out so earlier ones can be borrowed alongside it.
            let Some(mut out) = self.outputs[index].take() else { continue };
            let previous = self.buffer(index.wrapping_sub(1));
            match &self.nodes[index] {
                Node::Conv { op, weights, bias, activation } => {
                    backend.conv2d(previous, weights, &mut out, op);
                    backend.bias_activation(&mut out, bias, op.out_channels, *activation);
                }
                Node::Pool(op) => backend.pool2d(previous, &mut out, op),
                Node::Shortcut { from, zero_bias, activation } => {
                    backend.add(previous, self.buffer(*from), &mut out);
                    if *activation != Activation::Linear {
                        backend.bias_activation(&mut out, zero_bias, self.shapes[index].channels, *activation);
                    }
                }
                Node::Concat(parts) => {
                    let parts: Vec<_> = parts.iter().map(|&(layer, channels)| (self.buffer(layer), channels)).collect();
                    let shape = self.shapes[index];
                    backend.concat_channels(&parts, &mut out, shape.height * shape.width);
                }
                Node::Upsample(image) => backend.upsample_nearest2x(previous, &mut out, image),
                Node::Alias(_) => unreachable!("aliases have no buffer"),
            }
            self.outputs[index] = Some(out);
        }
    }

    /// Layer `layer`'s output shape.
    pub fn shape(&self, layer: usize) -> Shape {
        self.shapes[layer]
    }

    /// Layer `layer`'s output from the last run, NHWC.
    pub async fn output(&self, layer: usize) -> Vec<f32> {
        self.backend.read(self.buffer(layer)).await
    }
}
