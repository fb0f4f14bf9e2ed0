//! `compress --model F.safetensors`: the compression lab on the command line — prune (optionally
//! structured, then retrain with the pruned weights held at zero), store the weights shared, int8, float16
//! or low-rank, Huffman-code them, and write the project's compressed file; prints one JSON line with its
//! size and test accuracy beside the float32 file's.

use playground::compress::prune::Pruning;
use playground::compress::Encoding;
use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::cnn::{Trainer, TrainingConfig};
use playground::labs::compress::{prune_masks, pruned, retrain_epoch};
use playground::models::cnn::CnnSpec;
use playground::models::{compressed, safetensors};
use serde::Serialize;

#[derive(Serialize)]
struct Compressed {
    bytes: usize,
    float32_bytes: usize,
    test_accuracy: f32,
    float32_test_accuracy: f32,
    /// The fraction of weights (biases aside) that are zero in the file.
    zero_weights: f32,
    test_images: usize,
}

pub struct CompressRun<'a> {
    pub spec: &'a CnnSpec,
    pub values: &'a [Vec<f32>],
    pub train: &'a ImageSet,
    pub test: &'a ImageSet,
    pub pruning: Option<Pruning>,
    pub retrain_epochs: usize,
    pub encoding: Encoding,
    pub out: Option<&'a str>,
}

impl CompressRun<'_> {
    pub fn run<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut trainer = Trainer::new(backend, self.spec, TrainingConfig::default())?;
        let float32_test_accuracy = self.accuracy(&mut trainer, self.values)?;
        let mut values = self.values.to_vec();
        if let Some(pruning) = self.pruning {
            let masks = prune_masks(self.spec, &values, pruning)?;
            values = pruned(&values, &masks);
            if self.retrain_epochs > 0 {
                trainer.model.set_parameters(&values)?;
                for _ in 0..self.retrain_epochs {
                    pollster::block_on(retrain_epoch(&mut trainer, &masks, self.train))?;
                }
                values = pollster::block_on(trainer.model.parameters());
            }
        }
        let file = compressed::write(self.spec, &values, self.encoding)?;
        // What the labs compute with is what the file decodes to.
        let (_, decoded) = compressed::read(&file)?;
        let shapes = self.spec.parameter_shapes()?;
        let weights = shapes.iter().zip(&decoded).filter(|((name, _), _)| playground::compress::is_weight(name));
        let (zeros, total) =
            weights.fold((0, 0), |(z, t), (_, v)| (z + v.iter().filter(|x| **x == 0.0).count(), t + v.len()));
        let line = Compressed {
            bytes: file.len(),
            float32_bytes: safetensors::write(self.spec, self.values)?.len(),
            test_accuracy: self.accuracy(&mut trainer, &decoded)?,
            float32_test_accuracy,
            zero_weights: zeros as f32 / total.max(1) as f32,
            test_images: self.test.len(),
        };
        if let Some(path) = self.out {
            std::fs::write(path, &file).map_err(|e| format!("{path}: {e}"))?;
        }
        println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
        Ok(())
    }

    /// The network with `values`, on the whole test set.
    fn accuracy<B: Backend>(&self, trainer: &mut Trainer<B>, values: &[Vec<f32>]) -> Result<f32, String> {
        trainer.model.set_parameters(values)?;
        Ok(pollster::block_on(trainer.evaluate(self.test, self.test.len())).accuracy)
    }
}
