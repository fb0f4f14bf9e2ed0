//! The transfer lab's fine-tuning run: the attendee's images (at the network's input size) in shuffled
//! batches through a `FineTuned` network, optionally augmented (a random mirror and a random crop of 80 to
//! 100 % of the side, drawn per image and epoch), and evaluated on held-out images. And the deck's yardstick
//! for it: a small CNN trained from scratch on the same images (`from_scratch`).

use crate::activation::Activation;
use crate::augment::Augmentation;
use crate::engine::ops::PoolKind;
use crate::engine::Backend;
use crate::heads::{argmax, first_of_each_label, HeadEvaluation};
use crate::models::cnn::{Cnn, CnnSpec, ConvBlock};
use crate::models::darknet::DarknetModel;
use crate::models::fine_tune::{FineTuneSpec, FineTuned};
use crate::nn::Optimiser;
use crate::rng::Rng;
use image::RgbImage;
use serde::Deserialize;

/// Labelled RGB images, all `side` × `side`.
#[derive(Clone, Debug, Default)]
pub struct LabelledImages {
    pub side: usize,
    /// `labels.len()` images of side × side × 3 bytes.
    pub pixels: Vec<u8>,
    pub labels: Vec<usize>,
}

impl LabelledImages {
    pub fn new(side: usize) -> Self {
        Self { side, pixels: Vec::new(), labels: Vec::new() }
    }

    pub fn push(&mut self, rgb: &[u8], label: usize) -> Result<(), String> {
        let expected = self.side * self.side * 3;
        if rgb.len() != expected {
            return Err(format!("{} bytes are not a {side} × {side} RGB image", rgb.len(), side = self.side));
        }
        self.pixels.extend_from_slice(rgb);
        self.labels.push(label);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The first `count` images of each class, in their order.
    pub fn first_of_each_class(&self, count: usize) -> LabelledImages {
        let mut taken = LabelledImages::new(self.side);
        for i in first_of_each_label(&self.labels, count) {
            taken.push(self.image(i), self.labels[i]).expect("an image of the same side");
        }
        taken
    }

    /// The images scaled down to `side` × `side`.
    pub fn scaled(&self, side: usize) -> LabelledImages {
        let mut scaled = LabelledImages::new(side);
        for i in 0..self.len() {
            let full = RgbImage::from_raw(self.side as u32, self.side as u32, self.image(i).to_vec()).expect("whole");
            let small = image::imageops::resize(&full, side as u32, side as u32, image::imageops::FilterType::Triangle);
            scaled.push(small.as_raw(), self.labels[i]).expect("the side asked for");
        }
        scaled
    }

    fn image(&self, i: usize) -> &[u8] {
        let size = self.side * self.side * 3;
        &self.pixels[i * size..(i + 1) * size]
    }
}

/// How the fine-tuning trains.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FineTuneTraining {
    /// The new layers' learning rate (Adam); the pretrained ones' is `spec.pretrained_rate` of it.
    pub learning_rate: f32,
    pub batch: usize,
    pub augment: bool,
    pub seed: u64,
}

pub struct FineTuning<'a, B: Backend> {
    pub net: FineTuned<'a, B>,
    training: FineTuneTraining,
    rng: Rng,
}

impl<'a, B: Backend> FineTuning<'a, B> {
    pub fn new(
        backend: &'a B,
        model: &DarknetModel,
        spec: FineTuneSpec,
        training: FineTuneTraining,
    ) -> Result<Self, String> {
        Self::of(FineTuned::new(backend, model, spec)?, training)
    }

    /// Trains `net` (made fresh or read from a file).
    pub fn of(net: FineTuned<'a, B>, training: FineTuneTraining) -> Result<Self, String> {
        if training.batch == 0 || !(training.learning_rate > 0.0 && training.learning_rate.is_finite()) {
            return Err(format!("batch {} at learning rate {} cannot train", training.batch, training.learning_rate));
        }
        Ok(Self { net, training, rng: Rng::new(training.seed) })
    }

    /// `image` as the network reads it, augmented if asked: [side, side, 3] in [0, 1].
    fn input(&mut self, images: &LabelledImages, i: usize) -> Vec<f32> {
        let side = images.side as u32;
        if !self.training.augment {
            return images.image(i).iter().map(|&v| v as f32 / 255.0).collect();
        }
        let mut image = RgbImage::from_raw(side, side, images.image(i).to_vec()).expect("a whole image");
        if self.rng.uniform() < 0.5 {
            image = Augmentation::FlipHorizontal.apply_rgb(&image);
        }
        let fraction = self.rng.uniform_in(0.8, 1.0);
        let crop = Augmentation::Crop {
            x: self.rng.uniform_in(0.0, 1.0 - fraction),
            y: self.rng.uniform_in(0.0, 1.0 - fraction),
            fraction,
        };
        crop.apply_rgb(&image).as_raw().iter().map(|&v| v as f32 / 255.0).collect()
    }

    /// One pass over `train` in shuffled batches (the last one topped up from the start of the order, so every
    /// batch has the same size); the batches' mean loss.
    pub async fn epoch(&mut self, train: &LabelledImages) -> f32 {
        let mut order: Vec<usize> = (0..train.len()).collect();
        self.rng.shuffle(&mut order);
        let batch = self.training.batch;
        let optimiser = Optimiser::adam(self.training.learning_rate);
        let mut losses = Vec::new();
        for start in (0..order.len()).step_by(batch) {
            let chosen: Vec<usize> = (start..start + batch).map(|k| order[k % order.len()]).collect();
            let images: Vec<f32> = chosen.iter().flat_map(|&i| self.input(train, i)).collect();
            let labels: Vec<usize> = chosen.iter().map(|&i| train.labels[i]).collect();
            self.net.train_step(&images, &labels, optimiser);
            losses.push(self.net.last_loss().await);
        }
        losses.iter().sum::<f32>() / losses.len().max(1) as f32
    }

    /// Accuracy and confusion matrix on `set`, unaugmented, in batches of the training's size (the last
    /// one padded with its last image, whose extra answers are dropped).
    pub async fn evaluate(&mut self, set: &LabelledImages) -> HeadEvaluation {
        let batch = self.training.batch;
        let classes = self.net.spec().classes;
        let mut predictions = Vec::with_capacity(set.len());
        for start in (0..set.len()).step_by(batch) {
            let chosen: Vec<usize> = (start..start + batch).map(|i| i.min(set.len() - 1)).collect();
            let images: Vec<f32> =
                chosen.iter().flat_map(|&i| set.image(i).iter().map(|&v| v as f32 / 255.0)).collect();
            let logits = self.net.logits(&images).await;
            let real = batch.min(set.len() - start);
            predictions.extend(logits.chunks_exact(classes).take(real).map(argmax));
        }
        HeadEvaluation::of(&set.labels, &predictions, classes)
    }
}

/// The side the small CNN from scratch sees the images at.
pub const SCRATCH_SIDE: usize = 56;
/// Images per batch for the small CNN.
const SCRATCH_BATCH: usize = 8;

/// The small CNN trained from scratch: three 3×3 convolution blocks (8, 16 and 32 filters, ReLU, 2×2 max
/// pooling) on the images at `SCRATCH_SIDE`², then a dense layer onto the classes.
pub fn scratch_spec(classes: usize) -> CnnSpec {
    let block = |filters| ConvBlock { filters, kernel: 3, pooling: PoolKind::Max, fire: false };
    CnnSpec {
        side: SCRATCH_SIDE,
        channels: 3,
        classes,
        blocks: vec![block(8), block(16), block(32)],
        activation: Activation::Relu,
        hidden: None,
    }
}

/// The held-out accuracy of the small CNN trained from scratch for `epochs` epochs (Adam, 0.001) on
/// `train`, both sets at `SCRATCH_SIDE`².
pub async fn from_scratch<B: Backend>(
    backend: &B,
    train: &LabelledImages,
    validation: &LabelledImages,
    classes: usize,
    epochs: usize,
    seed: u64,
) -> Result<f32, String> {
    let mut net = Cnn::new(backend, &scratch_spec(classes), seed).map_err(|e| e.to_string())?;
    let (train, validation) = (train.scaled(SCRATCH_SIDE), validation.scaled(SCRATCH_SIDE));
    let floats = |set: &LabelledImages, i: usize| set.image(i).iter().map(|&v| v as f32 / 255.0).collect::<Vec<_>>();
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let optimiser = Optimiser::adam(0.001);
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for start in (0..order.len()).step_by(SCRATCH_BATCH) {
            let chosen: Vec<usize> = (start..start + SCRATCH_BATCH).map(|k| order[k % order.len()]).collect();
            let images: Vec<f32> = chosen.iter().flat_map(|&i| floats(&train, i)).collect();
            let labels: Vec<u8> = chosen.iter().map(|&i| train.labels[i] as u8).collect();
            net.train_step(&images, &labels, optimiser);
        }
    }
    let mut right = 0;
    for i in 0..validation.len() {
        right += usize::from(argmax(&net.logits(&floats(&validation, i)).await) == validation.labels[i]);
    }
    Ok(right as f32 / validation.len().max(1) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::simd::Simd;

    /// Noisy images of one colour per class: red, green or blue.
    fn colours(per_class: usize, seed: u64) -> LabelledImages {
        let mut rng = Rng::new(seed);
        let mut images = LabelledImages::new(64);
        for i in 0..3 * per_class {
            let class = i % 3;
            let pixels: Vec<u8> = (0..64 * 64 * 3)
                .map(|v| if v % 3 == class { 150 + rng.below(100) as u8 } else { rng.below(100) as u8 })
                .collect();
            images.push(&pixels, class).unwrap();
        }
        images
    }

    #[test]
    fn the_small_cnn_from_scratch_learns_what_tells_the_classes_apart() {
        let accuracy = pollster::block_on(from_scratch(&Simd, &colours(8, 1), &colours(4, 2), 3, 8, 3)).unwrap();
        assert_eq!(accuracy, 1.0);
        // Labels that say nothing about the images: chance, near a third.
        let mut shuffled = colours(8, 1);
        Rng::new(4).shuffle(&mut shuffled.labels);
        let chance = pollster::block_on(from_scratch(&Simd, &shuffled, &colours(4, 2), 3, 8, 3)).unwrap();
        assert!(chance < 0.75, "{chance}");
    }

    #[test]
    fn the_first_images_of_each_class_keep_their_order() {
        let images = colours(3, 1);
        let first = images.first_of_each_class(2);
        assert_eq!(first.labels, [0, 1, 2, 0, 1, 2]);
        assert_eq!(first.image(3), images.image(3));
        assert_eq!(first.scaled(8).pixels.len(), 6 * 8 * 8 * 3);
    }
}
