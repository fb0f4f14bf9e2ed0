//! Image classification end to end: an RGB image in, class probabilities out, for the ImageNet classifier
//! of the transfer lab (a tfjs layers model, `layers_model`). Its input convention is tfjs's for that model:
//! RGB / 255, resized bilinearly to the network's side with aligned corners; the network ends in logits
//! (a 1×1 convolution and a global average pool), which a softmax turns into probabilities.

use super::darknet::{Darknet, DarknetError, DarknetModel};
use super::layers_model;
use crate::engine::ops::{Image, Resize, ResizeMode};
use crate::engine::scalar::elementwise::softmax;
use crate::engine::scalar::Scalar;
use crate::engine::Backend;

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
            super::darknet::cfg::Layer::Convolutional(conv) => Some(conv.filters),
            _ => None,
        });
        if last != Some(labels.len()) {
            return Err(format!("{} labels for a network with {last:?} outputs", labels.len()));
        }
        Ok(Self { network, labels })
    }
}

pub struct Classifier<'a, B: Backend> {
    net: Darknet<'a, B>,
    last: usize,
    side: usize,
    frame: Vec<f32>,
    input: Vec<f32>,
}

impl<'a, B: Backend> Classifier<'a, B> {
    /// Lays `model` out on `backend` at its own input size.
    pub fn new(backend: &'a B, model: &DarknetModel) -> Result<Self, DarknetError> {
        let side = model.cfg.height;
        let last = model.cfg.layers.len() - 1;
        let net = Darknet::new(backend, model, side, side, &[last])?;
        Ok(Self { net, last, side, frame: Vec::new(), input: vec![0.0; side * side * 3] })
    }

    /// Each class's probability for an RGB image (`width` × `height`, rows top to bottom).
    pub async fn probabilities(&mut self, rgb: &[u8], width: usize, height: usize) -> Result<Vec<f32>, String> {
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
        Ok(probabilities)
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

    #[test]
    fn top_ranks_best_first_and_keeps_ties_in_class_order() {
        assert_eq!(top(&[0.1, 0.5, 0.1, 0.3], 3), [(1, 0.5), (3, 0.3), (0, 0.1)]);
        assert_eq!(top(&[1.0], 5), [(0, 1.0)]);
    }
}
