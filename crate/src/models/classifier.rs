//! Image classification end to end: an RGB image in, class probabilities out, for the ImageNet classifier
//! of the transfer lab (a tfjs layers model, `layers_model`). Its input convention is tfjs's for that model:
//! RGB / 255, resized bilinearly to the network's side with aligned corners; the network ends in logits
//! (a 1×1 convolution and a global average pool), which a softmax turns into probabilities.
//!
//! The same pass reads the features at a cut layer (`CutPoint`): that layer's maps averaged over the
//! image, one value per channel — what the transfer lab's heads (`crate::heads`) are trained on.

use super::darknet::cfg::Layer;
use super::darknet::network::shapes;
use super::darknet::{Darknet, DarknetError, DarknetModel};
use super::layers_model;
use crate::engine::ops::{Image, Resize, ResizeMode};
use crate::engine::scalar::elementwise::softmax;
use crate::engine::scalar::Scalar;
use crate::engine::{Backend, HostBuffer};
use serde::Serialize;

/// A classifier's network and its class names, in the order of its outputs.
#[derive(Clone, Debug)]
pub struct ClassifierModel {
    pub network: DarknetModel,
    pub labels: Vec<String>,
}

impl ClassifierModel {
    /// Reads a tfjs layers model (`model_json`, its shards through `shard`) and its labels, one a line.
    pub fn load(
        model_json: &str,
        labels: &str,
        shard: impl FnMut(&str) -> Result<Vec<u8>, String>,
    ) -> Result<Self, String> {
        let network = layers_model::load(model_json, shard)?;
        let labels: Vec<String> = labels.lines().map(str::to_string).collect();
        let last = network.cfg.layers.iter().rev().find_map(|layer| match layer {
            Layer::Convolutional(conv) => Some(conv.filters),
            _ => None,
        });
        if last != Some(labels.len()) {
            return Err(format!("{} labels for a network with {last:?} outputs", labels.len()));
        }
        Ok(Self { network, labels })
    }

    /// Where the network can be cut for features: every convolution and pool below its classifier (the last
    /// convolution), with the shape of its output at the network's input size.
    pub fn cut_points(&self) -> Vec<CutPoint> {
        let cfg = &self.network.cfg;
        let input = Image { batch: 1, height: cfg.height, width: cfg.width, channels: cfg.channels };
        // A model that loaded has a consistent cfg, so its shapes exist.
        let shapes = shapes(cfg, input).unwrap_or_default();
        let classifier = cfg.layers.iter().rposition(|l| matches!(l, Layer::Convolutional(_))).unwrap_or(0);
        (0..classifier.min(shapes.len()))
            .filter_map(|layer| {
                let kind = match cfg.layers[layer] {
                    Layer::Convolutional(_) => "convolutional",
                    Layer::Maxpool { .. } => "maxpool",
                    _ => return None,
                };
                let Image { height, width, channels, .. } = shapes[layer];
                Some(CutPoint { layer, kind, height, width, channels })
            })
            .collect()
    }

    /// The deck's cut: the features just below the classifier.
    pub fn default_cut(&self) -> usize {
        self.cut_points().last().map_or(0, |point| point.layer)
    }
}

/// A layer the network can be cut at; its features are its `channels` maps' means.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CutPoint {
    pub layer: usize,
    pub kind: &'static str,
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

/// What one pass through the classifier gives: every class's probability and the features at the cut.
#[derive(Clone, Debug, PartialEq)]
pub struct Classified {
    pub probabilities: Vec<f32>,
    pub features: Vec<f32>,
}

pub struct Classifier<'a, B: Backend> {
    net: Darknet<'a, B>,
    last: usize,
    cut: usize,
    side: usize,
    frame: HostBuffer,
    input: HostBuffer,
}

impl<'a, B: Backend> Classifier<'a, B> {
    /// Lays `model` out on `backend` at its own input size, reading the features at layer `cut`.
    pub fn new(backend: &'a B, model: &DarknetModel, cut: usize) -> Result<Self, DarknetError> {
        let side = model.cfg.height;
        let last = model.cfg.layers.len() - 1;
        let cut = cut.min(last);
        let net = Darknet::new(backend, model, side, side, &[cut, last])?;
        Ok(Self { net, last, cut, side, frame: HostBuffer::default(), input: vec![0.0; side * side * 3].into() })
    }

    /// Each class's probability for an RGB image (`width` × `height`, rows top to bottom), and the
    /// features at the cut.
    pub async fn classify(&mut self, rgb: &[u8], width: usize, height: usize) -> Result<Classified, String> {
        if width == 0 || height == 0 || rgb.len() != width * height * 3 {
            return Err(format!("{} bytes are not a {width} × {height} RGB image", rgb.len()));
        }
        self.frame.clear();
        self.frame.extend(rgb.iter().map(|&v| v as f32 / 255.0));
        let resize = Resize {
            input: Image { batch: 1, height, width, channels: 3 },
            out_height: self.side,
            out_width: self.side,
            mode: ResizeMode::AlignCorners,
        };
        Scalar.resize_bilinear(&self.frame, &mut self.input, &resize);
        self.net.run(&self.input);
        let logits = self.net.output(self.last).await;
        let mut probabilities = vec![0.0; logits.len()];
        softmax(&logits, &mut probabilities, logits.len());
        let maps = self.net.output(self.cut).await;
        let channels = self.net.shape(self.cut).channels;
        let mut features = vec![0f32; channels];
        for pixel in maps.chunks_exact(channels) {
            for (sum, &v) in features.iter_mut().zip(pixel) {
                *sum += v;
            }
        }
        let pixels = (maps.len() / channels) as f32;
        features.iter_mut().for_each(|sum| *sum /= pixels);
        Ok(Classified { probabilities, features })
    }
}
/// One class's probability in every window of an image, as `Classifier::windows` slides them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WindowMap {
    pub rows: usize,
    pub columns: usize,
    /// The window's side and the step between windows, in the image's pixels.
    pub window: usize,
    pub stride: usize,
    /// Row by row, top to bottom.
    pub probabilities: Vec<f32>,
}

/// The most windows one scan may take: beyond it the attendee waits minutes for a map no finer to the eye.
pub const MAX_WINDOWS: usize = 1024;

impl<B: Backend> Classifier<'_, B> {
    /// The network's input size is fixed, so a larger image is classified window by window: `class`'s
    /// probability in every `window` × `window` square of an RGB image, `stride` pixels apart, each square
    /// classified as an image of its own.
    pub async fn windows(
        &mut self,
        rgb: &[u8],
        (width, height): (usize, usize),
        window: usize,
        stride: usize,
        class: usize,
    ) -> Result<WindowMap, String> {
        if window == 0 || stride == 0 || window > width.min(height) {
            return Err(format!(
                "a {window}-pixel window every {stride} pixels does not fit a {width} × {height} image"
            ));
        }
        if rgb.len() != width * height * 3 {
            return Err(format!("{} bytes are not a {width} × {height} RGB image", rgb.len()));
        }
        let (rows, columns) = ((height - window) / stride + 1, (width - window) / stride + 1);
        if rows * columns > MAX_WINDOWS {
            return Err(format!(
                "{} windows are more than {MAX_WINDOWS}: take a larger window or stride",
                rows * columns
            ));
        }
        let mut probabilities = Vec::with_capacity(rows * columns);
        let mut crop = vec![0u8; window * window * 3];
        for row in 0..rows {
            for column in 0..columns {
                let (top, left) = (row * stride, column * stride);
                for y in 0..window {
                    let start = ((top + y) * width + left) * 3;
                    crop[y * window * 3..(y + 1) * window * 3].copy_from_slice(&rgb[start..start + window * 3]);
                }
                let classified = self.classify(&crop, window, window).await?;
                probabilities.push(*classified.probabilities.get(class).ok_or(format!("no class {class}"))?);
            }
        }
        Ok(WindowMap { rows, columns, window, stride, probabilities })
    }
}

/// The `count` most probable classes, best first: (class, probability).
pub fn top(probabilities: &[f32], count: usize) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = probabilities.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked.truncate(count);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::darknet::cfg;

    #[test]
    fn the_cut_points_are_the_convolutions_and_pools_below_the_classifier_with_their_shapes() {
        let text = "[net]\nwidth=8\nheight=8\nchannels=3\n\
            [convolutional]\nfilters=4\nsize=3\nstride=1\npad=1\nactivation=leaky\n\
            [maxpool]\nsize=2\nstride=2\n\
            [convolutional]\nfilters=6\nsize=3\nstride=2\npad=1\nactivation=leaky\n\
            [convolutional]\nfilters=10\nsize=1\nstride=1\npad=1\nactivation=linear\n\
            [avgpool]\n";
        let zeros = |weights: usize, biases: usize| (vec![0.0; weights], vec![0.0; biases]);
        let parameters = vec![zeros(3 * 3 * 3 * 4, 4), zeros(3 * 3 * 4 * 6, 6), zeros(6 * 10, 10)];
        let network = DarknetModel::from_parameters(cfg::parse(text).unwrap(), parameters).unwrap();
        let model = ClassifierModel { network, labels: Vec::new() };
        let shapes: Vec<_> =
            model.cut_points().iter().map(|p| (p.layer, p.kind, p.height, p.width, p.channels)).collect();
        // 8×8 → 3×3 same-padded conv 8×8×4 → 2×2 pool 4×4×4 → stride-2 conv 2×2×6; the 1×1 conv classifies.
        assert_eq!(shapes, [(0, "convolutional", 8, 8, 4), (1, "maxpool", 4, 4, 4), (2, "convolutional", 2, 2, 6)]);
        assert_eq!(model.default_cut(), 2);
    }

    #[test]
    fn top_ranks_best_first_and_keeps_ties_in_class_order() {
        assert_eq!(top(&[0.1, 0.5, 0.1, 0.3], 3), [(1, 0.5), (3, 0.3), (0, 0.1)]);
        assert_eq!(top(&[1.0], 5), [(0, 1.0)]);
    }
}
