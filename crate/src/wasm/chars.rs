//! Bindings of the RNN lab's character model: a recurrent network reading a text a character a step,
//! trained a few steps per call; its perplexity on the held-out tail, what it writes, and a held-out window
//! traced character by character with its hidden state and gates.

use super::engine::{gpu, kind};
use super::rnn::sequence_steps;
use super::{diverged, failed, from_js, problem, to_js};
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::chars::{perplexity, validate_temperature, CharText, TestWindows, TextRefused};
use crate::labs::rnn::{SequenceNet, SequenceTraining};
use crate::models::recurrent::RecurrentSpec;
use crate::on_backend;
use crate::rng::Rng;
use crate::wire::{CharTrace, LabProblem};
use wasm_bindgen::prelude::*;

type AnyNet = PerBackend<SequenceNet<'static, Scalar>, SequenceNet<'static, Simd>, SequenceNet<'static, WebGpu>>;

#[wasm_bindgen]
pub struct CharModelLab {
    net: AnyNet,
    text: CharText,
    test: TestWindows,
    batch: usize,
    rng: Rng,
}

#[wasm_bindgen]
impl CharModelLab {
    /// A fresh network `spec` (`RecurrentSpec` JSON) on `backend` for `text` read in windows of `length`,
    /// trained by `training` (`SequenceTraining` JSON). A text too short is a `TextTooShort` problem.
    pub async fn create(
        backend: String,
        text: String,
        length: usize,
        spec: JsValue,
        training: JsValue,
    ) -> Result<CharModelLab, JsValue> {
        let spec: RecurrentSpec = from_js(spec)?;
        let training: SequenceTraining = from_js(training)?;
        let text = CharText::new(&text, length).map_err(|refused| match refused {
            TextRefused::TooShort { needed, got, .. } => problem(LabProblem::TextTooShort { needed, got }),
            TextRefused::Window { .. } => failed(refused).into(),
        })?;
        let net = on_backend!(make kind(&backend)?, gpu().await?, |b| SequenceNet::new(b, text.shape(), spec, training)
            .map_err(failed)?);
        let test = text.test_windows(training.batch);
        Ok(Self { net, text, test, batch: training.batch, rng: Rng::new(training.seed) })
    }

    /// Trains `count` steps on windows from random places; each step's loss and gradient norm before
    /// clipping, in turn. A loss that is no longer a number is a `TrainingDiverged` problem.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        let (text, batch, rng) = (&self.text, self.batch, &mut self.rng);
        let (values, step) = on_backend!(use &mut self.net, |net| {
            let values = sequence_steps(count, async || {
                let (inputs, targets) = text.batch(rng, batch);
                net.train_step(&inputs, &targets).await
            })
            .await;
            (values, net.iterations)
        });
        diverged(&values, step)?;
        Ok(values)
    }

    /// The perplexity on the held-out tail's windows.
    pub async fn perplexity(&mut self) -> f32 {
        let inputs = &self.test.inputs;
        let logits = on_backend!(use &mut self.net, |net| net.outputs(inputs).await);
        perplexity(&logits, &self.test.targets, self.text.vocabulary())
    }

    /// The perplexity of the characters' frequencies alone: the baseline.
    #[wasm_bindgen(js_name = unigramPerplexity)]
    pub fn unigram_perplexity(&self) -> f32 {
        self.text.unigram_perplexity(&self.test)
    }

    /// `count` characters written after the text's default start: the argmax first, then `samples` drawn
    /// at `temperature`.
    pub async fn write(&mut self, count: usize, temperature: f32, samples: usize) -> Result<Vec<String>, JsError> {
        validate_temperature(temperature).map_err(failed)?;
        let (text, rng) = (&self.text, &mut self.rng);
        let start = text.default_start();
        let rows = on_backend!(use &mut self.net, |net| text.write(net, &start, count, temperature, rng).await);
        Ok(rows.iter().take(samples + 1).map(|row| text.decode(row)).collect())
    }

    /// The held-out tail's first window read character by character (`CharTrace`).
    pub async fn trace(&mut self) -> Result<JsValue, JsError> {
        let (length, vocabulary) = (self.text.length, self.text.vocabulary());
        let window = &self.test.inputs[..length * vocabulary];
        let trace = on_backend!(use &mut self.net, |net| net.trace(window).await);
        let symbols = self.text.first_held_out();
        // Each character's probability, read from the step before it.
        let expected = (1..length).map(|t| trace.answers[(t - 1) * vocabulary + symbols[t] as usize]).collect();
        to_js(&CharTrace { characters: self.text.decode(symbols), hidden: trace.hidden, gates: trace.gates, expected })
    }
}
