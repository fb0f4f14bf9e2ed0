//! Bindings of the autoencoder lab (`crate::labs::autoencoder`): a network trained on a dataset's training
//! chunks a few steps per call, so the worker reports and can pause between calls; the test set's
//! reconstruction scores, a grid of test digits through the network, the test set's codes, and codes decoded.

use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::autoencoder::{AutoencoderTrainer, AutoencoderTraining};
use crate::labs::few_labels::few_labels_point;
use crate::models::autoencoder::AutoencoderSpec;
use crate::on_backend;
use crate::wire::LabProblem;
use wasm_bindgen::prelude::*;

type AnyTrainer = PerBackend<
    AutoencoderTrainer<'static, Scalar>,
    AutoencoderTrainer<'static, Simd>,
    AutoencoderTrainer<'static, WebGpu>,
>;

#[wasm_bindgen]
pub struct AutoencoderLab {
    trainer: AnyTrainer,
    train: ImageSet,
    test: ImageSet,
    /// The last training batch's loss, read once by `train`.
    loss: f32,
}

#[wasm_bindgen]
impl AutoencoderLab {
    /// A fresh network `spec` (`AutoencoderSpec` JSON) trained by `training` (`AutoencoderTraining` JSON) on
    /// `backend`, with a dataset's test chunk (labels idx then images idx).
    pub async fn create(
        backend: String,
        spec: JsValue,
        training: JsValue,
        test_chunk: Vec<u8>,
    ) -> Result<AutoencoderLab, JsError> {
        let spec: AutoencoderSpec = from_js(spec)?;
        let training: AutoencoderTraining = from_js(training)?;
        let mut test = ImageSet::default();
        test.append_chunk(&test_chunk, "test images").map_err(failed)?;
        let trainer = on_backend!(make kind(&backend)?, gpu().await?, |b| AutoencoderTrainer::new(b, &spec, training)
            .map_err(failed)?);
        Ok(Self { trainer, train: ImageSet::default(), test, loss: f32::NAN })
    }

    /// Adds a downloaded (decompressed) chunk of training images.
    #[wasm_bindgen(js_name = addTrainChunk)]
    pub fn add_train_chunk(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.train.append_chunk(chunk, "training images").map_err(failed)
    }

    #[wasm_bindgen(js_name = trainImages)]
    pub fn train_images(&self) -> usize {
        self.train.len()
    }

    /// Trains `steps` optimiser steps, fewer when an epoch ends first; the epochs trained so far. A loss that
    /// is no longer a number is a `TrainingDiverged` problem.
    pub async fn train(&mut self, steps: usize) -> Result<f64, JsValue> {
        if self.train.is_empty() {
            return Err(failed("no training images yet").into());
        }
        let train = &self.train;
        let (epochs, loss, step) = on_backend!(use &mut self.trainer, |t| {
            for _ in 0..steps {
                if t.step(train).await {
                    break;
                }
            }
            (t.epoch_progress(), t.model.last_loss().await, t.steps)
        });
        self.loss = loss;
        if !loss.is_finite() {
            return Err(problem(LabProblem::TrainingDiverged { loss, step, restored: false }));
        }
        Ok(epochs)
    }

    /// The binary cross-entropy of the last training batch (NaN before the first).
    #[wasm_bindgen(js_name = lastLoss)]
    pub fn last_loss(&self) -> f32 {
        self.loss
    }

    /// The reconstruction scores of the first `limit` test images (`AutoencoderEvaluation`).
    pub async fn evaluate(&mut self, limit: usize) -> Result<JsValue, JsError> {
        let test = &self.test;
        to_js(&on_backend!(use &mut self.trainer, |t| t.evaluate(test, limit).await))
    }

    /// The first `count` test images through the network (`AutoencoderSamples`).
    pub async fn samples(&mut self, count: usize) -> Result<JsValue, JsError> {
        let test = &self.test;
        to_js(&on_backend!(use &mut self.trainer, |t| t.samples(test, count).await))
    }

    /// The codes of the first `limit` test images, with their labels (`CodeMap`).
    #[wasm_bindgen(js_name = codeMap)]
    pub async fn code_map(&mut self, limit: usize) -> Result<JsValue, JsError> {
        let test = &self.test;
        to_js(&on_backend!(use &mut self.trainer, |t| t.code_map(test, limit).await))
    }

    /// The images `codes` ([count, code]) decode to, [count, 28 × 28] in [0, 1].
    pub async fn decode(&mut self, codes: Vec<f32>) -> Result<Vec<f32>, JsError> {
        let code = on_backend!(use &self.trainer, |t| t.model.spec().code);
        if codes.is_empty() || !codes.len().is_multiple_of(code) {
            return Err(failed(format!("{} values are not whole codes of {code}", codes.len())));
        }
        Ok(on_backend!(use &mut self.trainer, |t| t.model.decode(&codes).await))
    }

    /// The dense network's first-layer units as images ([units, 28 × 28], the first `max`); empty for the
    /// convolutional one.
    pub async fn features(&self, max: usize) -> Vec<f32> {
        on_backend!(use &self.trainer, |t| t.model.first_layer_features(max).await).unwrap_or_default()
    }

    /// The few-labels experiment at `per_class` labelled training digits per class, scored on the first
    /// `test_limit` test digits (`FewLabelsPoint`).
    #[wasm_bindgen(js_name = fewLabels)]
    pub async fn few_labels(&mut self, per_class: usize, test_limit: usize) -> Result<JsValue, JsError> {
        let (train, test) = (&self.train, &self.test);
        let point = on_backend!(use &mut self.trainer, |t| {
            let backend = t.model.backend();
            few_labels_point(backend, t, train, test, per_class, test_limit).await
        });
        to_js(&point.map_err(failed)?)
    }

    /// What `image` (28 × 28 in [0, 1], e.g. drawn on the pad) comes back as.
    pub async fn reconstruct(&mut self, image: Vec<f32>) -> Result<Vec<f32>, JsError> {
        if image.len() != 28 * 28 {
            return Err(failed(format!("a digit is 28 × 28 values, not {}", image.len())));
        }
        Ok(on_backend!(use &mut self.trainer, |t| t.model.reconstruct(&image).await.images))
    }
}
