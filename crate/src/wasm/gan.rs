//! Bindings of the GAN lab for the plane (`crate::labs::gan`): both networks trained a few iterations per
//! call, so the worker reports and can pause between calls, and the view the page draws of them.

use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::gan::{GanTraining, Mixture, PlaneGan};
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
        if let Some(&loss) = losses.iter().find(|l| !l.is_finite()) {
            return Err(problem(LabProblem::TrainingDiverged { loss, step, restored: false }));
        }
        Ok(losses)
    }

    /// The networks as the page draws them (`PlaneGanView`).
    pub async fn view(&mut self) -> Result<JsValue, JsError> {
        to_js(&on_backend!(use &mut self.gan, |gan| gan.view().await))
    }
}
