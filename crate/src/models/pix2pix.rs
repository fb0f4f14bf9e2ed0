//! pix2pix at the size of MNIST (Isola et al., scaled down): a U-Net generator from an edge map to the
//! digit, and a PatchGAN discriminator that judges (edge map, digit) pairs patch by patch.
//!
//! The U-Net goes down 28 → 14 → 7 with 5 × 5 convolutions of stride 2 (leaky ReLU, slope 0.2) and back up
//! with transposed ones (batch norm, ReLU); each way up meets the way down at its size by concatenation,
//! so the edges' positions reach the output without squeezing through the 7 × 7 bottleneck. A 3 × 3
//! convolution and a sigmoid make the image. The discriminator takes the pair as two channels down as the
//! DCGAN's does, then to a 7 × 7 map of logits, one per overlapping patch, so it asks "is this patch
//! real?" rather than "is this image real?". Weights are drawn as the DCGAN's.

use super::adversarial::Architecture;
use super::dcgan::{batch_norm, down_parameters, weight, write_down, zero_bias, MAX_FILTERS, SIDE};
use crate::activation::Activation;
use crate::engine::Backend;
use crate::nn::{ConvOptions, GraphBuilder, NodeId, ParameterId, Parameters};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The side of the discriminator's map of patches.
pub const PATCHES: usize = 7;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Pix2pixSpec {
    /// Filters of the 14 × 14 layers; the 7 × 7 ones have twice.
    pub filters: usize,
}

impl Default for Pix2pixSpec {
    fn default() -> Self {
        Self { filters: 16 }
    }
}

impl Pix2pixSpec {
    pub fn validate(&self) -> Result<(), String> {
        if self.filters == 0 || self.filters > MAX_FILTERS {
            return Err(format!("a layer has 1 to {MAX_FILTERS} filters, not {}", self.filters));
        }
        Ok(())
    }
}

/// The generator: an edge map to a digit.
pub struct UNet(pub Pix2pixSpec);
/// The discriminator: an (edge map, digit) pair, as two channels, to a map of logits of "real".
pub struct PatchGan(pub Pix2pixSpec);

fn down(activation: Activation) -> ConvOptions {
    ConvOptions { stride: 2, ..ConvOptions::same(activation) }
}

impl Architecture for UNet {
    fn input(&self) -> (usize, usize, usize) {
        (SIDE, SIDE, 1)
    }

    fn parameters<B: Backend>(&self, backend: &B, rng: &mut Rng) -> Parameters<B> {
        let filters = self.0.filters;
        let mut p = Parameters::new();
        weight(&mut p, backend, rng, "down", &[5, 5, 1, filters]);
        zero_bias(&mut p, backend, "down", filters);
        weight(&mut p, backend, rng, "down2", &[5, 5, filters, 2 * filters]);
        batch_norm(&mut p, backend, rng, "down2.norm", 2 * filters);
        // A transposed convolution's weight is its convolution's: [k, k, out, in].
        weight(&mut p, backend, rng, "up", &[5, 5, filters, 2 * filters]);
        batch_norm(&mut p, backend, rng, "up.norm", filters);
        weight(&mut p, backend, rng, "up2", &[5, 5, filters, 2 * filters]);
        batch_norm(&mut p, backend, rng, "up2.norm", filters);
        weight(&mut p, backend, rng, "image", &[3, 3, filters + 1, 1]);
        zero_bias(&mut p, backend, "image", 1);
        p
    }

    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, edges: NodeId, ids: &[ParameterId]) -> NodeId {
        let norm = |at: usize| [ids[at], ids[at + 1], ids[at + 2], ids[at + 3]];
        let half = SIDE / 2;
        let down1 = g.conv("down", edges, ids[0], Some(ids[1]), down(Activation::LeakyRelu(0.2)));
        let x = g.conv("down 2", down1, ids[2], None, down(Activation::Linear));
        let x = g.batch_norm("down 2 norm", x, norm(3), Activation::LeakyRelu(0.2));
        let x = g.conv_transpose("up", x, ids[7], None, (half, half), down(Activation::Linear));
        let x = g.batch_norm("up norm", x, norm(8), Activation::Relu);
        let x = g.concat("up and down", &[x, down1]);
        let x = g.conv_transpose("up 2", x, ids[12], None, (SIDE, SIDE), down(Activation::Linear));
        let x = g.batch_norm("up 2 norm", x, norm(13), Activation::Relu);
        let x = g.concat("up 2 and edges", &[x, edges]);
        g.conv("image", x, ids[17], Some(ids[18]), ConvOptions::same(Activation::Sigmoid))
    }
}

impl Architecture for PatchGan {
    fn input(&self) -> (usize, usize, usize) {
        (SIDE, SIDE, 2)
    }

    fn parameters<B: Backend>(&self, backend: &B, rng: &mut Rng) -> Parameters<B> {
        let filters = self.0.filters;
        let mut p = down_parameters(backend, rng, 2, filters);
        weight(&mut p, backend, rng, "patches", &[3, 3, 2 * filters, 1]);
        zero_bias(&mut p, backend, "patches", 1);
        p
    }

    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, pair: NodeId, ids: &[ParameterId]) -> NodeId {
        let x = write_down(g, pair, ids);
        g.conv("patches", x, ids[4], Some(ids[5]), ConvOptions::same(Activation::Linear))
    }
}
