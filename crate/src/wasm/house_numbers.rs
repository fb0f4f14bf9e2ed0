//! Bindings of the RNN lab's house numbers: a CNN and an LSTM over its columns reading strips of one to
//! five digits, trained with CTC on a dataset's training chunks a few steps per call; the share of
//! held-out strips it reads whole, and a held-out strip read column by column.

use super::engine::{gpu, kind};
use super::rnn::sequence_steps;
use super::{diverged, failed, from_js, to_js};
use crate::data::image_set::ImageSet;
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::PerBackend;
use crate::labs::house_numbers::{NumberReader, Strip, BLANK, CLASSES, HEIGHT, WIDTH};
use crate::labs::rnn::SequenceTraining;
use crate::models::recurrent::RecurrentSpec;
use crate::nn::ctc::best_path_by_step;
use crate::on_backend;
use crate::rng::Rng;
use crate::wire::NumberTrace;
use wasm_bindgen::prelude::*;

/// The most held-out strips a page may ask for (each is 112 × 28 values).
const MAX_HELD_OUT: usize = 4096;

type AnyReader = PerBackend<NumberReader<'static, Scalar>, NumberReader<'static, Simd>, NumberReader<'static, WebGpu>>;

#[wasm_bindgen]
pub struct HouseNumberLab {
    net: AnyReader,
    train: ImageSet,
    /// Strips of the test digits, the same ones for every score and trace.
    held_out: Vec<Strip>,
    batch: usize,
    rng: Rng,
}

#[wasm_bindgen]
impl HouseNumberLab {
    /// A fresh reader whose LSTM is `spec` (`RecurrentSpec` JSON) on `backend`, trained by `training`
    /// (`SequenceTraining` JSON), with `strips` held-out strips (whole batches) drawn from the dataset's
    /// test images (a decompressed chunk).
    pub async fn create(
        backend: String,
        spec: JsValue,
        training: JsValue,
        test: &[u8],
        strips: usize,
    ) -> Result<HouseNumberLab, JsError> {
        let spec: RecurrentSpec = from_js(spec)?;
        let training: SequenceTraining = from_js(training)?;
        if !(1..=MAX_HELD_OUT).contains(&strips) {
            return Err(failed(format!("1 to {MAX_HELD_OUT} held-out strips, not {strips}")));
        }
        let mut images = ImageSet::default();
        images.append_chunk(test, "test images").map_err(failed)?;
        if images.is_empty() {
            return Err(failed("no test images"));
        }
        let net = on_backend!(make kind(&backend)?, gpu().await?, |b| NumberReader::new(b, spec, training)
            .map_err(failed)?);
        let held_out = Strip::held_out(&images, strips.div_ceil(training.batch).max(1) * training.batch);
        Ok(Self { net, train: ImageSet::default(), held_out, batch: training.batch, rng: Rng::new(training.seed) })
    }

    /// Adds a downloaded (decompressed) chunk of training images.
    #[wasm_bindgen(js_name = addTrainChunk)]
    pub fn add_train_chunk(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.train.append_chunk(chunk, "training images").map_err(failed)
    }

    /// Trains `count` steps on fresh strips of training digits; each step's loss and gradient norm in turn.
    pub async fn iterate(&mut self, count: usize) -> Result<Vec<f32>, JsValue> {
        if self.train.is_empty() {
            return Err(failed("no training images yet").into());
        }
        let (train, batch, rng) = (&self.train, self.batch, &mut self.rng);
        let (values, step) = on_backend!(use &mut self.net, |net| {
            let values = sequence_steps(count, async || {
                let strips: Vec<Strip> = (0..batch).map(|_| Strip::draw(train, rng)).collect();
                net.train_step(&strips).await
            })
            .await;
            (values, net.iterations)
        });
        diverged(&values, step)?;
        Ok(values)
    }

    /// The share of the held-out strips whose whole number the reader reads right.
    pub async fn score(&mut self) -> f32 {
        let held_out = &self.held_out;
        on_backend!(use &mut self.net, |net| net.accuracy(held_out).await)
    }

    /// Held-out strip `index` read column by column (`NumberTrace`).
    pub async fn trace(&mut self, index: usize) -> Result<JsValue, JsError> {
        let strip =
            self.held_out.get(index).ok_or_else(|| failed(format!("strip {index} of {}", self.held_out.len())))?;
        let probabilities = on_backend!(use &mut self.net, |net| net.trace(strip).await);
        let (read, read_after) = best_path_by_step(&probabilities, CLASSES, BLANK);
        to_js(&NumberTrace {
            pixels: strip.pixels.clone(),
            height: HEIGHT,
            width: WIDTH,
            digits: strip.digits.clone(),
            probabilities,
            read,
            read_after,
        })
    }

    /// How many held-out strips there are.
    #[wasm_bindgen(js_name = heldOut)]
    pub fn held_out(&self) -> usize {
        self.held_out.len()
    }
}
