//! Bindings of the RNN lab: a recurrent network on a memory task, trained a few steps per call, so the
//! worker reports and can pause between calls; its test score and how far back its gradient reaches.

use super::engine::{gpu, kind};
use super::{diverged, failed, from_js};
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::rnn::{MemoryTask, SequenceNet, SequenceTraining};
use crate::models::recurrent::RecurrentSpec;
use crate::on_backend;
use crate::rng::Rng;
use wasm_bindgen::prelude::*;

type AnyNet = PerBackend<SequenceNet<'static, Scalar>, SequenceNet<'static, Simd>, SequenceNet<'static, WebGpu>>;

#[wasm_bindgen]
pub struct MemoryTaskLab {
    net: AnyNet,
    task: MemoryTask,
    batch: usize,
    rng: Rng,
}

#[wasm_bindgen]
impl MemoryTaskLab {
    /// A fresh network `spec` (`RecurrentSpec` JSON) on `backend` for `task` (`MemoryTask` JSON), trained
    /// by `training` (`SequenceTraining` JSON).
    pub async fn create(
        backend: String,
        task: JsValue,
        spec: JsValue,
        training: JsValue,
    ) -> Result<MemoryTaskLab, JsError> {
        let task: MemoryTask = from_js(task)?;
        let spec: RecurrentSpec = from_js(spec)?;
        let training: SequenceTraining = from_js(training)?;
        task.validate().map_err(failed)?;
        let net = on_backend!(make kind(&backend)?, gpu().await?, |b| SequenceNet::new(b, task.shape(), spec, training)
            .map_err(failed)?);
        Ok(Self { net, task, batch: training.batch, rng: Rng::new(training.seed) })
    }

    /// Trains `count` steps on fresh sequences; each step's loss and gradient norm before clipping, in
    /// turn. A loss that is no longer a number is a `TrainingDiverged` problem.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        let (task, batch, rng) = (self.task, self.batch, &mut self.rng);
        let (values, step) = on_backend!(use &mut self.net, |net| {
            let mut values = Vec::with_capacity(2 * count);
            for _ in 0..count {
                let (inputs, targets) = task.batch(rng, batch);
                let step = net.train_step(&inputs, &targets).await;
                values.extend([step.loss, step.gradient_norm]);
            }
            (values, net.iterations)
        });
        diverged(&values, step)?;
        Ok(values)
    }

    /// The task's score on `count` test sequences (the same ones each call).
    pub async fn score(&mut self, count: usize) -> f32 {
        let (inputs, targets) = self.task.test_set(count, self.batch);
        let outputs = on_backend!(use &mut self.net, |net| net.outputs(&inputs).await);
        self.task.score(&outputs, &targets)
    }

    /// ∂L/∂h's norm in the last step by lag, 0 (the last step) first.
    #[wasm_bindgen(js_name = gradientByLag)]
    pub async fn gradient_by_lag(&self) -> Vec<f32> {
        on_backend!(use &self.net, |net| net.gradient_by_lag().await)
    }
}
