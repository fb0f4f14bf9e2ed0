//! Bindings of the transfer lab's classifier: the served ImageNet classifier loaded from files the worker
//! fetched, and an RGBA image in, its most probable classes out, on the backend asked for.

use super::detect::bytes_of;
use super::engine::{gpu, kind};
use super::{failed, to_js};
use crate::models::classifier::{top, Classifier, ClassifierModel};
use crate::models::served::CLASSIFIERS;
use crate::on_backend;
use crate::wire::RankedClass;
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// The classifiers the site serves: id, title, folder under static-models/ and files.
#[wasm_bindgen(js_name = classifierCatalogue)]
pub fn classifier_catalogue() -> Result<JsValue, JsError> {
    to_js(&CLASSIFIERS)
}

#[wasm_bindgen]
pub struct ClassificationLab {
    model: ClassifierModel,
}

#[wasm_bindgen]
impl ClassificationLab {
    /// Loads served classifier `id` from `files` (file name → Uint8Array, as fetched from its folder).
    #[wasm_bindgen(js_name = fromServed)]
    pub fn from_served(id: &str, files: Object) -> Result<ClassificationLab, JsError> {
        let served = CLASSIFIERS.iter().find(|m| m.id == id).ok_or_else(|| failed(format!("no classifier {id}")))?;
        let model = served.load_classifier(|name| bytes_of(&files, name)).map_err(failed)?;
        Ok(ClassificationLab { model })
    }

    /// The `count` most probable classes of an RGBA image (`width` × `height`) on `backend`, best first.
    pub async fn classify(
        &self,
        backend: String,
        rgba: Vec<u8>,
        width: usize,
        height: usize,
        count: usize,
    ) -> Result<JsValue, JsError> {
        if rgba.len() != width * height * 4 {
            return Err(failed(format!("{} bytes are not a {width} × {height} RGBA image", rgba.len())));
        }
        let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|pixel| [pixel[0], pixel[1], pixel[2]]).collect();
        let network = &self.model.network;
        let probabilities = on_backend!(kind(&backend)?, gpu().await?, |b| {
            let mut classifier = Classifier::new(b, network).map_err(|e| failed(e.to_string()))?;
            classifier.probabilities(&rgb, width, height).await.map_err(failed)?
        });
        let ranked: Vec<RankedClass> = top(&probabilities, count)
            .into_iter()
            .map(|(index, probability)| RankedClass { index, label: self.model.labels[index].clone(), probability })
            .collect();
        to_js(&ranked)
    }
}
