//! The GAN lab's networks that learn from a dataset's digits, as one: the DCGAN (noise → digit) and
//! pix2pix (edge map → digit). The page loads, trains, pauses and draws either the same way; only what the
//! generator takes differs.

use super::dcgan::{self, Dcgan};
use super::pix2pix::{self, Pix2pix};
use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::models::adversarial::Architecture;
use crate::models::dcgan::DcganSpec;
use crate::models::pix2pix::Pix2pixSpec;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DigitGanSpec {
    Dcgan(DcganSpec),
    Pix2pix(Pix2pixSpec),
}

pub enum DigitGan<'a, B: Backend> {
    Dcgan(Dcgan<'a, B>),
    Pix2pix(Pix2pix<'a, B>),
}

impl<'a, B: Backend> DigitGan<'a, B> {
    /// Fresh networks, trained as their lab's `default_training` says.
    pub fn new(backend: &'a B, spec: DigitGanSpec) -> Result<Self, String> {
        Ok(match spec {
            DigitGanSpec::Dcgan(spec) => Self::Dcgan(Dcgan::new(backend, spec, dcgan::default_training())?),
            DigitGanSpec::Pix2pix(spec) => Self::Pix2pix(Pix2pix::new(backend, spec, pix2pix::default_training())?),
        })
    }

    /// Values of one generator input: a noise vector, or an edge map.
    pub fn input_len(&self) -> usize {
        let (height, width, channels) = match self {
            Self::Dcgan(gan) => gan.generator.architecture.input(),
            Self::Pix2pix(gan) => gan.generator.architecture.input(),
        };
        height * width * channels
    }

    pub fn iterations(&self) -> usize {
        match self {
            Self::Dcgan(gan) => gan.iterations,
            Self::Pix2pix(gan) => gan.iterations,
        }
    }

    /// One iteration on images of `train`; its losses: the discriminator's and the generator's, and for
    /// pix2pix the generator's mean absolute difference to the real digits.
    pub async fn iterate(&mut self, train: &ImageSet) -> Vec<f32> {
        match self {
            Self::Dcgan(gan) => {
                let l = gan.iterate(train).await;
                vec![l.discriminator, l.generator]
            }
            Self::Pix2pix(gan) => {
                let l = gan.iterate(train).await;
                vec![l.discriminator, l.generator, l.l1]
            }
        }
    }

    /// The digits `inputs` (whole generator inputs, one after another) make, [count, 28 × 28] in [0, 1].
    pub async fn generate(&mut self, inputs: &[f32]) -> Vec<f32> {
        match self {
            Self::Dcgan(gan) => gan.generate(inputs).await,
            Self::Pix2pix(gan) => gan.generate(inputs).await,
        }
    }
}
