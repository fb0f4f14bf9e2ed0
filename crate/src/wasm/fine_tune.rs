//! Bindings of the transfer lab's fine-tuning: the served classifier's layers up to a cut with a new
//! classifier on the attendee's classes, trained epoch by epoch on their images (sent once, kept here) and
//! scored on the held-out ones; exported and imported as safetensors with its classes' names.

use super::classify::ClassificationLab;
use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::clock::now_ms;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::transfer::{from_scratch, FineTuneTraining, FineTuning, LabelledImages};
use crate::models::fine_tune::{FineTuneSpec, FineTuned};
use crate::on_backend;
use crate::wire::{FineTuneReport, FineTunedInfo};
use wasm_bindgen::prelude::*;

type AnyFineTuning = PerBackend<FineTuning<'static, Scalar>, FineTuning<'static, Simd>, FineTuning<'static, WebGpu>>;

#[wasm_bindgen]
pub struct FineTuneLab {
    run: AnyFineTuning,
    classes: Vec<String>,
    train: LabelledImages,
    validation: LabelledImages,
    epoch: usize,
}

/// `labels.len()` RGB images of the network's side, as sent by the page.
fn images(side: usize, pixels: &[u8], labels: &[u32], classes: usize) -> Result<LabelledImages, JsError> {
    let size = side * side * 3;
    if pixels.len() != size * labels.len() {
        return Err(failed(format!("{} bytes for {} images of {side} × {side} RGB", pixels.len(), labels.len())));
    }
    let mut images = LabelledImages::new(side);
    for (image, &label) in pixels.chunks_exact(size).zip(labels) {
        if label as usize >= classes {
            return Err(failed(format!("label {label} of {classes} classes")));
        }
        images.push(image, label as usize).map_err(failed)?;
    }
    Ok(images)
}

#[wasm_bindgen]
impl ClassificationLab {
    /// A fresh fine-tuning (`FineTuneSpec`, `FineTuneTraining`) on `backend` of the classes named `classes`;
    /// its images come with `setImages`.
    #[wasm_bindgen(js_name = fineTune)]
    pub async fn fine_tune(
        &self,
        backend: String,
        spec: JsValue,
        training: JsValue,
        classes: Vec<String>,
    ) -> Result<FineTuneLab, JsValue> {
        let spec: FineTuneSpec = from_js(spec)?;
        let training: FineTuneTraining = from_js(training)?;
        if spec.classes != classes.len() {
            return Err(failed(format!("{} names for {} classes", classes.len(), spec.classes)).into());
        }
        let network = &self.model().network;
        let run = on_backend!(make kind(&backend)?, gpu().await?, |b| FineTuning::new(b, network, spec, training)
            .map_err(failed)?);
        Ok(FineTuneLab::new(run, classes, network.cfg.height))
    }

    /// A network an earlier `export` wrote, with its own classes (`info`), to go on training on `backend`;
    /// its images, labelled in the file's classes, come with `setImages`.
    #[wasm_bindgen(js_name = importFineTuned)]
    pub async fn import_fine_tuned(
        &self,
        backend: String,
        bytes: Vec<u8>,
        training: JsValue,
    ) -> Result<FineTuneLab, JsValue> {
        let training: FineTuneTraining = from_js(training)?;
        let network = &self.model().network;
        let names: Vec<String>;
        let run = on_backend!(make kind(&backend)?, gpu().await?, |b| {
            let (net, classes) = FineTuned::import(b, network, &bytes).map_err(problem)?;
            names = classes;
            FineTuning::of(net, training).map_err(failed)?
        });
        Ok(FineTuneLab::new(run, names, network.cfg.height))
    }
}

impl FineTuneLab {
    fn new(run: AnyFineTuning, classes: Vec<String>, side: usize) -> Self {
        let none = LabelledImages::new(side);
        Self { run, classes, train: none.clone(), validation: none, epoch: 0 }
    }
}

/// The held-out accuracy of the small CNN trained from scratch (`labs::transfer::scratch_spec`) for
/// `epochs` epochs on `backend`, on the first `counts[i]` training images of each class, for each count.
#[wasm_bindgen(js_name = scratchByExamples)]
#[allow(clippy::too_many_arguments)]
pub async fn scratch_by_examples(
    backend: String,
    side: usize,
    classes: usize,
    train_pixels: Vec<u8>,
    train_labels: Vec<u32>,
    validation_pixels: Vec<u8>,
    validation_labels: Vec<u32>,
    counts: Vec<u32>,
    epochs: usize,
) -> Result<Vec<f32>, JsValue> {
    let train = images(side, &train_pixels, &train_labels, classes)?;
    let validation = images(side, &validation_pixels, &validation_labels, classes)?;
    let mut accuracies = Vec::with_capacity(counts.len());
    for &count in &counts {
        let few = train.first_of_each_class(count as usize);
        let accuracy =
            on_backend!(kind(&backend)?, gpu().await?, |b| from_scratch(b, &few, &validation, classes, epochs, 1)
                .await
                .map_err(failed)?);
        accuracies.push(accuracy);
    }
    Ok(accuracies)
}

#[wasm_bindgen]
impl FineTuneLab {
    /// The images to train on and to hold out: RGB at the network's side, labelled in its classes.
    #[wasm_bindgen(js_name = setImages)]
    pub fn set_images(
        &mut self,
        train_pixels: &[u8],
        train_labels: &[u32],
        validation_pixels: &[u8],
        validation_labels: &[u32],
    ) -> Result<(), JsError> {
        let (side, classes) = (self.train.side, self.classes.len());
        self.train = images(side, train_pixels, train_labels, classes)?;
        self.validation = images(side, validation_pixels, validation_labels, classes)?;
        Ok(())
    }

    /// The network's spec and classes.
    pub fn info(&self) -> Result<JsValue, JsError> {
        let spec = on_backend!(use &self.run, |r| r.net.spec());
        to_js(&FineTunedInfo { spec, classes: self.classes.clone() })
    }

    /// Trains one epoch (none when `train` is false: the network as it is) and scores the network on the
    /// training and held-out images.
    pub async fn epoch(&mut self, train: bool) -> Result<JsValue, JsError> {
        if self.train.is_empty() || self.validation.is_empty() {
            return Err(failed("no images to train on or to hold out: setImages first"));
        }
        let started = now_ms();
        let (images, validation) = (&self.train, &self.validation);
        let (loss, train_accuracy, held_out) = on_backend!(use &mut self.run, |r| {
            let loss = if train { Some(r.epoch(images).await) } else { None };
            (loss, r.evaluate(images).await.accuracy, r.evaluate(validation).await)
        });
        if train {
            self.epoch += 1;
        }
        let report = FineTuneReport {
            epoch: self.epoch,
            loss,
            train_accuracy,
            validation: held_out,
            epoch_ms: now_ms() - started,
        };
        to_js(&report)
    }

    /// The network as a safetensors file, its classes' names in the metadata.
    pub async fn export(&self) -> Vec<u8> {
        on_backend!(use &self.run, |r| r.net.export(&self.classes).await)
    }
}
