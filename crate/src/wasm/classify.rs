//! Bindings of the transfer lab: the served ImageNet classifier loaded from files the worker fetched, laid
//! out on a backend with the features read at a cut layer; an RGBA image in, its most probable classes and
//! its features out; and the heads (`crate::heads`) trained on the attendee's examples' features, whose
//! scores come with every image classified after.

use super::detect::bytes_of;
use super::engine::{gpu, gpu_loss, kind};
use super::{failed, problem, to_js};
use crate::clock::now_ms;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::{BackendKind, PerBackend};
use crate::heads::{self, Examples, Head, HeadSpec};
use crate::models::classifier::{top, Classifier, ClassifierModel};
use crate::models::served::CLASSIFIERS;
use crate::on_backend;
use crate::wire::{ClassifiedImage, CutPoints, HeadReport, LabProblem, RankedClass, ScannedWindows};
use js_sys::Object;
use wasm_bindgen::prelude::*;

type AnyClassifier = PerBackend<Classifier<'static, Scalar>, Classifier<'static, Simd>, Classifier<'static, WebGpu>>;

/// The classifiers the site serves: id, title, folder under static-models/ and files.
#[wasm_bindgen(js_name = classifierCatalogue)]
pub fn classifier_catalogue() -> Result<JsValue, JsError> {
    to_js(&CLASSIFIERS)
}

#[wasm_bindgen]
pub struct ClassificationLab {
    model: ClassifierModel,
    /// The network laid out on a backend, reading the features at a cut layer, once configured.
    classifier: Option<(AnyClassifier, BackendKind, usize)>,
    /// The heads trained on features at the current cut.
    heads: Vec<Head>,
}

impl ClassificationLab {
    pub(super) fn model(&self) -> &ClassifierModel {
        &self.model
    }
}

#[wasm_bindgen]
impl ClassificationLab {
    /// Loads served classifier `id` from `files` (file name → Uint8Array, as fetched from its folder).
    #[wasm_bindgen(js_name = fromServed)]
    pub fn from_served(id: &str, files: Object) -> Result<ClassificationLab, JsValue> {
        let served = CLASSIFIERS.iter().find(|m| m.id == id).ok_or_else(|| failed(format!("no classifier {id}")))?;
        let model = served
            .load_classifier(|name| bytes_of(&files, name))
            .map_err(|detail| problem(LabProblem::ServedModelDamaged { model: id.into(), detail }))?;
        Ok(ClassificationLab { model, classifier: None, heads: Vec::new() })
    }

    /// Where the network can be cut for features, and the deck's choice.
    #[wasm_bindgen(js_name = cutPoints)]
    pub fn cut_points(&self) -> Result<JsValue, JsError> {
        to_js(&CutPoints { points: self.model.cut_points(), default_cut: self.model.default_cut() })
    }

    /// Lays the network out on `backend`, reading features at layer `cut`; heads trained at another cut go.
    pub async fn configure(&mut self, backend: String, cut: usize) -> Result<(), JsValue> {
        if !self.model.cut_points().iter().any(|point| point.layer == cut) {
            return Err(failed(format!("layer {cut} is not a layer the network can be cut at")).into());
        }
        if self.classifier.as_ref().is_some_and(|(_, _, at)| *at != cut) {
            self.heads.clear();
        }
        self.classifier = None;
        self.lay_out(kind(&backend)?, cut).await
    }

    async fn lay_out(&mut self, backend: BackendKind, cut: usize) -> Result<(), JsValue> {
        let network = &self.model.network;
        let classifier =
            on_backend!(make backend, gpu().await?, |b| Classifier::new(b, network, cut).map_err(problem)?);
        self.classifier = Some((classifier, backend, cut));
        Ok(())
    }

    /// The `count` most probable classes of an RGBA image (`width` × `height`), best first, its features
    /// at the cut and the trained heads' scores.
    pub async fn classify(
        &mut self,
        rgba: &[u8],
        width: usize,
        height: usize,
        count: usize,
    ) -> Result<JsValue, JsValue> {
        if rgba.len() != width * height * 4 {
            return Err(failed(format!("{} bytes are not a {width} × {height} RGBA image", rgba.len())).into());
        }
        let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|pixel| [pixel[0], pixel[1], pixel[2]]).collect();
        let (classifier, backend, cut) =
            self.classifier.as_mut().ok_or_else(|| failed("no backend chosen yet: configure first"))?;
        let (backend, cut) = (*backend, *cut);
        let started = now_ms();
        let classified = on_backend!(use classifier, |c| c.classify(&rgb, width, height).await).map_err(failed)?;
        let network_ms = now_ms() - started;
        // Results from a lost GPU are garbage: the lab moves to SIMD and says so; the next image runs there.
        if let Some(reason) = gpu_loss().filter(|_| backend == BackendKind::WebGpu) {
            self.lay_out(BackendKind::Simd, cut).await?;
            return Err(problem(LabProblem::GpuLost { reason, steps: None }));
        }
        let top = top(&classified.probabilities, count)
            .into_iter()
            .map(|(index, probability)| RankedClass { index, label: self.model.labels[index].clone(), probability })
            .collect();
        let head_scores = self.heads.iter().map(|head| head.scores(&classified.features)).collect();
        Ok(to_js(&ClassifiedImage { top, features: classified.features, head_scores, network_ms })?)
    }

    /// `class`'s probability in every `window` × `window` square of an RGBA image, `stride` pixels apart
    /// (`WindowMap`), on the backend configured, with the time the windows took.
    pub async fn windows(
        &mut self,
        rgba: &[u8],
        width: usize,
        height: usize,
        window: usize,
        stride: usize,
        class: usize,
    ) -> Result<JsValue, JsValue> {
        if rgba.len() != width * height * 4 {
            return Err(failed(format!("{} bytes are not a {width} × {height} RGBA image", rgba.len())).into());
        }
        let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|pixel| [pixel[0], pixel[1], pixel[2]]).collect();
        let (classifier, _, _) =
            self.classifier.as_mut().ok_or_else(|| failed("no backend chosen yet: configure first"))?;
        let started = now_ms();
        let map = on_backend!(use classifier, |c| c.windows(&rgb, (width, height), window, stride, class).await)
            .map_err(failed)?;
        Ok(to_js(&ScannedWindows { map, ms: now_ms() - started })?)
    }

    /// Trains one head per spec (`HeadSpec[]`) on `sets`' training features and scores it on its held-out
    /// ones; the heads stay to score every image classified after.
    #[wasm_bindgen(js_name = trainHeads)]
    pub fn train_heads(&mut self, specs: JsValue, sets: &FeatureSets) -> Result<JsValue, JsError> {
        let specs: Vec<HeadSpec> = serde_wasm_bindgen::from_value(specs)?;
        let FeatureSets { train, validation, classes } = sets;
        self.heads.clear();
        let mut reports = Vec::with_capacity(specs.len());
        for spec in specs {
            let started = now_ms();
            let head = Head::train(spec, train, *classes).map_err(failed)?;
            let train_ms = now_ms() - started;
            let train_accuracy = head.evaluate(train, *classes).accuracy;
            let validation = head.evaluate(validation, *classes);
            reports.push(HeadReport { spec, train_accuracy, validation, train_ms });
            self.heads.push(head);
        }
        to_js(&reports)
    }
}

/// The features of the attendee's images, to train heads on and to hold out, as the page sends them:
/// `dimension` values per image, one after the other, each image's label below `classes`.
#[wasm_bindgen]
pub struct FeatureSets {
    train: Examples,
    validation: Examples,
    classes: usize,
}

#[wasm_bindgen]
impl FeatureSets {
    #[wasm_bindgen(constructor)]
    pub fn new(
        dimension: usize,
        classes: usize,
        train_features: Vec<f32>,
        train_labels: Vec<u32>,
        validation_features: Vec<f32>,
        validation_labels: Vec<u32>,
    ) -> Result<FeatureSets, JsError> {
        let train = examples(dimension, classes, train_features, &train_labels)?;
        let validation = examples(dimension, classes, validation_features, &validation_labels)?;
        Ok(FeatureSets { train, validation, classes })
    }

    /// The held-out accuracy of each head (`HeadSpec[]`) trained on the first `counts[i]` training examples
    /// of each class: rows by count, columns by head.
    #[wasm_bindgen(js_name = headsByExamples)]
    pub fn heads_by_examples(&self, specs: JsValue, counts: Vec<u32>) -> Result<JsValue, JsError> {
        let specs: Vec<HeadSpec> = serde_wasm_bindgen::from_value(specs)?;
        let counts: Vec<usize> = counts.iter().map(|&c| c as usize).collect();
        let accuracies = heads::accuracy_by_examples(&specs, &self.train, &self.validation, self.classes, &counts);
        to_js(&accuracies.map_err(failed)?)
    }
}

fn examples(dimension: usize, classes: usize, features: Vec<f32>, labels: &[u32]) -> Result<Examples, JsError> {
    if features.len() != dimension * labels.len() {
        return Err(failed(format!("{} feature values for {} examples of {dimension}", features.len(), labels.len())));
    }
    if let Some(label) = labels.iter().find(|&&label| label as usize >= classes) {
        return Err(failed(format!("label {label} of {classes} classes")));
    }
    Ok(Examples { dimension, features, labels: labels.iter().map(|&l| l as usize).collect() })
}
