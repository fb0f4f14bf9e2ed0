//! Bindings of the compression lab (`crate::labs::compress`): the attendee's CNN (its safetensors or
//! compressed file) with its dataset's test images and a training chunk to retrain on, compressed one
//! setting at a time — pruned, retrained step by step so the worker can report and stop between steps, then
//! written — with the file kept for download and timed on every backend.

use super::cnn::cnn_with_test_set;
use super::detect::bytes_of;
use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::compress::{is_weight, Encoding};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::int8::SimdInt8;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::compress::{compress_served, inference_ms, matched_boxes, Compressor, Encoded};
use crate::models::classifier::Classifier;
use crate::models::darknet::DarknetModel;
use crate::models::detector::{Detector, DetectorModel};
use crate::models::served::{detector, CLASSIFIERS};
use crate::on_backend;
use crate::wire::{CompressInfo, CompressTensor, LabProblem, ServedComparison, ServedSize};
use js_sys::Object;
use wasm_bindgen::prelude::*;

type AnyCompressor = PerBackend<Compressor<'static, Scalar>, Compressor<'static, Simd>, Compressor<'static, WebGpu>>;

/// Passes an inference time is the median of.
const TIMING_RUNS: usize = 3;

#[wasm_bindgen]
pub struct CompressLab {
    compressor: AnyCompressor,
    train: ImageSet,
    test: ImageSet,
    /// The last setting's file and the weights it decodes to.
    encoded: Option<Encoded>,
}

#[wasm_bindgen]
impl CompressLab {
    /// The CNN in `bytes` (the CNN lab's export, or a compressed file) on `backend`, with its dataset's test
    /// images (`test_chunk`: a served chunk, labels idx then images idx).
    pub async fn create(backend: String, bytes: Vec<u8>, test_chunk: Vec<u8>) -> Result<CompressLab, JsValue> {
        let (spec, values, test) = cnn_with_test_set(&bytes, &test_chunk)?;
        let compressor = on_backend!(make kind(&backend)?, gpu().await?, |b| Compressor::new(b, &spec, values)
            .map_err(failed)?);
        Ok(Self { compressor, train: ImageSet::default(), test, encoded: None })
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
        self.encoded = None;
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
        let encoding: Encoding = from_js(encoding)?;
        let test = &self.test;
        let encoded =
            on_backend!(use &mut self.compressor, |c| c.encode(&encoding, test, limit).await).map_err(failed)?;
        let outcome = to_js(&encoded.outcome);
        self.encoded = Some(encoded);
        outcome
    }

    /// The last setting's file.
    pub fn file(&self) -> Result<Vec<u8>, JsError> {
        self.encoded.as_ref().map(|e| e.file.clone()).ok_or_else(|| failed("no setting was compressed yet"))
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
        let values = &self.encoded.as_ref().ok_or_else(|| failed("no file to time yet"))?.decoded;
        let spec = on_backend!(use &self.compressor, |c| c.spec.clone());
        let batch: Vec<f32> = (0..images.min(self.test.len())).flat_map(|i| self.test.image_f32(i)).collect();
        if backend == "simd-int8" {
            return inference_ms(&SimdInt8, &spec, values, &batch, TIMING_RUNS).await.map_err(failed);
        }
        on_backend!(kind(&backend)?, gpu().await?, |b| inference_ms(b, &spec, values, &batch, TIMING_RUNS).await)
            .map_err(failed)
    }
}

/// Boxes of the original and the compressed detector match at this overlap (intersection over union).
const BOX_MATCH_IOU: f32 = 0.5;

/// A served network: the ImageNet classifier (with its class names) or a detector.
enum Served {
    Classifier { network: DarknetModel, labels: Vec<String> },
    Detector(DetectorModel),
}

impl Served {
    fn network(&self) -> &DarknetModel {
        match self {
            Served::Classifier { network, .. } => network,
            Served::Detector(model) => &model.network,
        }
    }

    /// The same, with `network` in place of its own.
    fn with(&self, network: DarknetModel) -> Served {
        match self {
            Served::Classifier { labels, .. } => Served::Classifier { network, labels: labels.clone() },
            Served::Detector(model) => Served::Detector(DetectorModel { network, ..model.clone() }),
        }
    }
}

/// The compression lab's served networks: one, compressed by a setting, and the two compared on pictures
/// (on the SIMD backend: the comparison is of answers, not of speed).
#[wasm_bindgen]
pub struct ServedCompressLab {
    original: Served,
    compressed: Option<Served>,
}

#[wasm_bindgen]
impl ServedCompressLab {
    /// Served model `id` (a classifier or a detector) from `files` (file name → Uint8Array, as fetched from its
    /// folder).
    pub fn load(id: &str, files: Object) -> Result<ServedCompressLab, JsValue> {
        let damaged = |detail| problem(LabProblem::ServedModelDamaged { model: id.into(), detail });
        let original = match CLASSIFIERS.iter().find(|m| m.id == id) {
            Some(served) => {
                let model = served.load_classifier(|name| bytes_of(&files, name)).map_err(damaged)?;
                Served::Classifier { network: model.network, labels: model.labels }
            }
            None => {
                Served::Detector(detector(id).map_err(failed)?.load(|name| bytes_of(&files, name)).map_err(damaged)?)
            }
        };
        Ok(Self { original, compressed: None })
    }

    /// Compresses the network by `pruning` (`Pruning` JSON or null) and `encoding` (`Encoding` JSON); its size.
    pub fn compress(&mut self, pruning: JsValue, encoding: JsValue) -> Result<JsValue, JsError> {
        let encoding: Encoding = from_js(encoding)?;
        let made = compress_served(self.original.network(), from_js(pruning)?, &encoding).map_err(failed)?;
        self.compressed = Some(self.original.with(made.model));
        to_js(&ServedSize { bytes: made.bytes, float32_bytes: made.float32_bytes })
    }

    /// The original and the compressed network on an RGBA picture (`ServedComparison`).
    pub async fn compare(&self, rgba: &[u8], width: usize, height: usize) -> Result<JsValue, JsError> {
        if rgba.len() != width * height * 4 {
            return Err(failed(format!("{} bytes are not a {width} × {height} RGBA image", rgba.len())));
        }
        let compressed = self.compressed.as_ref().ok_or_else(|| failed("compress the network first"))?;
        let comparison = match (&self.original, compressed) {
            (Served::Classifier { network, labels }, Served::Classifier { network: copy, .. }) => {
                let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
                let mut answers = Vec::new();
                for model in [network, copy] {
                    let mut classifier = Classifier::new(&Simd, model, 0).map_err(failed)?;
                    let classified = classifier.classify(&rgb, width, height).await.map_err(failed)?;
                    answers
                        .push(labels.get(crate::heads::argmax(&classified.probabilities)).cloned().unwrap_or_default());
                }
                ServedComparison { reference: 1, matched: usize::from(answers[0] == answers[1]), answers }
            }
            (Served::Detector(model), Served::Detector(copy)) => {
                let mut found = Vec::new();
                for model in [model, copy] {
                    let mut detector = Detector::new(&Simd, model, model.default_size).map_err(failed)?;
                    found.push(detector.detect(rgba, width, height, model.defaults).await.map_err(failed)?.found);
                }
                let matched = matched_boxes(&found[0], &found[1], BOX_MATCH_IOU);
                ServedComparison { reference: found[0].len(), matched, answers: Vec::new() }
            }
            _ => return Err(failed("the compressed copy is of another network")),
        };
        to_js(&comparison)
    }
}
