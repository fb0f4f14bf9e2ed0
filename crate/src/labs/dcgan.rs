//! The DCGAN on digits (`models::dcgan`), trained on a dataset's training images: each iteration one
//! discriminator step on a batch of real images and as many generated ones, then one generator step
//! (`gan::iterate`). Samples come from noise the caller keeps fixed, so a grid of them shows training move.

use super::gan::{iterate, GanLosses, GanTraining};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::elementwise::softmax;
use crate::engine::Backend;
use crate::heads::argmax;
use crate::models::adversarial::AdversarialNet;
use crate::models::dcgan::{DcganSpec, Discriminator, Generator};
use crate::nn::Optimiser;
use crate::rng::Rng;
use serde::Serialize;

pub struct Dcgan<'a, B: Backend> {
    pub generator: AdversarialNet<'a, B, Generator>,
    pub discriminator: AdversarialNet<'a, B, Discriminator>,
    pub config: GanTraining,
    rng: Rng,
    pub iterations: usize,
}

/// Radford et al.'s Adam: the learning rate, and β₁ lower than Adam's default 0.9.
pub const LEARNING_RATE: f32 = 0.0002;
pub const BETA1: f32 = 0.5;

pub fn default_training() -> GanTraining {
    let adam = Optimiser::Adam { learning_rate: LEARNING_RATE, beta1: BETA1 };
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

/// How well a classifier reads generated digits: the share it gives a class with at least `CONFIDENT`
/// probability, and how many images of each class those confident readings are.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Readability {
    pub confident: f32,
    pub per_class: Vec<usize>,
}

/// The probability a reading needs to count as confident.
pub const CONFIDENT: f32 = 0.9;

impl Readability {
    /// From the classifier's `logits` ([images, classes]).
    pub fn of(logits: &[f32], classes: usize) -> Self {
        let mut probabilities = vec![0.0; logits.len()];
        softmax(logits, &mut probabilities, classes);
        let mut per_class = vec![0; classes];
        for row in probabilities.chunks_exact(classes) {
            let best = argmax(row);
            if row[best] >= CONFIDENT {
                per_class[best] += 1;
            }
        }
        let images = logits.len() / classes;
        Self { confident: per_class.iter().sum::<usize>() as f32 / images as f32, per_class }
    }

    /// The classes read confidently at least once.
    pub fn classes(&self) -> usize {
        self.per_class.iter().filter(|&&n| n > 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_confident_from_nine_tenths_of_the_probability() {
        // Softmax of (ln 9, 0, 0) is (9/11, 1/11, 1/11): not confident; of (ln 27, 0, 0) (27/29, …): it is.
        let (low, high) = (9f32.ln(), 27f32.ln());
        let logits = [low, 0.0, 0.0, 0.0, high, 0.0, 0.0, 0.0, high, 0.0, high, 0.0];
        let read = Readability::of(&logits, 3);
        assert_eq!(read.per_class, [0, 2, 1]);
        assert_eq!(read.confident, 0.75);
        assert_eq!(read.classes(), 2);
    }
}
