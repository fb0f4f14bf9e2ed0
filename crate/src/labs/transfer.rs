//! The transfer lab's fine-tuning run: the attendee's images (at the network's input size) in shuffled
//! batches through a `FineTuned` network, optionally augmented (a random mirror and a random crop of 80 to
//! 100 % of the side, drawn per image and epoch), and evaluated on held-out images.

use crate::augment::Augmentation;
use crate::engine::Backend;
use crate::heads::{argmax, HeadEvaluation};
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
        let optimiser = Optimiser::Adam { learning_rate: self.training.learning_rate };
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
