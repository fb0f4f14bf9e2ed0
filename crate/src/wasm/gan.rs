//! Bindings of the GAN lab: the plane's pair (`crate::labs::gan`) and the GANs on digits, the DCGAN and
//! pix2pix (`crate::labs::digit_gan`), all trained a few iterations per call, so the worker reports and can
//! pause between calls; the view the page draws of the plane's networks, and the digits the others make.

use super::engine::{gpu, kind};
use super::{diverged, failed, from_js, to_js};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::digit_gan::{DigitGan, DigitGanSpec};
use crate::labs::gan::{GanTraining, Mixture, PlaneGan};
use crate::labs::pix2pix::pairs;
use crate::on_backend;
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

type AnyDigitGan = PerBackend<DigitGan<'static, Scalar>, DigitGan<'static, Simd>, DigitGan<'static, WebGpu>>;

/// The DCGAN or pix2pix on digits, trained on a dataset's training chunks a few iterations per call.
#[wasm_bindgen]
pub struct DigitGanLab {
    gan: AnyDigitGan,
    train: ImageSet,
    test: ImageSet,
}

#[wasm_bindgen]
impl DigitGanLab {
    /// Fresh networks `spec` (`DigitGanSpec` JSON) on `backend`, with the dataset's test images (a
    /// decompressed chunk).
    pub async fn create(backend: String, spec: JsValue, test: &[u8]) -> Result<DigitGanLab, JsError> {
        let spec: DigitGanSpec = from_js(spec)?;
        let mut images = ImageSet::default();
        images.append_chunk(test, "test images").map_err(failed)?;
        let gan = on_backend!(make kind(&backend)?, gpu().await?, |b| DigitGan::new(b, spec).map_err(failed)?);
        Ok(Self { gan, train: ImageSet::default(), test: images })
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

    /// Trains `count` iterations; the losses of each in turn (`DigitGan::iterate`). A loss that is no longer
    /// a number is a `TrainingDiverged` problem.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        if self.train.is_empty() {
            return Err(failed("no training images yet").into());
        }
        let train = &self.train;
        let (losses, step) = on_backend!(use &mut self.gan, |gan| {
            let mut losses = Vec::new();
            for _ in 0..count {
                losses.extend(gan.iterate(train).await);
            }
            (losses, gan.iterations())
        });
        diverged(&losses, step)?;
        Ok(losses)
    }

    /// The digits `inputs` (whole generator inputs: noise vectors or edge maps) make, [count, 28 × 28].
    pub async fn generate(&mut self, inputs: Vec<f32>) -> Result<Vec<f32>, JsError> {
        let size = on_backend!(use &self.gan, |gan| gan.input_len());
        if inputs.is_empty() || !inputs.len().is_multiple_of(size) {
            return Err(failed(format!("{} values are not whole generator inputs of {size}", inputs.len())));
        }
        Ok(on_backend!(use &mut self.gan, |gan| gan.generate(&inputs).await))
    }

    /// The edge maps of the first `count` test digits, then the digits, each [count, 28 × 28].
    #[wasm_bindgen(js_name = testPairs)]
    pub fn test_pairs(&self, count: usize) -> Vec<f32> {
        let (mut edges, images) = pairs(&self.test, 0..count.min(self.test.len()));
        edges.extend(images);
        edges
    }
}
