//! The CNN lab's training loop: shuffled mini-batches from an image set (optionally augmented), one
//! optimiser step each, and evaluation on the test set with a confusion matrix. Shared by the page's worker
//! and the native `train-mnist` command.

use crate::augment::DigitAugmentation;
use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::heads::argmax;
use crate::models::cnn::{Cnn, CnnSpec, LayerSummary, SpecError};
use crate::nn::Optimiser;
use crate::rng::Rng;
use image::GrayImage;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrainingConfig {
    pub batch: usize,
    pub optimiser: Optimiser,
    /// Random rotation, shift, scale and shear of each training image, when set.
    pub augmentation: Option<DigitAugmentation>,
    pub seed: u64,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        Self { batch: 32, optimiser: Optimiser::adam(0.002), augmentation: None, seed: 1 }
    }
}

/// The test set's loss, accuracy, confusion counts (`confusion[actual][predicted]`) and each image's prediction.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "CnnEvaluation"))]
pub struct Evaluation {
    /// The backend that computed it, by name (`Backend::name`).
    pub backend: String,
    pub loss: f32,
    pub accuracy: f32,
    /// The same weights' accuracy on training images, where `evaluate_with_training` measured it: what
    /// the test accuracy falls short of is how far the network overfits.
    pub train_accuracy: Option<f32>,
    pub confusion: Vec<Vec<u32>>,
    #[serde(skip)]
    pub predictions: Vec<u8>,
}

/// Images per evaluation batch: large enough to keep the GPU busy, small enough for little memory.
const EVALUATION_BATCH: usize = 250;
/// The largest training batch the lab accepts.
pub const MAX_BATCH: usize = 1024;
/// The most work (forward and backward, FLOPs) one sub-batch does: about 20 to 50 ms on one core's wasm
/// SIMD, so a pause lands and progress moves within that even when a whole step takes minutes.
const SUB_BATCH_FLOPS: u64 = 200_000_000;

/// Images per sub-batch for `spec`: as many as `SUB_BATCH_FLOPS` allows (the backward pass is counted as
/// twice the forward), at least one.
fn sub_batch(spec: &CnnSpec) -> Result<usize, SpecError> {
    let forward: u64 = spec.summary()?.iter().map(|layer| layer.flops).sum();
    Ok((SUB_BATCH_FLOPS / (3 * forward).max(1)).clamp(1, MAX_BATCH as u64) as usize)
}

/// Where training stands, apart from the weights: what moves with them when training switches backend.
#[derive(Clone, Debug)]
pub struct Position {
    rng: Rng,
    /// This epoch's shuffled image order and how far through it training is.
    order: Vec<usize>,
    cursor: usize,
    /// Optimiser steps and images trained on so far.
    pub steps: usize,
    pub samples: usize,
    pub epochs_done: usize,
}

pub struct Trainer<'a, B: Backend> {
    pub model: Cnn<'a, B>,
    pub config: TrainingConfig,
    pub position: Position,
    /// The labels of the last (sub-)batch trained, to score its logits.
    pub last_labels: Vec<u8>,
    /// Images per sub-batch: a step's batch is trained in sub-batches of at most this many, which add up
    /// their gradients before the one optimiser update, so a large network reports and can be paused
    /// within a step. The whole batch where a batch costs little.
    pub sub_batch: usize,
    /// Images of the current batch trained so far, in sub-batches: 0 between steps.
    in_step: usize,
}

/// How far one `Trainer::advance` went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Advance {
    /// A sub-batch, the step not done.
    WithinStep,
    /// The step's last sub-batch and its update.
    Step,
    /// A step that ended an epoch.
    EndOfEpoch,
}

impl<'a, B: Backend> Trainer<'a, B> {
    pub fn new(backend: &'a B, spec: &CnnSpec, config: TrainingConfig) -> Result<Self, SpecError> {
        if config.batch == 0 || config.batch > MAX_BATCH {
            return Err(SpecError::BatchSize { batch: config.batch, max: MAX_BATCH });
        }
        let model = Cnn::new(backend, spec, config.seed)?;
        Ok(Self {
            model,
            config,
            position: Position {
                rng: Rng::new(config.seed ^ 0x5eed),
                order: Vec::new(),
                cursor: 0,
                steps: 0,
                samples: 0,
                epochs_done: 0,
            },
            last_labels: Vec::new(),
            sub_batch: sub_batch(spec)?,
            in_step: 0,
        })
    }

    /// Epochs trained so far, with the fraction of the current one. A finished epoch is counted by
    /// `epochs_done` alone: its cursor stays at the end until the next step starts a new one.
    pub fn epoch_progress(&self) -> f64 {
        let p = &self.position;
        let in_epoch = p.cursor < p.order.len();
        p.epochs_done as f64 + if in_epoch { (p.cursor + self.in_step) as f64 / p.order.len() as f64 } else { 0.0 }
    }

    /// Images trained on so far, those of the step under way included.
    pub fn images_trained(&self) -> usize {
        self.position.samples + self.in_step
    }

    /// Queues one optimiser step on the next batch of `train` (or the rest of the step under way); returns
    /// true when it ended an epoch.
    pub fn step(&mut self, train: &ImageSet) -> bool {
        loop {
            match self.advance(train) {
                Advance::WithinStep => continue,
                Advance::Step => return false,
                Advance::EndOfEpoch => return true,
            }
        }
    }

    /// Queues the next sub-batch of the step under way, or of a new one on the next batch of `train`; the
    /// step's optimiser update follows its last sub-batch. A new epoch reshuffles all images in `train`
    /// then, so images that arrived meanwhile join it.
    pub fn advance(&mut self, train: &ImageSet) -> Advance {
        let p = &mut self.position;
        if self.in_step == 0 && p.cursor >= p.order.len() {
            p.order = (0..train.len()).collect();
            p.rng.shuffle(&mut p.order);
            p.cursor = 0;
        }
        let end = (p.cursor + self.config.batch).min(p.order.len());
        let from = p.cursor + self.in_step;
        let to = (from + self.sub_batch).min(end);
        let indices = &p.order[from..to];
        let mut images = Vec::with_capacity(indices.len() * self.model.input_len());
        for &i in indices {
            match &self.config.augmentation {
                Some(policy) => {
                    let side = train.side as u32;
                    let digit = GrayImage::from_raw(side, side, train.image(i).to_vec()).expect("side × side bytes");
                    images.extend(policy.apply(&digit, &mut p.rng).into_raw().iter().map(|&p| f32::from(p) / 255.0));
                }
                None => images.extend(train.image_f32(i)),
            }
        }
        self.last_labels = indices.iter().map(|&i| train.labels[i]).collect();
        self.model.train_sub_batch(&images, &self.last_labels, end - p.cursor, self.in_step == 0);
        if to < end {
            self.in_step = to - p.cursor;
            return Advance::WithinStep;
        }
        self.model.apply_step(self.config.optimiser);
        self.in_step = 0;
        p.steps += 1;
        p.samples += end - p.cursor;
        p.cursor = end;
        if p.cursor < p.order.len() {
            return Advance::Step;
        }
        p.epochs_done += 1;
        Advance::EndOfEpoch
    }

    /// Loss, accuracy and confusion on the first `limit` images of `test`.
    pub async fn evaluate(&mut self, test: &ImageSet, limit: usize) -> Evaluation {
        let count = limit.min(test.len());
        let classes = self.model.spec().classes;
        let mut confusion = vec![vec![0; classes]; classes];
        let mut predictions = Vec::with_capacity(count);
        let mut loss = 0.0;
        for start in (0..count).step_by(EVALUATION_BATCH) {
            let end = (start + EVALUATION_BATCH).min(count);
            let images: Vec<f32> = (start..end).flat_map(|i| test.image_f32(i)).collect();
            let logits = self.model.logits(&images).await;
            for (row, i) in logits.chunks_exact(classes).zip(start..end) {
                let predicted = argmax(row);
                let label = test.labels[i] as usize;
                loss += cross_entropy(row, label);
                confusion[label][predicted] += 1;
                predictions.push(predicted as u8);
            }
        }
        let correct: u32 = (0..classes).map(|c| confusion[c][c]).sum();
        Evaluation {
            backend: self.model.backend().name(),
            loss: loss / count as f32,
            accuracy: correct as f32 / count as f32,
            train_accuracy: None,
            confusion,
            predictions,
        }
    }

    /// `evaluate` on `test`, with the accuracy on the first `limit` images of `train` (as they are, not
    /// augmented) by the same weights. The accuracy of the batches as they trained would mix weights
    /// from across the epoch, and on a small set the epoch's last batch is a handful of images.
    pub async fn evaluate_with_training(&mut self, test: &ImageSet, train: &ImageSet, limit: usize) -> Evaluation {
        let mut evaluation = self.evaluate(test, limit).await;
        if !train.is_empty() {
            evaluation.train_accuracy = Some(self.evaluate(train, limit).await.accuracy);
        }
        evaluation
    }

    /// For each feature layer (the layers whose output is a [height, width, channels] map, in order), each
    /// channel's largest value anywhere in the maps of the first `limit` images of `images`. After ReLU a
    /// channel whose peak is 0 never fired on any of them: a dead filter.
    pub async fn channel_peaks(&mut self, images: &ImageSet, limit: usize) -> Result<Vec<Vec<f32>>, SpecError> {
        let summary = self.model.spec().summary()?;
        let feature = |s: &LayerSummary| s.output.len() == 3;
        let mut peaks: Vec<Vec<f32>> =
            summary.iter().filter(|s| feature(s)).map(|s| vec![f32::NEG_INFINITY; s.output[2]]).collect();
        let count = limit.min(images.len());
        for start in (0..count).step_by(EVALUATION_BATCH) {
            let end = (start + EVALUATION_BATCH).min(count);
            let batch: Vec<f32> = (start..end).flat_map(|i| images.image_f32(i)).collect();
            let outputs = self.model.layer_outputs(&batch).await;
            let maps = summary.iter().zip(&outputs).filter(|(s, _)| feature(s)).map(|(_, values)| values);
            for (peak, values) in peaks.iter_mut().zip(maps) {
                // Channels are the fastest-moving index: each chunk is one pixel's channels.
                for pixel in values.chunks_exact(peak.len()) {
                    for (p, &v) in peak.iter_mut().zip(pixel) {
                        *p = p.max(v);
                    }
                }
            }
        }
        Ok(peaks)
    }
}

/// −log softmax(logits)[label], computed stably.
pub fn cross_entropy(logits: &[f32], label: usize) -> f32 {
    let max = logits.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let sum: f32 = logits.iter().map(|v| (v - max).exp()).sum();
    sum.ln() + max - logits[label]
}

/// The fraction of rows of `logits` whose largest value is at their label.
pub fn batch_accuracy(logits: &[f32], labels: &[u8]) -> f32 {
    let classes = logits.len() / labels.len().max(1);
    let correct = logits.chunks_exact(classes).zip(labels).filter(|(row, &l)| argmax(row) == l as usize).count();
    correct as f32 / labels.len().max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ops::PoolKind;
    use crate::engine::scalar::Scalar;
    use crate::models::cnn::ConvBlock;

    #[test]
    fn a_batch_size_out_of_range_is_refused_with_its_code() {
        for batch in [0, 1025] {
            let config = TrainingConfig { batch, ..TrainingConfig::default() };
            let refused = Trainer::new(&Scalar, &CnnSpec::default(), config).err();
            assert_eq!(refused, Some(SpecError::BatchSize { batch, max: 1024 }));
        }
        let config = TrainingConfig { batch: 1024, ..TrainingConfig::default() };
        assert!(Trainer::new(&Scalar, &CnnSpec::default(), config).is_ok());
    }

    /// Ten images with ink in them, labelled 0 to 9.
    fn inked(seed: u64) -> ImageSet {
        let mut rng = Rng::new(seed);
        ImageSet { side: 28, pixels: (0..10 * 784).map(|_| rng.below(256) as u8).collect(), labels: (0..10).collect() }
    }

    #[test]
    fn the_training_accuracy_scores_the_same_weights_on_the_first_training_images() {
        let test = inked(3);
        let mut trainer = Trainer::new(&Scalar, &CnnSpec::default(), TrainingConfig::default()).unwrap();
        trainer.step(&test);
        let predictions = pollster::block_on(trainer.evaluate(&test, 10)).predictions;
        // The test images again as the training set, labelled so that the even ones are predicted right.
        let wrong = |p: u8| (p + 1) % 10;
        let labels = predictions.iter().enumerate().map(|(i, &p)| if i % 2 == 0 { p } else { wrong(p) }).collect();
        let train = ImageSet { labels, ..test.clone() };
        let evaluation = pollster::block_on(trainer.evaluate_with_training(&test, &train, 7));
        assert_eq!(evaluation.train_accuracy, Some(4.0 / 7.0), "images 0, 2, 4 and 6 of the first 7");
        assert_eq!(evaluation.predictions, predictions[..7], "the test set's own evaluation, by the same weights");
        let no_images = ImageSet { side: 28, ..ImageSet::default() };
        assert_eq!(pollster::block_on(trainer.evaluate_with_training(&test, &no_images, 7)).train_accuracy, None);
    }

    #[test]
    fn a_batch_in_sub_batches_steps_as_the_whole_batch_does() {
        let train = inked(5);
        let config = TrainingConfig {
            batch: 8,
            optimiser: Optimiser::Sgd { learning_rate: 0.1, momentum: 0.9 },
            ..TrainingConfig::default()
        };
        let mut whole = Trainer::new(&Scalar, &CnnSpec::default(), config).unwrap();
        assert!(whole.sub_batch >= 8, "the default network's batch costs little: one sub-batch");
        let mut split = Trainer::new(&Scalar, &CnnSpec::default(), config).unwrap();
        split.sub_batch = 3;
        // Two steps — 8 images (sub-batches of 3, 3 and 2), then the epoch's last 2 (one sub-batch) — so that
        // momentum carries a summed gradient into the second.
        for _ in 0..2 {
            whole.step(&train);
        }
        assert_eq!(split.advance(&train), Advance::WithinStep);
        assert_eq!(split.advance(&train), Advance::WithinStep);
        assert_eq!(split.advance(&train), Advance::Step);
        assert_eq!(split.advance(&train), Advance::EndOfEpoch);
        let (a, b) = (pollster::block_on(whole.model.parameters()), pollster::block_on(split.model.parameters()));
        for (a, b) in a.iter().flatten().zip(b.iter().flatten()) {
            assert!((a - b).abs() <= 1e-5 * (1.0 + a.abs()), "{a} whole, {b} in sub-batches");
        }
        assert_eq!(split.position.steps, 2);
        assert_eq!(split.position.samples, 10);
    }

    #[test]
    fn progress_moves_within_a_step_trained_in_sub_batches() {
        let train = inked(6);
        let mut trainer =
            Trainer::new(&Scalar, &CnnSpec::default(), TrainingConfig { batch: 10, ..TrainingConfig::default() })
                .unwrap();
        trainer.sub_batch = 4;
        assert_eq!(trainer.advance(&train), Advance::WithinStep);
        assert_eq!((trainer.epoch_progress(), trainer.images_trained(), trainer.position.steps), (0.4, 4, 0));
        assert_eq!(trainer.advance(&train), Advance::WithinStep);
        assert_eq!(trainer.epoch_progress(), 0.8);
        assert_eq!(trainer.advance(&train), Advance::EndOfEpoch);
        assert_eq!((trainer.epoch_progress(), trainer.images_trained(), trainer.position.steps), (1.0, 10, 1));
    }

    #[test]
    fn a_large_network_is_trained_in_small_sub_batches() {
        let large = CnnSpec {
            blocks: vec![
                ConvBlock { filters: 64, kernel: 5, pooling: PoolKind::Max, fire: false },
                ConvBlock { filters: 128, kernel: 5, pooling: PoolKind::Max, fire: false },
            ],
            ..CnnSpec::default()
        };
        let trainer = Trainer::new(&Scalar, &large, TrainingConfig { batch: 64, ..TrainingConfig::default() }).unwrap();
        // conv2 alone is 14·14·128·64·25·2 ≈ 80 MFLOP per image forward: one image a sub-batch.
        assert_eq!(trainer.sub_batch, 1);
    }

    #[test]
    fn the_last_loss_is_the_last_batch_s_after_an_epoch_s_short_batch() {
        let train = inked(7);
        let mut trainer =
            Trainer::new(&Scalar, &CnnSpec::default(), TrainingConfig { batch: 4, ..TrainingConfig::default() })
                .unwrap();
        // Batches of 4, 4 and 2, then a new epoch's 4: its logits, not the short batch's.
        for _ in 0..4 {
            trainer.step(&train);
        }
        let logits = pollster::block_on(trainer.model.last_logits());
        assert_eq!(logits.len(), 4 * 10);
    }

    #[test]
    fn epoch_progress_counts_each_finished_epoch_once() {
        let train = ImageSet { side: 28, pixels: vec![0; 10 * 784], labels: (0..10).collect() };
        let config = TrainingConfig { batch: 4, ..TrainingConfig::default() };
        let mut trainer = Trainer::new(&Scalar, &CnnSpec::default(), config).unwrap();
        assert_eq!(trainer.epoch_progress(), 0.0);
        assert!(!trainer.step(&train));
        assert_eq!(trainer.epoch_progress(), 0.4);
        assert!(!trainer.step(&train));
        assert!(trainer.step(&train), "the third batch (2 images) ends the epoch");
        assert_eq!(trainer.epoch_progress(), 1.0);
        assert!(!trainer.step(&train));
        assert_eq!(trainer.epoch_progress(), 1.4);
    }

    #[test]
    fn channel_peaks_are_each_channel_s_largest_activation_over_the_images() {
        // More images than an evaluation batch, so the peaks carry over from one batch to the next.
        let mut rng = Rng::new(8);
        let count = EVALUATION_BATCH + 7;
        let images = ImageSet {
            side: 28,
            pixels: (0..count * 784).map(|_| rng.below(256) as u8).collect(),
            labels: vec![0; count],
        };
        let mut trainer = Trainer::new(&Scalar, &CnnSpec::default(), TrainingConfig::default()).unwrap();
        // A first-layer filter with only negative weights and bias never fires on pixels ≥ 0: dead.
        let mut weights = pollster::block_on(trainer.model.parameters());
        let (conv1_weight, rest) = weights.split_at_mut(1);
        let filters = rest[0].len();
        for (i, w) in conv1_weight[0].iter_mut().enumerate() {
            // [k, k, in, out]: the output filter is the fastest-moving index.
            if i % filters == 2 {
                *w = -w.abs() - 0.1;
            }
        }
        rest[0][2] = -0.5;
        trainer.model.set_parameters(&weights).unwrap();

        let peaks = pollster::block_on(trainer.channel_peaks(&images, count)).unwrap();
        // The oracle: each image on its own, every position of every channel visited by its coordinates.
        let summary = CnnSpec::default().summary().unwrap();
        let mut expected: Vec<Vec<f32>> = Vec::new();
        for i in 0..count {
            let image: Vec<f32> = images.image_f32(i).collect();
            let outputs = pollster::block_on(trainer.model.layer_outputs(&image));
            let maps = summary.iter().zip(&outputs).filter(|(s, _)| s.output.len() == 3);
            for (layer, (s, values)) in maps.enumerate() {
                let (height, width, channels) = (s.output[0], s.output[1], s.output[2]);
                if expected.len() <= layer {
                    expected.push(vec![f32::NEG_INFINITY; channels]);
                }
                for y in 0..height {
                    for x in 0..width {
                        for c in 0..channels {
                            let v = values[(y * width + x) * channels + c];
                            expected[layer][c] = expected[layer][c].max(v);
                        }
                    }
                }
            }
        }
        let lengths = |layers: &[Vec<f32>]| layers.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(lengths(&peaks), lengths(&expected));
        for (ours, theirs) in peaks.iter().flatten().zip(expected.iter().flatten()) {
            assert!((ours - theirs).abs() <= 1e-5 * (1.0 + theirs.abs()), "peak {ours}, expected {theirs}");
        }
        assert_eq!(peaks[0][2], 0.0, "the silenced filter never fires");
        assert!(peaks[0].iter().enumerate().all(|(c, &p)| c == 2 || p > 0.0), "{:?}", peaks[0]);
    }

    #[test]
    fn training_moved_to_another_backend_goes_on_where_it_was() {
        // Images with ink in them, so the moved weights are seen at work on something.
        let mut rng = Rng::new(4);
        let pixels = (0..10 * 784).map(|_| rng.below(256) as u8).collect();
        let train = ImageSet { side: 28, pixels, labels: (0..10).collect() };
        let config = TrainingConfig { batch: 3, ..TrainingConfig::default() };
        let mut here = Trainer::new(&Scalar, &CnnSpec::default(), config).unwrap();
        here.step(&train);
        // As CnnLab::reconfigure moves a network: its weights, then its place in the epoch.
        let mut there = Trainer::new(&crate::engine::simd::Simd, &CnnSpec::default(), config).unwrap();
        let weights = pollster::block_on(here.model.parameters());
        there.model.set_parameters(&weights).unwrap();
        there.position = here.position.clone();
        assert_eq!(pollster::block_on(there.model.parameters()), weights, "the weights arrive bit for bit");
        let image: Vec<f32> = train.image_f32(7).collect();
        let (a, b) = (pollster::block_on(here.model.logits(&image)), pollster::block_on(there.model.logits(&image)));
        for (a, b) in a.iter().zip(&b) {
            assert!((a - b).abs() <= 1e-4, "logits {a} here, {b} there");
        }
        assert_eq!(there.epoch_progress(), here.epoch_progress());
        here.step(&train);
        there.step(&train);
        assert_eq!(there.last_labels, here.last_labels, "the same next batch of the same epoch");
        assert_eq!(there.position.steps, 2);
    }
}
