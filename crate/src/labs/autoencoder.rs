//! The autoencoder lab's training loop: shuffled mini-batches of digits, each corrupted by the chosen noise
//! on the way in and reconstructed against the clean digit (a denoising autoencoder; without noise a plain
//! one), and the test set's reconstruction error and PSNR beside the noisy input's. Shared by the page's
//! worker and the native `autoencoder` command.

use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::models::autoencoder::{Autoencoder, AutoencoderSpec, SIDE};
use crate::nn::Optimiser;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// How a digit is corrupted before the encoder sees it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum NoiseKind {
    /// Each pixel plus `level` × a standard normal sample, clipped to [0, 1].
    Gaussian,
    /// Each pixel, with probability `level`, black or white (even odds).
    SaltAndPepper,
    /// Each pixel, with probability `level`, black.
    Masking,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Noise {
    pub kind: NoiseKind,
    /// The standard deviation (Gaussian) or the fraction of pixels hit, in [0, 1].
    pub level: f32,
}

impl Noise {
    /// Corrupts `image` (values in [0, 1]) in place.
    pub fn apply(&self, image: &mut [f32], rng: &mut Rng) {
        let level = self.level.clamp(0.0, 1.0);
        for pixel in image {
            match self.kind {
                NoiseKind::Gaussian => *pixel = (*pixel + level * rng.normal()).clamp(0.0, 1.0),
                NoiseKind::SaltAndPepper if rng.uniform() < level => {
                    *pixel = if rng.uniform() < 0.5 { 0.0 } else { 1.0 }
                }
                NoiseKind::Masking if rng.uniform() < level => *pixel = 0.0,
                NoiseKind::SaltAndPepper | NoiseKind::Masking => {}
            }
        }
    }
}

/// The mean squared difference of two images.
pub fn mean_squared_error(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "two images of one size");
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>() / a.len().max(1) as f32
}

/// The highest PSNR reported: two equal images would be infinitely far above the noise.
pub const MAX_PSNR: f32 = 100.0;

/// Peak signal-to-noise ratio in decibels of an image against the clean one, pixels in [0, 1]:
/// 10 log₁₀(1 / MSE), at most `MAX_PSNR`.
pub fn psnr(clean: &[f32], other: &[f32]) -> f32 {
    (10.0 * (1.0 / mean_squared_error(clean, other)).log10()).min(MAX_PSNR)
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutoencoderTraining {
    pub batch: usize,
    pub optimiser: Optimiser,
    /// The corruption of each training input (and of the test inputs evaluation scores); none: a plain
    /// autoencoder.
    pub noise: Option<Noise>,
    /// The weight of the L1 penalty on the code (a sparse autoencoder); 0 for none.
    pub sparsity: f32,
    pub seed: u64,
}

impl Default for AutoencoderTraining {
    fn default() -> Self {
        Self { batch: 64, optimiser: Optimiser::adam(0.005), noise: None, sparsity: 0.0, seed: 1 }
    }
}

/// How well the test images come back: per image means over the images scored.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutoencoderEvaluation {
    /// The reconstruction's squared error against the clean image, and its PSNR (dB).
    pub mse: f32,
    pub psnr: f32,
    /// The same for the noisy input itself, when training adds noise: what denoising has to beat.
    pub noisy_mse: Option<f32>,
    pub noisy_psnr: Option<f32>,
    /// The fraction of code values above zero (with ReLU codes, the active units).
    pub active_code: f32,
    pub images: usize,
}

/// The first test images, each clean, as the encoder sees it and as it comes back ([count, 28 × 28] each),
/// with the PSNR of the input and of the reconstruction against the clean image.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutoencoderSamples {
    pub clean: Vec<f32>,
    pub inputs: Vec<f32>,
    pub outputs: Vec<f32>,
    pub input_psnr: Vec<f32>,
    pub output_psnr: Vec<f32>,
}

/// Test images' codes ([count, code]) and labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CodeMap {
    pub code: usize,
    pub codes: Vec<f32>,
    pub labels: Vec<u8>,
}

/// Where the test images' noise is drawn from.
const TEST_NOISE_SEED: u64 = 0x7e57;
/// The largest training batch the lab accepts.
pub const MAX_BATCH: usize = 1024;
/// Images per evaluation batch.
const EVALUATION_BATCH: usize = 250;

pub struct AutoencoderTrainer<'a, B: Backend> {
    pub model: Autoencoder<'a, B>,
    pub config: AutoencoderTraining,
    rng: Rng,
    order: Vec<usize>,
    cursor: usize,
    pub steps: usize,
    pub epochs_done: usize,
}

impl<'a, B: Backend> AutoencoderTrainer<'a, B> {
    pub fn new(backend: &'a B, spec: &AutoencoderSpec, config: AutoencoderTraining) -> Result<Self, String> {
        if config.batch == 0 || config.batch > MAX_BATCH {
            return Err(format!("a batch needs 1 to {MAX_BATCH} images, not {}", config.batch));
        }
        if let Some(noise) = config.noise.filter(|n| !(0.0..=1.0).contains(&n.level)) {
            return Err(format!("the noise level is from 0 to 1, not {}", noise.level));
        }
        if !(config.sparsity >= 0.0 && config.sparsity.is_finite()) {
            return Err(format!("the sparsity penalty is 0 or more, not {}", config.sparsity));
        }
        let model = Autoencoder::new(backend, spec, config.seed)?;
        let rng = Rng::new(config.seed ^ 0x5eed);
        Ok(Self { model, config, rng, order: Vec::new(), cursor: 0, steps: 0, epochs_done: 0 })
    }

    /// Epochs trained so far, with the fraction of the current one.
    pub fn epoch_progress(&self) -> f64 {
        let in_epoch = self.cursor < self.order.len();
        self.epochs_done as f64 + if in_epoch { self.cursor as f64 / self.order.len() as f64 } else { 0.0 }
    }

    /// One optimiser step on the next batch of `train`; true when it ended an epoch. A new epoch
    /// reshuffles all of `train`.
    pub async fn step(&mut self, train: &ImageSet) -> bool {
        if self.cursor >= self.order.len() {
            self.order = (0..train.len()).collect();
            self.rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        let end = (self.cursor + self.config.batch).min(self.order.len());
        let targets: Vec<f32> = self.order[self.cursor..end].iter().flat_map(|&i| train.image_f32(i)).collect();
        let mut inputs = targets.clone();
        if let Some(noise) = self.config.noise {
            noise.apply(&mut inputs, &mut self.rng);
        }
        self.model.train_step(&inputs, &targets, self.config.optimiser, self.config.sparsity).await;
        self.steps += 1;
        self.cursor = end;
        let ended = self.cursor >= self.order.len();
        self.epochs_done += usize::from(ended);
        ended
    }

    /// Test images `range` clean and as the encoder sees them, corrupted by `rng` as in training: the
    /// noise of test image i is the same in every evaluation and sample, drawn from `TEST_NOISE_SEED` on.
    fn test_batch(&self, test: &ImageSet, range: std::ops::Range<usize>, rng: &mut Rng) -> (Vec<f32>, Vec<f32>) {
        let clean: Vec<f32> = range.flat_map(|i| test.image_f32(i)).collect();
        let mut inputs = clean.clone();
        if let Some(noise) = self.config.noise {
            noise.apply(&mut inputs, rng);
        }
        (clean, inputs)
    }

    /// The first `count` test images: clean, as the encoder sees them, reconstructed, with their PSNRs.
    pub async fn samples(&mut self, test: &ImageSet, count: usize) -> AutoencoderSamples {
        let count = count.min(test.len());
        let (clean, inputs) = self.test_batch(test, 0..count, &mut Rng::new(TEST_NOISE_SEED));
        let outputs = self.model.reconstruct(&inputs).await.images;
        let pixels = SIDE * SIDE;
        let psnrs = |images: &[f32]| clean.chunks(pixels).zip(images.chunks(pixels)).map(|(c, x)| psnr(c, x)).collect();
        AutoencoderSamples { input_psnr: psnrs(&inputs), output_psnr: psnrs(&outputs), clean, inputs, outputs }
    }

    /// The codes of the first `limit` clean test images, with their labels: the data as the code sees it.
    pub async fn code_map(&mut self, test: &ImageSet, limit: usize) -> CodeMap {
        let count = limit.min(test.len());
        let mut codes = Vec::with_capacity(count * self.model.spec().code);
        for from in (0..count).step_by(EVALUATION_BATCH) {
            let images: Vec<f32> =
                (from..(from + EVALUATION_BATCH).min(count)).flat_map(|i| test.image_f32(i)).collect();
            codes.extend(self.model.encode(&images).await);
        }
        CodeMap { code: self.model.spec().code, codes, labels: test.labels[..count].to_vec() }
    }

    /// The first `limit` test images corrupted as in training (the same noise every time), reconstructed.
    pub async fn evaluate(&mut self, test: &ImageSet, limit: usize) -> AutoencoderEvaluation {
        let count = limit.min(test.len());
        let pixels = SIDE * SIDE;
        let mut rng = Rng::new(TEST_NOISE_SEED);
        let (mut mse, mut psnr_sum, mut noisy_mse, mut noisy_psnr, mut active, mut codes) = (0.0, 0.0, 0.0, 0.0, 0, 0);
        for from in (0..count).step_by(EVALUATION_BATCH) {
            let to = (from + EVALUATION_BATCH).min(count);
            let (clean, inputs) = self.test_batch(test, from..to, &mut rng);
            let out = self.model.reconstruct(&inputs).await;
            for ((clean, input), output) in
                clean.chunks(pixels).zip(inputs.chunks(pixels)).zip(out.images.chunks(pixels))
            {
                mse += f64::from(mean_squared_error(clean, output));
                psnr_sum += f64::from(psnr(clean, output));
                noisy_mse += f64::from(mean_squared_error(clean, input));
                noisy_psnr += f64::from(psnr(clean, input));
            }
            active += out.codes.iter().filter(|&&c| c > 0.0).count();
            codes += out.codes.len();
        }
        let mean = |sum: f64| (sum / count.max(1) as f64) as f32;
        let noisy = self.config.noise.is_some();
        AutoencoderEvaluation {
            mse: mean(mse),
            psnr: mean(psnr_sum),
            noisy_mse: noisy.then(|| mean(noisy_mse)),
            noisy_psnr: noisy.then(|| mean(noisy_psnr)),
            active_code: active as f32 / codes.max(1) as f32,
            images: count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psnr_is_worked_by_hand() {
        // MSE 0.01 → 10 log₁₀ 100 = 20 dB; a quarter of the pixels off by 0.2: MSE 0.01 again.
        assert!((psnr(&[0.5; 4], &[0.6; 4]) - 20.0).abs() < 1e-4);
        assert!((psnr(&[0.0, 0.0, 0.0, 0.0], &[0.2, 0.0, 0.0, 0.0]) - 20.0).abs() < 1e-4);
        assert_eq!(psnr(&[0.3; 4], &[0.3; 4]), MAX_PSNR);
    }

    #[test]
    fn each_noise_hits_what_it_says() {
        let mut rng = Rng::new(3);
        let grey = vec![0.5; 20_000];
        let hit = |noise: Noise, rng: &mut Rng| {
            let mut image = grey.clone();
            noise.apply(&mut image, rng);
            image
        };
        let masked = hit(Noise { kind: NoiseKind::Masking, level: 0.3 }, &mut rng);
        let zeros = masked.iter().filter(|&&p| p == 0.0).count() as f32 / 20_000.0;
        assert!((zeros - 0.3).abs() < 0.015, "masked {zeros}");
        assert!(masked.iter().all(|&p| p == 0.0 || p == 0.5));

        let salted = hit(Noise { kind: NoiseKind::SaltAndPepper, level: 0.2 }, &mut rng);
        let (black, white) =
            (salted.iter().filter(|&&p| p == 0.0).count(), salted.iter().filter(|&&p| p == 1.0).count());
        assert!((black as f32 / 20_000.0 - 0.1).abs() < 0.01 && (white as f32 / 20_000.0 - 0.1).abs() < 0.01);

        // σ = 0.1 around 0.5 is rarely clipped: the sample's spread is σ's.
        let noisy = hit(Noise { kind: NoiseKind::Gaussian, level: 0.1 }, &mut rng);
        let variance = noisy.iter().map(|p| (p - 0.5) * (p - 0.5)).sum::<f32>() / 20_000.0;
        assert!((variance.sqrt() - 0.1).abs() < 0.005, "σ {}", variance.sqrt());
    }
}
