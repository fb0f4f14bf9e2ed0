//! Bindings of the detection lab: the served detectors' catalogue, a model loaded from files the worker
//! fetched (or the user picked), laid out on the chosen backend at the chosen input size, and frames in as
//! RGBA bytes, boxes out.

use super::engine::{gpu, gpu_loss, kind};
use super::{failed, problem, to_js};
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::{BackendKind, PerBackend};
use crate::models::detector::{Detector, DetectorModel, Thresholds};
use crate::models::served::{self, DETECTORS};
use crate::on_backend;
use crate::wire::{DetectorInfo, Frame, LabProblem};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

type AnyDetector = PerBackend<Detector<'static, Scalar>, Detector<'static, Simd>, Detector<'static, WebGpu>>;

/// The detectors the site serves: id, title, folder under static-models/ and files.
#[wasm_bindgen(js_name = detectorCatalogue)]
pub fn detector_catalogue() -> Result<JsValue, JsError> {
    to_js(&DETECTORS)
}

#[wasm_bindgen]
pub struct DetectionLab {
    model: DetectorModel,
    /// The model laid out on a backend for an input size, once configured.
    detector: Option<(AnyDetector, BackendKind, usize)>,
}

/// The bytes of file `name` among `files` (file name → Uint8Array, as the worker fetched them).
pub(super) fn bytes_of(files: &Object, name: &str) -> Result<Vec<u8>, String> {
    let value = Reflect::get(files, &name.into()).map_err(|_| format!("cannot read {name}"))?;
    if value.is_undefined() {
        return Err(format!("{name} is missing"));
    }
    Ok(value.dyn_into::<Uint8Array>().map_err(|_| format!("{name} is not bytes"))?.to_vec())
}

#[wasm_bindgen]
impl DetectionLab {
    /// Loads served model `id` from `files` (file name → Uint8Array, as fetched from its folder).
    #[wasm_bindgen(js_name = fromServed)]
    pub fn from_served(id: &str, files: Object) -> Result<DetectionLab, JsValue> {
        let served = served::detector(id).map_err(failed)?;
        let model = served
            .load(|name| bytes_of(&files, name))
            .map_err(|detail| problem(LabProblem::ServedModelDamaged { model: id.into(), detail }))?;
        Ok(DetectionLab { model, detector: None })
    }

    /// Loads a darknet YOLO model of the user's own.
    #[wasm_bindgen(js_name = fromDarknet)]
    pub fn from_darknet(cfg: &str, weights: &[u8], names: &str) -> Result<DetectionLab, JsValue> {
        let model = DetectorModel::darknet(cfg, weights, names).map_err(problem)?;
        Ok(DetectionLab { model, detector: None })
    }

    /// `{classes, defaultSize, defaults: {confidence, nms_iou}}`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        to_js(&DetectorInfo {
            classes: self.model.reading.class_names.clone(),
            default_size: self.model.default_size,
            defaults: self.model.defaults,
        })
    }

    /// Lays the model out on `backend` ("scalar", "simd" or "webgpu") for `size` × `size` inputs.
    pub async fn configure(&mut self, backend: String, size: usize) -> Result<(), JsValue> {
        self.detector = None;
        self.lay_out(kind(&backend)?, size).await
    }

    async fn lay_out(&mut self, backend: BackendKind, size: usize) -> Result<(), JsValue> {
        let model = &self.model;
        let detector = on_backend!(make backend, gpu().await?, |b| Detector::new(b, model, size).map_err(problem)?);
        self.detector = Some((detector, backend, size));
        Ok(())
    }

    /// Detects objects in an RGBA frame: `{detections: [{class, score, box_xywh}], times, grids}`; `grids`
    /// (each head's cells' objectness) only when asked for.
    pub async fn detect(
        &mut self,
        rgba: &[u8],
        width: usize,
        height: usize,
        confidence: f32,
        nms_iou: f32,
        with_grids: bool,
    ) -> Result<JsValue, JsValue> {
        let thresholds = Thresholds { confidence, nms_iou };
        let (detector, backend, size) =
            self.detector.as_mut().ok_or_else(|| failed("no backend chosen yet: configure first"))?;
        let (backend, size) = (*backend, *size);
        macro_rules! run {
            ($d:expr) => {{
                let result = $d.detect(rgba, width, height, thresholds).await.map_err(failed)?;
                let grids = with_grids.then(|| $d.grids(&result.heads));
                to_js(&Frame { detections: &result.found, times: result.times, grids })
            }};
        }
        let frame = on_backend!(use detector, |d| run!(d))?;
        // A frame from a lost GPU is garbage: the lab moves to SIMD and says so; the next frame runs there.
        if let Some(reason) = gpu_loss().filter(|_| backend == BackendKind::WebGpu) {
            self.lay_out(BackendKind::Simd, size).await?;
            return Err(problem(LabProblem::GpuLost { reason, steps: None }));
        }
        Ok(frame)
    }
}
