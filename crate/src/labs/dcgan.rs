//! The DCGAN on digits (`models::dcgan`), trained on a dataset's training images: each iteration one
//! discriminator step on a batch of real images and as many generated ones, then one generator step
//! (`gan::iterate`). Samples come from noise the caller keeps fixed, so a grid of them shows training move.

use super::gan::{iterate, GanLosses, GanTraining};
use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::models::adversarial::AdversarialNet;
use crate::models::dcgan::{DcganSpec, Discriminator, Generator};
use crate::nn::Optimiser;
use crate::rng::Rng;

pub struct Dcgan<'a, B: Backend> {
    pub generator: AdversarialNet<'a, B, Generator>,
    pub discriminator: AdversarialNet<'a, B, Discriminator>,
    pub config: GanTraining,
    rng: Rng,
    pub iterations: usize,
}

/// Radford et al.'s learning rate, with this engine's Adam (β₁ 0.9 where the paper takes 0.5).
pub fn default_training() -> GanTraining {
    let adam = Optimiser::Adam { learning_rate: 0.0002 };
    GanTraining { generator: adam, discriminator: adam, d_steps: 1, batch: 64, seed: 1 }
}

impl<'a, B: Backend> Dcgan<'a, B> {
    pub fn new(backend: &'a B, spec: DcganSpec, config: GanTraining) -> Result<Self, String> {
        spec.validate()?;
        config.validate()?;
        Ok(Self {
            generator: AdversarialNet::new(backend, Generator(spec), config.seed),
            discriminator: AdversarialNet::new(backend, Discriminator(spec), config.seed ^ 0xd15c),
            config,
            rng: Rng::new(config.seed ^ 0x5eed),
            iterations: 0,
        })
    }

    pub fn spec(&self) -> DcganSpec {
        self.generator.architecture.0
    }

    /// One iteration on images of `train`, drawn at random.
    pub async fn iterate(&mut self, train: &ImageSet) -> GanLosses {
        let real = |rng: &mut Rng, count: usize| -> Vec<f32> {
            (0..count).flat_map(|_| train.image_f32(rng.below(train.len()))).collect()
        };
        let losses = iterate(&mut self.generator, &mut self.discriminator, &self.config, &mut self.rng, real).await;
        self.iterations += 1;
        losses
    }

    /// The images `noise` ([count, spec.noise]) generates, [count, 28 × 28] in [0, 1].
    pub async fn generate(&mut self, noise: &[f32]) -> Vec<f32> {
        self.generator.forward(noise).await
    }
}
