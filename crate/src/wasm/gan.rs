//! Bindings of the GAN lab: the plane's pair (`crate::labs::gan`) and the DCGAN on digits
//! (`crate::labs::dcgan`), both trained a few iterations per call, so the worker reports and can pause
//! between calls; the view the page draws of the plane's networks, and the images the DCGAN generates.

use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::dcgan::{default_training, Dcgan};
use crate::labs::gan::{GanTraining, Mixture, PlaneGan};
use crate::models::dcgan::DcganSpec;
use crate::on_backend;
use crate::wire::LabProblem;
use wasm_bindgen::prelude::*;

type AnyGan = PerBackend<PlaneGan<'static, Scalar>, PlaneGan<'static, Simd>, PlaneGan<'static, WebGpu>>;

#[wasm_bindgen]
pub struct GanPlaneLab {
    gan: AnyGan,
}

#[wasm_bindgen]
impl GanPlaneLab {
    /// Fresh networks with hidden layers `hidden` (both alike) on `backend`, learning the `target`
    /// (`Mixture` JSON) by `training` (`GanTraining` JSON).
    pub async fn create(
        backend: String,
        hidden: Vec<usize>,
        target: JsValue,
        training: JsValue,
    ) -> Result<GanPlaneLab, JsError> {
        let target: Mixture = from_js(target)?;
        let training: GanTraining = from_js(training)?;
        let gan = on_backend!(make kind(&backend)?, gpu().await?, |b| PlaneGan::new(b, &hidden, target, training)
            .map_err(failed)?);
        Ok(Self { gan })
    }

    /// Trains `count` iterations; the two losses of each (discriminator, generator, …). A loss that is no
    /// longer a number is a `TrainingDiverged` problem.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        let (losses, step) = on_backend!(use &mut self.gan, |gan| {
            let mut losses = Vec::with_capacity(2 * count);
            for _ in 0..count {
                let l = gan.iterate().await;
                losses.extend([l.discriminator, l.generator]);
            }
            (losses, gan.iterations)
        });
        diverged(&losses, step)?;
        Ok(losses)
    }

    /// The networks as the page draws them (`PlaneGanView`).
    pub async fn view(&mut self) -> Result<JsValue, JsError> {
        to_js(&on_backend!(use &mut self.gan, |gan| gan.view().await))
    }
}

type AnyDcgan = PerBackend<Dcgan<'static, Scalar>, Dcgan<'static, Simd>, Dcgan<'static, WebGpu>>;

/// The DCGAN on digits, trained on a dataset's training chunks a few iterations per call.
#[wasm_bindgen]
pub struct DcganLab {
    gan: AnyDcgan,
    train: ImageSet,
}

#[wasm_bindgen]
impl DcganLab {
    /// Fresh networks `spec` (`DcganSpec` JSON) on `backend`, trained as `dcgan::default_training` says.
    pub async fn create(backend: String, spec: JsValue) -> Result<DcganLab, JsError> {
        let spec: DcganSpec = from_js(spec)?;
        let training = default_training();
        let gan = on_backend!(make kind(&backend)?, gpu().await?, |b| Dcgan::new(b, spec, training).map_err(failed)?);
        Ok(Self { gan, train: ImageSet::default() })
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

    /// Trains `count` iterations; the two losses of each (discriminator, generator, …). A loss that is no
    /// longer a number is a `TrainingDiverged` problem.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        if self.train.is_empty() {
            return Err(failed("no training images yet").into());
        }
        let train = &self.train;
        let (losses, step) = on_backend!(use &mut self.gan, |gan| {
            let mut losses = Vec::with_capacity(2 * count);
            for _ in 0..count {
                let l = gan.iterate(train).await;
                losses.extend([l.discriminator, l.generator]);
            }
            (losses, gan.iterations)
        });
        diverged(&losses, step)?;
        Ok(losses)
    }

    /// The images `noise` ([count, spec.noise]) generates, [count, 28 × 28] in [0, 1].
    pub async fn generate(&mut self, noise: Vec<f32>) -> Result<Vec<f32>, JsError> {
        let size = on_backend!(use &self.gan, |gan| gan.spec().noise);
        if noise.is_empty() || !noise.len().is_multiple_of(size) {
            return Err(failed(format!("{} values are not whole noise vectors of {size}", noise.len())));
        }
        Ok(on_backend!(use &mut self.gan, |gan| gan.generate(&noise).await))
    }
}

/// A loss that is no longer a number, as the `TrainingDiverged` problem.
fn diverged(losses: &[f32], step: usize) -> Result<(), JsValue> {
    match losses.iter().find(|l| !l.is_finite()) {
        Some(&loss) => Err(problem(LabProblem::TrainingDiverged { loss, step, restored: false })),
        None => Ok(()),
    }
}
