//! Attributions: which input pixels (or which places of a layer) a target depends on, by four methods
//! that share one backward pass and differ where the teaching is — plain gradient saliency (Simonyan et
//! al. 2014), Zeiler and Fergus's deconvnet, guided backpropagation (Springenberg et al. 2015) and
//! Grad-CAM (Selvaraju et al. 2017) — and the sanity check that tells them apart: the same maps of a
//! network whose weights are randomised layer by layer from the top (Adebayo et al. 2018).

use super::{Subject, Target};
use crate::engine::Backend;
use crate::nn::BackwardRule;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Attribution {
    Gradient,
    Deconvnet,
    Guided,
    /// At node `node` (a convolution's or pool's maps).
    GradCam {
        node: usize,
    },
}

/// A map over an image or a layer: [height, width, channels].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Explanation {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
    pub values: Vec<f32>,
}

impl<'a, B: Backend> Subject<'a, B> {
    /// What `target` depends on in `image` by `method`: a map of the input's shape, or for Grad-CAM one
    /// value per place of its layer, max(0, Σ_k α_k A_k) with α_k the mean gradient of map k.
    pub async fn explain(&mut self, image: &[f32], target: Target, method: Attribution) -> Result<Explanation, String> {
        let rule = match method {
            Attribution::Deconvnet => BackwardRule::Deconvnet,
            Attribution::Guided => BackwardRule::Guided,
            Attribution::Gradient | Attribution::GradCam { .. } => BackwardRule::Gradient,
        };
        let Attribution::GradCam { node } = method else {
            let values = self.target_gradient(image, target, rule).await?;
            let shape = self.input_shape();
            return Ok(Explanation { height: shape.height, width: shape.width, channels: shape.channels, values });
        };
        let layer = self.node(node)?;
        let index = self.backward_from(image, target, rule).await?;
        let pass = &self.passes[index];
        let shape = pass.graph.shape(layer);
        let Some(gradient) = pass.graph.read_gradient(self.backend, layer).await else {
            return Err(format!("{}: the target does not depend on it", pass.graph.name(layer)));
        };
        let maps = pass.graph.read(self.backend, layer).await;
        let channels = shape.channels;
        let mut weights = vec![0f32; channels];
        for pixel in gradient.chunks_exact(channels) {
            weights.iter_mut().zip(pixel).for_each(|(w, g)| *w += g / shape.pixels() as f32);
        }
        let values = maps
            .chunks_exact(channels)
            .map(|pixel| pixel.iter().zip(&weights).map(|(a, w)| a * w).sum::<f32>().max(0.0))
            .collect();
        Ok(Explanation { height: shape.height, width: shape.width, channels: 1, values })
    }

    /// The names of the layers with weights, bottom to top: what `randomised` counts.
    pub fn weighted_layers(&self) -> Vec<String> {
        let mut layers: Vec<String> = Vec::new();
        for (_, parameter) in self.parameters.iter() {
            let layer = parameter.name.split('.').next().unwrap_or(&parameter.name).to_string();
            if layers.last() != Some(&layer) {
                layers.push(layer);
            }
        }
        layers
    }

    /// A copy whose top `layers` weighted layers have random weights (uniform, with each tensor's own
    /// standard deviation, so the activations keep their scale); the rest, and this subject, unchanged.
    pub async fn randomised(&self, layers: usize, seed: u64) -> Subject<'a, B> {
        let names = self.weighted_layers();
        let randomised = &names[names.len().saturating_sub(layers)..];
        let mut rng = Rng::new(seed);
        let mut values = self.parameter_values().await;
        for ((_, parameter), values) in self.parameters.iter().zip(&mut values) {
            let layer = parameter.name.split('.').next().unwrap_or(&parameter.name);
            if randomised.iter().any(|r| r == layer) {
                let mean = values.iter().sum::<f32>() / values.len() as f32;
                let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / values.len() as f32;
                let limit = (3.0 * variance).sqrt();
                values.iter_mut().for_each(|v| *v = rng.uniform_in(-limit, limit));
            }
        }
        self.rebuilt(self.backend, values)
    }
}
