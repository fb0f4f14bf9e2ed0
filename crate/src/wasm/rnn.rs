//! Bindings of the RNN lab: a recurrent network on a memory task, or reading digits a row a step, trained
//! a few steps per call, so the worker reports and can pause between calls; its test score, how far back its
//! gradient reaches, and a digit read step by step.

use super::engine::{gpu, kind};
use super::{diverged, failed, from_js};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::rnn::{digits, MemoryTask, SequenceNet, SequenceStep, SequenceTraining};
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
            let values = sequence_steps(count, async || {
                let (inputs, targets) = task.batch(rng, batch);
                net.train_step(&inputs, &targets).await
            })
            .await;
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

/// `count` training steps, each what `step` trains: each step's loss and gradient norm before clipping, in
/// turn (what the worker reports).
pub(super) async fn sequence_steps(count: usize, mut step: impl AsyncFnMut() -> SequenceStep) -> Vec<f32> {
    let mut values = Vec::with_capacity(2 * count);
    for _ in 0..count {
        let SequenceStep { loss, gradient_norm } = step().await;
        values.extend([loss, gradient_norm]);
    }
    values
}

/// Sequence MNIST: a recurrent network reading digits a row a step, trained on a dataset's training
/// chunks a few steps per call.
#[wasm_bindgen]
pub struct DigitSequenceLab {
    net: AnyNet,
    train: ImageSet,
    test: ImageSet,
    batch: usize,
    rng: Rng,
}

#[wasm_bindgen]
impl DigitSequenceLab {
    /// A fresh network `spec` (`RecurrentSpec` JSON) on `backend`, trained by `training`
    /// (`SequenceTraining` JSON), with the dataset's test images (a decompressed chunk).
    pub async fn create(
        backend: String,
        spec: JsValue,
        training: JsValue,
        test: &[u8],
    ) -> Result<DigitSequenceLab, JsError> {
        let spec: RecurrentSpec = from_js(spec)?;
        let training: SequenceTraining = from_js(training)?;
        let mut images = ImageSet::default();
        images.append_chunk(test, "test images").map_err(failed)?;
        let net = on_backend!(make kind(&backend)?, gpu().await?, |b| SequenceNet::new(b, digits::SHAPE, spec, training)
            .map_err(failed)?);
        Ok(Self { net, train: ImageSet::default(), test: images, batch: training.batch, rng: Rng::new(training.seed) })
    }

    /// Adds a downloaded (decompressed) chunk of training images.
    #[wasm_bindgen(js_name = addTrainChunk)]
    pub fn add_train_chunk(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.train.append_chunk(chunk, "training images").map_err(failed)
    }

    /// Trains `count` steps on batches drawn at random; each step's loss and gradient norm in turn.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        if self.train.is_empty() {
            return Err(failed("no training images yet").into());
        }
        let (train, batch, rng) = (&self.train, self.batch, &mut self.rng);
        let (values, step) = on_backend!(use &mut self.net, |net| {
            let values = sequence_steps(count, async || {
                let indices: Vec<usize> = (0..batch).map(|_| rng.below(train.len())).collect();
                let (inputs, targets) = digits::batch(train, &indices);
                net.train_step(&inputs, &targets).await
            })
            .await;
            (values, net.iterations)
        });
        diverged(&values, step)?;
        Ok(values)
    }

    /// The test accuracy on the first `count` test digits (whole batches).
    pub async fn score(&mut self, count: usize) -> f32 {
        let count = count.min(self.test.len()) / self.batch * self.batch;
        let (inputs, targets) = digits::batch(&self.test, &(0..count).collect::<Vec<_>>());
        let outputs = on_backend!(use &mut self.net, |net| net.outputs(&inputs).await);
        digits::accuracy(&outputs, &targets)
    }

    /// Test digit `index` read row by row: its pixels [28 × 28], then the hidden state after each row
    /// [28, hidden], then the class probabilities after each row [28, 10].
    pub async fn trace(&mut self, index: usize) -> Result<Vec<f32>, JsError> {
        if index >= self.test.len() {
            return Err(failed(format!("test digit {index} of {}", self.test.len())));
        }
        let (pixels, _) = digits::batch(&self.test, &[index]);
        let trace = on_backend!(use &mut self.net, |net| net.trace(&pixels).await);
        Ok([pixels, trace.hidden, trace.answers].concat())
    }
}
