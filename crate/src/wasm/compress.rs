//! Bindings of the compression lab (`crate::labs::compress`): the attendee's CNN (its safetensors or
//! compressed file) with its dataset's test images and a training chunk to retrain on, compressed one
//! setting at a time — pruned, retrained step by step so the worker can report and stop between steps, then
//! written — with the file kept for download and timed on every backend.

use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::compress::is_weight;
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::int8::SimdInt8;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::compress::{inference_ms, Compressor};
use crate::models::{compressed, safetensors};
use crate::on_backend;
use crate::wire::{CompressInfo, CompressTensor};
use wasm_bindgen::prelude::*;

type AnyCompressor = PerBackend<Compressor<'static, Scalar>, Compressor<'static, Simd>, Compressor<'static, WebGpu>>;

/// Passes an inference time is the median of.
const TIMING_RUNS: usize = 3;

#[wasm_bindgen]
pub struct CompressLab {
    compressor: AnyCompressor,
    train: ImageSet,
    test: ImageSet,
    /// The last setting's file.
    file: Option<Vec<u8>>,
}

#[wasm_bindgen]
impl CompressLab {
    /// The CNN in `bytes` (the CNN lab's export, or a compressed file) on `backend`, with its dataset's test
    /// images (`test_chunk`: a served chunk, labels idx then images idx).
    pub async fn create(backend: String, bytes: Vec<u8>, test_chunk: Vec<u8>) -> Result<CompressLab, JsValue> {
        let (spec, values) = safetensors::read(&bytes).map_err(problem)?;
        let mut test = ImageSet::default();
        test.append_chunk(&test_chunk, "test images").map_err(failed)?;
        if test.side != spec.side || spec.channels != 1 {
            return Err(failed(format!(
                "the network takes {0}×{0}×{1} images, the test set has {2}×{2}×1",
                spec.side, spec.channels, test.side
            ))
            .into());
        }
        let compressor = on_backend!(make kind(&backend)?, gpu().await?, |b| Compressor::new(b, &spec, values)
            .map_err(failed)?);
        Ok(Self { compressor, train: ImageSet::default(), test, file: None })
    }

    /// Adds a downloaded (decompressed) chunk of training images, which retraining draws from.
    #[wasm_bindgen(js_name = addTrainChunk)]
    pub fn add_train_chunk(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.train.append_chunk(chunk, "training images").map_err(failed)
    }

    #[wasm_bindgen(js_name = trainImages)]
    pub fn train_images(&self) -> usize {
        self.train.len()
    }

    pub fn info(&self) -> Result<JsValue, JsError> {
        let (spec, float32_bytes) =
            on_backend!(use &self.compressor, |c| (c.spec.clone(), c.float32_bytes().map_err(failed)?));
        let tensors = spec
            .parameter_shapes()
            .map_err(failed)?
            .into_iter()
            .map(|(name, shape)| CompressTensor { weight: is_weight(&name), name, shape })
            .collect();
        to_js(&CompressInfo { spec, tensors, float32_bytes, test_images: self.test.len() })
    }

    /// Starts a setting: the original weights pruned by `pruning` (`Pruning` JSON, or null for none).
    pub fn prune(&mut self, pruning: JsValue) -> Result<(), JsError> {
        let pruning = from_js(pruning)?;
        self.file = None;
        on_backend!(use &mut self.compressor, |c| c.prune(pruning)).map_err(failed)
    }

    /// Retrains `steps` optimiser steps, fewer when `epochs` epochs are done first; the epochs done.
    pub async fn retrain(&mut self, steps: usize, epochs: f64) -> Result<f64, JsError> {
        if self.train.is_empty() {
            return Err(failed("no training images to retrain on yet"));
        }
        let train = &self.train;
        on_backend!(use &mut self.compressor, |c| c.retrain(train, steps, epochs).await).map_err(failed)
    }

    /// Shares each weight tensor's values among 2^`bits` (as the file will), for `tuneCentroids`.
    pub async fn share(&mut self, bits: u8) -> Result<(), JsError> {
        on_backend!(use &mut self.compressor, |c| c.share(bits).await).map_err(failed)
    }

    /// Fine-tunes the shared values `steps` optimiser steps, fewer when `epochs` epochs are done first; the
    /// epochs done.
    #[wasm_bindgen(js_name = tuneCentroids)]
    pub async fn tune_centroids(&mut self, steps: usize, epochs: f64) -> Result<f64, JsError> {
        if self.train.is_empty() {
            return Err(failed("no training images to fine-tune on yet"));
        }
        let train = &self.train;
        on_backend!(use &mut self.compressor, |c| c.tune_centroids(train, steps, epochs).await).map_err(failed)
    }

    /// The network as pruned and retrained, written with `encoding` (`Encoding` JSON) and scored on the first
    /// `limit` test images (`Outcome`); the file is kept for `file` and `inferenceMs`.
    pub async fn encode(&mut self, encoding: JsValue, limit: usize) -> Result<JsValue, JsError> {
        let encoding = from_js(encoding)?;
        let test = &self.test;
        let (file, outcome) =
            on_backend!(use &mut self.compressor, |c| c.encode(encoding, test, limit).await).map_err(failed)?;
        self.file = Some(file);
        to_js(&outcome)
    }

    /// The last setting's file.
    pub fn file(&self) -> Result<Vec<u8>, JsError> {
        self.file.clone().ok_or_else(|| failed("no setting was compressed yet"))
    }

    /// The accuracy on the first `limit` test images with weight tensor `tensor` alone pruned by `fraction`.
    pub async fn sensitivity(&mut self, tensor: usize, fraction: f32, limit: usize) -> Result<f32, JsError> {
        let test = &self.test;
        on_backend!(use &mut self.compressor, |c| c.sensitivity(tensor, fraction, test, limit).await).map_err(failed)
    }

    /// Milliseconds per image for the last setting's file on `backend`, classifying a batch of `images` test
    /// images ("simd-int8": computed in int8 on the SIMD backend).
    #[wasm_bindgen(js_name = inferenceMs)]
    pub async fn inference_ms(&self, backend: String, images: usize) -> Result<f64, JsError> {
        let (spec, values) =
            compressed::read(self.file.as_deref().ok_or_else(|| failed("no file to time yet"))?).map_err(failed)?;
        let batch: Vec<f32> = (0..images.min(self.test.len())).flat_map(|i| self.test.image_f32(i)).collect();
        if backend == "simd-int8" {
            return inference_ms(&SimdInt8, &spec, &values, &batch, TIMING_RUNS).await.map_err(failed);
        }
        on_backend!(kind(&backend)?, gpu().await?, |b| inference_ms(b, &spec, &values, &batch, TIMING_RUNS).await)
            .map_err(failed)
    }
}
