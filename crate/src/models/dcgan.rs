//! The DCGAN of the GAN lab, at the size of MNIST (Radford et al.'s recipe, scaled down): the generator
//! projects noise to 7 × 7 with a 7 × 7 transposed convolution, then a 5 × 5 transposed convolution of
//! stride 2 goes up to 14 × 14 and another to the 28 × 28 image, batch norm and ReLU between them and a
//! sigmoid at the end (pixels in [0, 1], as the datasets' are); the discriminator takes the image down with
//! two 5 × 5 convolutions of stride 2 and leaky ReLUs (slope 0.2) to a dense logit. Weights are drawn from
//! N(0, 0.02), batch norm scales from N(1, 0.02), as the paper's.

use super::adversarial::Architecture;
use crate::activation::Activation;
use crate::engine::ops::Padding;
use crate::engine::Backend;
use crate::nn::{ConvOptions, GraphBuilder, NodeId, ParameterId, Parameters, Role};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The images' side.
pub const SIDE: usize = 28;
/// The most noise values and the most filters a layer may have.
pub const MAX_NOISE: usize = 256;
pub const MAX_FILTERS: usize = 256;
const SPREAD: f32 = 0.02;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DcganSpec {
    /// Noise values per image (2: the samples form a plane that can be drawn).
    pub noise: usize,
    /// Filters of the generator's 14 × 14 layer and the discriminator's first; the 7 × 7 layers have twice.
    pub filters: usize,
}

impl Default for DcganSpec {
    fn default() -> Self {
        Self { noise: 32, filters: 32 }
    }
}

impl DcganSpec {
    pub fn validate(&self) -> Result<(), String> {
        if self.noise == 0 || self.noise > MAX_NOISE {
            return Err(format!("the noise has 1 to {MAX_NOISE} values, not {}", self.noise));
        }
        if self.filters == 0 || self.filters > MAX_FILTERS {
            return Err(format!("a layer has 1 to {MAX_FILTERS} filters, not {}", self.filters));
        }
        Ok(())
    }
}

/// The generator: noise to an image.
pub struct Generator(pub DcganSpec);
/// The discriminator: an image to the logit of "real".
pub struct Discriminator(pub DcganSpec);

/// A weight of `shape` from N(0, 0.02).
pub(super) fn weight<B: Backend>(p: &mut Parameters<B>, backend: &B, rng: &mut Rng, name: &str, shape: &[usize]) {
    let values: Vec<f32> = (0..shape.iter().product()).map(|_| SPREAD * rng.normal()).collect();
    p.add(backend, &format!("{name}.weight"), shape, Role::Weight, &values);
}

pub(super) fn zero_bias<B: Backend>(p: &mut Parameters<B>, backend: &B, name: &str, outputs: usize) {
    p.add(backend, &format!("{name}.bias"), &[outputs], Role::Bias, &vec![0.0; outputs]);
}

pub(super) fn batch_norm<B: Backend>(p: &mut Parameters<B>, backend: &B, rng: &mut Rng, name: &str, channels: usize) {
    let scale: Vec<f32> = (0..channels).map(|_| 1.0 + SPREAD * rng.normal()).collect();
    p.add(backend, &format!("{name}.gamma"), &[channels], Role::NormScale, &scale);
    p.add(backend, &format!("{name}.beta"), &[channels], Role::NormShift, &vec![0.0; channels]);
    p.add(backend, &format!("{name}.running_mean"), &[channels], Role::RunningMean, &vec![0.0; channels]);
    p.add(backend, &format!("{name}.running_var"), &[channels], Role::RunningVariance, &vec![1.0; channels]);
}

impl Architecture for Generator {
    fn input(&self) -> (usize, usize, usize) {
        (1, 1, self.0.noise)
    }

    fn parameters<B: Backend>(&self, backend: &B, rng: &mut Rng) -> Parameters<B> {
        let DcganSpec { noise, filters } = self.0;
        let mut p = Parameters::new();
        // A transposed convolution's weight is its convolution's: [k, k, out, in].
        weight(&mut p, backend, rng, "project", &[7, 7, 2 * filters, noise]);
        batch_norm(&mut p, backend, rng, "project.norm", 2 * filters);
        weight(&mut p, backend, rng, "up", &[5, 5, filters, 2 * filters]);
        batch_norm(&mut p, backend, rng, "up.norm", filters);
        weight(&mut p, backend, rng, "image", &[5, 5, 1, filters]);
        zero_bias(&mut p, backend, "image", 1);
        p
    }

    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId {
        let norm = |at: usize| [ids[at], ids[at + 1], ids[at + 2], ids[at + 3]];
        let project = ConvOptions { stride: 1, padding: Padding::Valid, groups: 1, activation: Activation::Linear };
        let up = |activation| ConvOptions { stride: 2, ..ConvOptions::same(activation) };
        let x = g.conv_transpose("project", input, ids[0], None, (7, 7), project);
        let x = g.batch_norm("project norm", x, norm(1), Activation::Relu);
        let x = g.conv_transpose("up", x, ids[5], None, (14, 14), up(Activation::Linear));
        let x = g.batch_norm("up norm", x, norm(6), Activation::Relu);
        g.conv_transpose("image", x, ids[10], Some(ids[11]), (SIDE, SIDE), up(Activation::Sigmoid))
    }
}

impl Architecture for Discriminator {
    fn input(&self) -> (usize, usize, usize) {
        (SIDE, SIDE, 1)
    }

    fn parameters<B: Backend>(&self, backend: &B, rng: &mut Rng) -> Parameters<B> {
        let filters = self.0.filters;
        let mut p = down_parameters(backend, rng, 1, filters);
        weight(&mut p, backend, rng, "logit", &[7 * 7 * 2 * filters, 1]);
        zero_bias(&mut p, backend, "logit", 1);
        p
    }

    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId {
        let x = write_down(g, input, ids);
        g.dense("logit", x, ids[4], Some(ids[5]), Activation::Linear)
    }
}

/// A discriminator's way down, 28 × 28 × `channels` to 7 × 7 × 2 · `filters`: two 5 × 5 convolutions of
/// stride 2 with leaky ReLUs (slope 0.2). Its four parameters, first of the discriminator's.
pub(super) fn down_parameters<B: Backend>(
    backend: &B,
    rng: &mut Rng,
    channels: usize,
    filters: usize,
) -> Parameters<B> {
    let mut p = Parameters::new();
    weight(&mut p, backend, rng, "down", &[5, 5, channels, filters]);
    zero_bias(&mut p, backend, "down", filters);
    weight(&mut p, backend, rng, "down2", &[5, 5, filters, 2 * filters]);
    zero_bias(&mut p, backend, "down2", 2 * filters);
    p
}

/// The way down on `g` from `input`, with `ids` starting at its parameters.
pub(super) fn write_down<B: Backend>(g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId {
    let down = ConvOptions { stride: 2, ..ConvOptions::same(Activation::LeakyRelu(0.2)) };
    let x = g.conv("down", input, ids[0], Some(ids[1]), down);
    g.conv("down 2", x, ids[2], Some(ids[3]), down)
}
