//! `compress --model F.safetensors`: the compression lab on the command line — prune (optionally
//! structured, then retrain with the pruned weights held at zero), store the weights shared, int8, float16
//! or low-rank, Huffman-code them, and write the project's compressed file; prints one JSON line with its
//! size and test accuracy beside the float32 file's (`labs::compress::Outcome`).

use playground::compress::ValueCoding;
use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::compress::{Compressor, Encoded, Setting};
use playground::models::cnn::CnnSpec;
use serde::Serialize;

/// Optimiser steps between checks of the retraining's epochs.
const RETRAIN_STEPS: usize = 50;

/// The line printed: the outcome in the command line's snake_case keys, without the per-tensor sizes.
#[derive(Serialize)]
struct Line {
    bytes: usize,
    float32_bytes: usize,
    test_accuracy: f32,
    float32_test_accuracy: f32,
    int8_test_accuracy: f32,
    zero_weights: f32,
    test_images: usize,
}

pub struct CompressRun<'a> {
    pub spec: &'a CnnSpec,
    pub values: &'a [Vec<f32>],
    pub train: &'a ImageSet,
    pub test: &'a ImageSet,
    pub setting: Setting,
    pub out: Option<&'a str>,
}

impl CompressRun<'_> {
    pub fn run<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut compressor = Compressor::new(backend, self.spec, self.values.to_vec())?;
        compressor.prune(self.setting.pruning)?;
        let epochs = f64::from(self.setting.retrain_epochs);
        if self.setting.pruning.is_some() {
            while pollster::block_on(compressor.retrain(self.train, RETRAIN_STEPS, epochs))? < epochs {}
        }
        if let (ValueCoding::Shared { bits }, true) = (self.setting.encoding.values, self.setting.centroid_epochs > 0.0)
        {
            let epochs = f64::from(self.setting.centroid_epochs);
            pollster::block_on(compressor.share(bits))?;
            while pollster::block_on(compressor.tune_centroids(self.train, RETRAIN_STEPS, epochs))? < epochs {}
        }
        let Encoded { file, outcome, .. } =
            pollster::block_on(compressor.encode(&self.setting.encoding, self.test, self.test.len()))?;
        if let Some(path) = self.out {
            std::fs::write(path, &file).map_err(|e| format!("{path}: {e}"))?;
        }
        let line = Line {
            bytes: outcome.bytes,
            float32_bytes: outcome.float32_bytes,
            test_accuracy: outcome.test_accuracy,
            float32_test_accuracy: outcome.float32_test_accuracy,
            int8_test_accuracy: outcome.int8_test_accuracy,
            zero_weights: outcome.zero_weights,
            test_images: outcome.test_images,
        };
        println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
        Ok(())
    }
}
