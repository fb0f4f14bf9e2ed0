//! Bindings of the CNN lab: its datasets (filled chunk by chunk as the page downloads them), a trainer on
//! the chosen backend, and the views into the network (filters, activations, confusion, top images).

use super::engine::{gpu, gpu_loss, kind};
use super::{failed, from_js, problem, to_js};
use crate::augment::{counted_views, Augmentation, DigitAugmentation};
use crate::data::drawing;
use crate::data::image_set::ImageSet;
use crate::engine::scalar::{elementwise, Scalar};
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::{BackendKind, PerBackend};
use crate::labs::cnn::{batch_accuracy, Advance, Evaluation, Position, Trainer, TrainingConfig};
use crate::models::cnn::CnnSpec;
use crate::models::safetensors;
use crate::on_backend;
use crate::rng::Rng;
use crate::wire::{LabProblem, NamedMap, TrainReport};
use image::{GrayImage, RgbImage};
use js_sys::{Float32Array, Uint8Array};
use wasm_bindgen::prelude::*;

type AnyTrainer = PerBackend<Trainer<'static, Scalar>, Trainer<'static, Simd>, Trainer<'static, WebGpu>>;

async fn trainer(backend: BackendKind, spec: &CnnSpec, config: TrainingConfig) -> Result<AnyTrainer, JsValue> {
    Ok(on_backend!(make backend, gpu().await?, |b| Trainer::new(b, spec, config).map_err(problem)?))
}

#[wasm_bindgen]
pub struct CnnLab {
    train_all: ImageSet,
    /// What training draws from: all of `train_all`, or the small-data subset.
    small_data: Option<usize>,
    subset: Option<ImageSet>,
    test: ImageSet,
    backend: BackendKind,
    trainer: AnyTrainer,
    /// The weights after the last evaluation, restored when training diverges.
    checkpoint: Option<Vec<Vec<f32>>>,
    /// On WebGPU, the weights and the place in the epoch after the last training call, read back to host
    /// memory: what the lab goes on from on SIMD if the GPU is lost.
    rescue: Option<(Vec<Vec<f32>>, Position)>,
    evaluation: Option<Evaluation>,
}

#[wasm_bindgen]
impl CnnLab {
    /// A fresh network `spec` (`CnnSpec` JSON) on `backend`, trained with `config` (`TrainingConfig` JSON).
    pub async fn create(backend: String, spec: JsValue, config: JsValue) -> Result<CnnLab, JsValue> {
        let (spec, config): (CnnSpec, TrainingConfig) = (from_js(spec)?, from_js(config)?);
        let backend = kind(&backend)?;
        let trainer = trainer(backend, &spec, config).await?;
        let mut lab = Self {
            train_all: ImageSet::default(),
            small_data: None,
            subset: None,
            test: ImageSet::default(),
            backend,
            trainer,
            checkpoint: None,
            rescue: None,
            evaluation: None,
        };
        lab.keep_rescue().await?;
        Ok(lab)
    }

    /// Adds a downloaded (decompressed) chunk to the "train" or "test" set.
    #[wasm_bindgen(js_name = addChunk)]
    pub fn add_chunk(&mut self, split: &str, chunk: &[u8]) -> Result<(), JsError> {
        let set = if split == "test" { &mut self.test } else { &mut self.train_all };
        set.append_chunk(chunk, split).map_err(failed)?;
        self.subset = None;
        Ok(())
    }

    /// [training images, test images] available, the training count after the small-data choice.
    pub fn counts(&self) -> Vec<usize> {
        vec![self.training_set_len(), self.test.len()]
    }

    fn training_set_len(&self) -> usize {
        self.small_data.map_or(self.train_all.len(), |count| count.min(self.train_all.len()))
    }

    /// Trains on `count` images only (the data-versus-accuracy lesson), or on all when undefined.
    #[wasm_bindgen(js_name = setSmallData)]
    pub fn set_small_data(&mut self, count: Option<usize>) {
        self.small_data = count;
        self.subset = None;
    }

    /// A new network `spec` and training `config` on `backend`. With `keep_weights` (same spec) the trained
    /// weights and the place in the epoch move over, so training can switch backend mid-way; the optimiser's
    /// moments restart.
    pub async fn reconfigure(
        &mut self,
        backend: String,
        spec: JsValue,
        config: JsValue,
        keep_weights: bool,
    ) -> Result<(), JsValue> {
        let (spec, config): (CnnSpec, TrainingConfig) = (from_js(spec)?, from_js(config)?);
        let weights = if keep_weights { Some(self.weights().await) } else { None };
        let backend = kind(&backend)?;
        let mut next = trainer(backend, &spec, config).await?;
        if let Some(weights) = weights {
            on_backend!(use &mut next, |t| t.model.set_parameters(&weights)).map_err(failed)?;
            let position = on_backend!(use &self.trainer, |t| t.position.clone());
            on_backend!(use &mut next, |t| t.position = position);
        } else {
            self.checkpoint = None;
            self.evaluation = None;
        }
        (self.trainer, self.backend) = (next, backend);
        self.keep_rescue().await
    }

    /// `image` is one input image of the network.
    fn one_image(&self, image: &[f32]) -> Result<(), JsError> {
        let expected = on_backend!(use &self.trainer, |t| t.model.input_len());
        if image.len() != expected {
            return Err(failed(format!("an image of {} values, expected {expected}", image.len())));
        }
        Ok(())
    }

    /// On WebGPU, reads the weights and the place in the epoch back into `rescue`.
    async fn keep_rescue(&mut self) -> Result<(), JsValue> {
        if self.backend == BackendKind::WebGpu {
            let position = on_backend!(use &self.trainer, |t| t.position.clone());
            let weights = self.weights().await;
            // Read from a lost GPU they are NaN: the rescue from before stays.
            if gpu_loss().is_none() {
                self.rescue = Some((weights, position));
            }
            self.survive_gpu_loss().await?;
        }
        Ok(())
    }

    /// If the GPU this lab computes on was lost, the lab moves to SIMD — with the weights and the place in
    /// the epoch of its rescue, or afresh without one — and the error says so, for the page to follow.
    async fn survive_gpu_loss(&mut self) -> Result<(), JsValue> {
        let Some(reason) = gpu_loss().filter(|_| self.backend == BackendKind::WebGpu) else { return Ok(()) };
        let (spec, config) = on_backend!(use &self.trainer, |t| (t.model.spec().clone(), t.config));
        let mut next = trainer(BackendKind::Simd, &spec, config).await?;
        let steps = match self.rescue.take() {
            Some((weights, position)) => {
                let steps = position.steps;
                on_backend!(use &mut next, |t| {
                    t.model.set_parameters(&weights).map_err(failed)?;
                    t.position = position;
                });
                Some(steps)
            }
            None => None,
        };
        (self.trainer, self.backend) = (next, BackendKind::Simd);
        Err(problem(LabProblem::GpuLost { reason, steps }))
    }

    async fn weights(&self) -> Vec<Vec<f32>> {
        on_backend!(use &self.trainer, |t| t.model.parameters().await)
    }

    /// Epochs trained so far, fractional.
    pub fn epoch(&self) -> f64 {
        on_backend!(use &self.trainer, |t| t.epoch_progress())
    }

    /// Sub-batches one step trains (`Trainer::sub_batch`).
    #[wasm_bindgen(js_name = subBatchesPerStep)]
    pub fn sub_batches_per_step(&self) -> usize {
        on_backend!(use &self.trainer, |t| t.config.batch.div_ceil(t.sub_batch))
    }

    /// Optimiser steps taken so far.
    pub fn steps(&self) -> usize {
        on_backend!(use &self.trainer, |t| t.position.steps)
    }

    /// Images trained on so far.
    pub fn samples(&self) -> usize {
        on_backend!(use &self.trainer, |t| t.images_trained())
    }

    /// Trains `sub_batches` sub-batches (`Trainer::advance`: a step is one where a batch costs little), or
    /// fewer when an epoch ends first (so the page evaluates at epoch ends), and reports the last one's loss
    /// and accuracy. If the loss is not finite the weights go back to the last evaluation's (or their start)
    /// and the error says so.
    pub async fn train(&mut self, sub_batches: usize) -> Result<JsValue, JsValue> {
        if self.training_set_len() == 0 {
            return Err(failed("no training images yet").into());
        }
        let set = training_set(&mut self.subset, &self.train_all, self.small_data);
        let (loss, accuracy, report) = on_backend!(use &mut self.trainer, |t| {
            let mut ran = 0;
            while ran < sub_batches.max(1) {
                ran += 1;
                if t.advance(set) == Advance::EndOfEpoch {
                    break;
                }
            }
            let loss = t.model.last_loss().await;
            let logits = t.model.last_logits().await;
            let accuracy = batch_accuracy(&logits, &t.last_labels);
            (loss, accuracy, (t.epoch_progress(), t.position.steps, t.images_trained(), ran))
        });
        self.survive_gpu_loss().await?;
        if !loss.is_finite() {
            let restored = match &self.checkpoint {
                Some(weights) => on_backend!(use &mut self.trainer, |t| t.model.set_parameters(weights)).is_ok(),
                None => false,
            };
            return Err(problem(LabProblem::TrainingDiverged { loss, step: report.1, restored }));
        }
        self.keep_rescue().await?;
        let (epoch, steps, samples, sub_batches) = report;
        Ok(to_js(&TrainReport { sub_batches, loss, batch_accuracy: accuracy, epoch, steps, samples })?)
    }

    /// Test loss, accuracy and confusion matrix on the first `limit` test images, and the accuracy on as
    /// many training images; keeps the weights as the checkpoint a divergence goes back to.
    pub async fn evaluate(&mut self, limit: usize) -> Result<JsValue, JsValue> {
        let train = training_set(&mut self.subset, &self.train_all, self.small_data);
        let evaluation =
            on_backend!(use &mut self.trainer, |t| t.evaluate_with_training(&self.test, train, limit).await);
        self.survive_gpu_loss().await?;
        if evaluation.loss.is_finite() {
            self.checkpoint = Some(self.weights().await);
        }
        let value = to_js(&evaluation);
        self.evaluation = Some(evaluation);
        Ok(value?)
    }

    /// Test images labelled `actual` that the last evaluation predicted as `predicted` (at most `max`).
    #[wasm_bindgen(js_name = confusedImages)]
    pub fn confused_images(&self, actual: u8, predicted: u8, max: usize) -> Vec<u32> {
        let Some(evaluation) = &self.evaluation else { return Vec::new() };
        let matches = evaluation.predictions.iter().enumerate();
        matches
            .filter(|&(i, &p)| p == predicted && self.test.labels[i] == actual)
            .map(|(i, _)| i as u32)
            .take(max)
            .collect()
    }

    /// Test image `index`: its label, then its pixels.
    #[wasm_bindgen(js_name = testImage)]
    pub fn test_image(&self, index: usize) -> Result<Vec<u8>, JsError> {
        if index >= self.test.len() {
            return Err(failed(format!("no test image {index}")));
        }
        Ok([&[self.test.labels[index]], self.test.image(index)].concat())
    }

    /// The output layer's values (before the softmax) for one image (side² · channels values in [0, 1]).
    pub async fn logits(&mut self, image: Vec<f32>) -> Result<Float32Array, JsValue> {
        self.one_image(&image)?;
        let logits = on_backend!(use &mut self.trainer, |t| t.model.logits(&image).await);
        self.survive_gpu_loss().await?;
        Ok(Float32Array::from(logits.as_slice()))
    }

    /// Every conv and pool layer's output for one image, `[{name, shape, values}]`, and the probabilities last.
    pub async fn activations(&mut self, image: Vec<f32>) -> Result<JsValue, JsValue> {
        self.one_image(&image)?;
        let (mut outputs, summary) = on_backend!(use &mut self.trainer, |t| {
            (t.model.layer_outputs(&image).await, t.model.spec().summary().map_err(failed)?)
        });
        self.survive_gpu_loss().await?;
        let logits = outputs.pop();
        let mut maps: Vec<NamedMap> = summary
            .into_iter()
            .zip(outputs)
            .filter(|(s, _)| s.output.len() == 3)
            .map(|(s, values)| NamedMap { name: s.name, shape: s.output, values })
            .collect();
        let logits = logits.expect("the last layer is the output layer");
        maps.push(NamedMap { name: "probabilities".into(), shape: vec![logits.len()], values: softmax(&logits) });
        Ok(to_js(&maps)?)
    }

    /// Each conv layer's weights, `[{name, shape: [k, k, in, out], values}]`.
    pub async fn filters(&self) -> Result<JsValue, JsError> {
        let spec = on_backend!(use &self.trainer, |t| t.model.spec().clone());
        let weights = self.weights().await;
        let maps: Vec<NamedMap> = spec
            .parameter_shapes()
            .map_err(failed)?
            .into_iter()
            .zip(weights)
            .filter(|((name, _), _)| name.starts_with("conv") && name.ends_with(".weight"))
            .map(|((name, shape), values)| NamedMap { name, shape, values })
            .collect();
        to_js(&maps)
    }

    /// The `count` test images (among the first `limit`) whose maximum activation of `channel` in feature
    /// layer `layer` (index into `activations`' maps) is highest.
    #[wasm_bindgen(js_name = topImages)]
    pub async fn top_images(
        &mut self,
        layer: usize,
        channel: usize,
        count: usize,
        limit: usize,
    ) -> Result<Vec<u32>, JsError> {
        let summary = on_backend!(use &self.trainer, |t| t.model.spec().summary()).map_err(failed)?;
        let (index, shape) = summary
            .iter()
            .enumerate()
            .filter(|(_, s)| s.output.len() == 3)
            .nth(layer)
            .map(|(i, s)| (i, s.output.clone()))
            .ok_or_else(|| failed(format!("no feature layer {layer}")))?;
        let channels = shape[2];
        if channel >= channels {
            return Err(failed(format!("layer {layer} has {channels} channels, not {}", channel + 1)));
        }
        let test = &self.test;
        let limit = limit.min(test.len());
        let mut scores: Vec<(f32, u32)> = Vec::with_capacity(limit);
        const BATCH: usize = 250;
        for start in (0..limit).step_by(BATCH) {
            let end = (start + BATCH).min(limit);
            let images: Vec<f32> = (start..end).flat_map(|i| test.image_f32(i)).collect();
            let output = on_backend!(use &mut self.trainer, |t| t.model.layer_output(&images, index).await);
            let per_image = shape.iter().product::<usize>();
            for (i, map) in output.chunks_exact(per_image).enumerate() {
                let best = map.iter().skip(channel).step_by(channels).fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                scores.push((best, (start + i) as u32));
            }
        }
        scores.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(scores.into_iter().take(count).map(|(_, i)| i).collect())
    }

    /// For each feature layer (as `activations` lists them), each channel's peak over the first `limit` test
    /// images: a channel whose peak is 0 never fired on them.
    #[wasm_bindgen(js_name = channelPeaks)]
    pub async fn channel_peaks(&mut self, limit: usize) -> Result<JsValue, JsValue> {
        let test = &self.test;
        let peaks = on_backend!(use &mut self.trainer, |t| t.channel_peaks(test, limit).await).map_err(failed)?;
        self.survive_gpu_loss().await?;
        Ok(to_js(&peaks)?)
    }

    /// The trained network as a safetensors file, its architecture in the metadata.
    #[wasm_bindgen(js_name = exportWeights)]
    pub async fn export_weights(&self) -> Result<Uint8Array, JsError> {
        let spec = on_backend!(use &self.trainer, |t| t.model.spec().clone());
        let bytes = safetensors::write(&spec, &self.weights().await).map_err(failed)?;
        Ok(Uint8Array::from(bytes.as_slice()))
    }

    /// Loads a file `exportWeights` made: the network becomes its architecture and weights. Returns the spec.
    #[wasm_bindgen(js_name = importWeights)]
    pub async fn import_weights(&mut self, bytes: Vec<u8>, config: JsValue) -> Result<JsValue, JsValue> {
        let (spec, weights) = safetensors::read(&bytes).map_err(problem)?;
        let mut next = trainer(self.backend, &spec, from_js(config)?).await?;
        on_backend!(use &mut next, |t| t.model.set_parameters(&weights)).map_err(failed)?;
        self.trainer = next;
        self.checkpoint = Some(weights);
        self.evaluation = None;
        self.keep_rescue().await?;
        Ok(to_js(&spec)?)
    }
}

/// The images training draws from: all of `all`, or the first `small` of a fixed shuffle of them (made
/// once into `subset`).
fn training_set<'s>(subset: &'s mut Option<ImageSet>, all: &'s ImageSet, small: Option<usize>) -> &'s ImageSet {
    match small {
        Some(count) => subset.get_or_insert_with(|| all.subset(count, 7)),
        None => all,
    }
}

/// Class probabilities of one row of logits, by the reference backend's softmax.
fn softmax(logits: &[f32]) -> Vec<f32> {
    let mut probabilities = vec![0.0; logits.len()];
    elementwise::softmax(logits, &mut probabilities, logits.len());
    probabilities
}

/// Each layer of `spec` (`CnnSpec` JSON): `[{name, output, parameters, flops}]`; throws why it is impossible.
#[wasm_bindgen(js_name = cnnSummary)]
pub fn cnn_summary(spec: JsValue) -> Result<JsValue, JsValue> {
    let spec: CnnSpec = from_js(spec)?;
    Ok(to_js(&spec.summary().map_err(problem)?)?)
}

/// A drawing (`width × height` ink values 0–255) as an MNIST digit: 784 values in [0, 1].
#[wasm_bindgen(js_name = drawingToDigit)]
pub fn drawing_to_digit(ink: &[u8], width: u32, height: u32) -> Result<Float32Array, JsError> {
    Ok(Float32Array::from(drawing::to_mnist(ink, width, height).map_err(failed)?.as_slice()))
}

fn rgba_to_rgb(rgba: &[u8], width: u32, height: u32) -> Result<RgbImage, JsError> {
    let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| failed(format!("{} bytes for a {width} × {height} RGBA image", rgba.len())))
}

fn rgb_to_rgba(image: &RgbImage) -> Vec<u8> {
    image.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2], 255]).collect()
}

/// `augmentation` (`Augmentation` JSON) applied to an RGBA photo; returns RGBA of the same size.
#[wasm_bindgen(js_name = augmentPhoto)]
pub fn augment_photo(augmentation: JsValue, rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, JsError> {
    let augmentation: Augmentation = from_js(augmentation)?;
    Ok(rgb_to_rgba(&augmentation.apply_rgb(&rgba_to_rgb(rgba, width, height)?)))
}

/// A geometric `augmentation` applied to a grey digit (`side × side` bytes).
#[wasm_bindgen(js_name = augmentDigit)]
pub fn augment_digit(augmentation: JsValue, digit: &[u8], side: u32) -> Result<Vec<u8>, JsError> {
    let augmentation: Augmentation = from_js(augmentation)?;
    let image =
        GrayImage::from_raw(side, side, digit.to_vec()).ok_or_else(|| failed("the digit is not side × side bytes"))?;
    Ok(augmentation.apply_geometric(&image).into_raw())
}

/// The training-time random digit augmentation (`DigitAugmentation` JSON) under `seed`.
#[wasm_bindgen(js_name = randomDigitAugmentation)]
pub fn random_digit_augmentation(policy: JsValue, digit: &[u8], side: u32, seed: u64) -> Result<Vec<u8>, JsError> {
    let policy: DigitAugmentation = from_js(policy)?;
    let image =
        GrayImage::from_raw(side, side, digit.to_vec()).ok_or_else(|| failed("the digit is not side × side bytes"))?;
    Ok(policy.apply(&image, &mut Rng::new(seed)).into_raw())
}

/// The deck's 1 / 2 / 10 views of a photo: itself, with its mirror (`flips`), or 5 crops × 2 (`crops`).
/// Returns the RGBA images one after another.
#[wasm_bindgen(js_name = countedViews)]
pub fn counted_views_rgba(rgba: &[u8], width: u32, height: u32, flips: bool, crops: bool) -> Result<Vec<u8>, JsError> {
    let photo = rgba_to_rgb(rgba, width, height)?;
    Ok(counted_views(&photo, flips, crops, 0.8).iter().flat_map(rgb_to_rgba).collect())
}

/// A CNN's file (safetensors or compressed) and a served chunk of its dataset's test images (labels idx then
/// images idx), once they are seen to fit each other.
pub(super) fn cnn_with_test_set(
    bytes: &[u8],
    test_chunk: &[u8],
) -> Result<(CnnSpec, Vec<Vec<f32>>, ImageSet), JsValue> {
    let (spec, values) = safetensors::read(bytes).map_err(problem)?;
    let mut test = ImageSet::default();
    test.append_chunk(test_chunk, "test images").map_err(failed)?;
    if test.side != spec.side || spec.channels != 1 {
        let why = format!(
            "the network takes {0}×{0}×{1} images, the test set has {2}×{2}×1",
            spec.side, spec.channels, test.side
        );
        return Err(failed(why).into());
    }
    Ok((spec, values, test))
}
