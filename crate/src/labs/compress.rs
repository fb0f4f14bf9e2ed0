//! The compression lab's network work: pruning the CNN lab's network by magnitude, Deep Compression's
//! retraining afterwards (the pruned weights held at zero so the network recovers around the holes), the
//! file written with the chosen encoding, and what that file is worth: its bytes, the accuracy of what it
//! decodes to, its inference time; and each layer's sensitivity to pruning.

use crate::clock::now_ms;
use crate::compress::prune::{apply, masks, Pruning, Weights};
use crate::compress::{is_weight, Encoding};
use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::labs::cnn::{Trainer, TrainingConfig};
use crate::models::cnn::{Cnn, CnnSpec};
use crate::models::compressed::{self, TensorSize};
use crate::models::safetensors;
use serde::{Deserialize, Serialize};

/// One setting of the lab's controls (of the command line's flags).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub pruning: Option<Pruning>,
    /// Epochs of retraining after pruning (a fraction of one too); none without pruning.
    pub retrain_epochs: f32,
    pub encoding: Encoding,
}

/// What a setting's file is worth.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub bytes: usize,
    pub float32_bytes: usize,
    pub test_accuracy: f32,
    pub float32_test_accuracy: f32,
    /// The fraction of weights (biases aside) that are zero in what the file decodes to.
    pub zero_weights: f32,
    pub test_images: usize,
    pub tensors: Vec<TensorSize>,
}

/// Which weights of network `spec` stay (`values` in `CnnSpec::parameter_shapes` order): a mask per weight
/// tensor, none for a bias (never pruned).
pub fn prune_masks(spec: &CnnSpec, values: &[Vec<f32>], pruning: Pruning) -> Result<Vec<Option<Vec<bool>>>, String> {
    let shapes = spec.parameter_shapes()?;
    let weights: Vec<(usize, Weights)> = shapes
        .iter()
        .zip(values)
        .enumerate()
        .filter(|(_, ((name, _), _))| is_weight(name))
        .map(|(i, ((_, shape), values))| (i, Weights { shape, values }))
        .collect();
    let found = masks(&weights.iter().map(|(_, w)| *w).collect::<Vec<_>>(), pruning);
    let mut out = vec![None; values.len()];
    for ((i, _), mask) in weights.iter().zip(found) {
        out[*i] = Some(mask);
    }
    Ok(out)
}

/// `values` with the weights `masks` drops set to zero.
pub fn pruned(values: &[Vec<f32>], masks: &[Option<Vec<bool>>]) -> Vec<Vec<f32>> {
    values
        .iter()
        .zip(masks)
        .map(|(v, m)| {
            let mut v = v.clone();
            if let Some(m) = m {
                apply(&mut v, m);
            }
            v
        })
        .collect()
}

/// The fraction of weights (biases aside) that are zero in `values`.
pub fn zero_weights(spec: &CnnSpec, values: &[Vec<f32>]) -> Result<f32, String> {
    let shapes = spec.parameter_shapes()?;
    let weights = shapes.iter().zip(values).filter(|((name, _), _)| is_weight(name));
    let (zeros, total) =
        weights.fold((0, 0), |(z, t), (_, v)| (z + v.iter().filter(|x| **x == 0.0).count(), t + v.len()));
    Ok(zeros as f32 / total.max(1) as f32)
}

/// A network being compressed: its float32 weights as they came, and a trainer on one backend that prunes,
/// retrains and scores.
pub struct Compressor<'a, B: Backend> {
    backend: &'a B,
    pub spec: CnnSpec,
    original: Vec<Vec<f32>>,
    float32_accuracy: Option<(usize, f32)>,
    pub trainer: Trainer<'a, B>,
    /// The setting's masks, held through retraining; none without pruning.
    masks: Option<Vec<Option<Vec<bool>>>>,
}

impl<'a, B: Backend> Compressor<'a, B> {
    pub fn new(backend: &'a B, spec: &CnnSpec, values: Vec<Vec<f32>>) -> Result<Self, String> {
        let mut trainer = Trainer::new(backend, spec, TrainingConfig::default()).map_err(|e| e.to_string())?;
        trainer.model.set_parameters(&values)?;
        Ok(Self { backend, spec: spec.clone(), original: values, float32_accuracy: None, trainer, masks: None })
    }

    /// The uncompressed network's file size.
    pub fn float32_bytes(&self) -> Result<usize, String> {
        Ok(safetensors::write(&self.spec, &self.original)?.len())
    }

    /// Starts a setting from the original weights: pruned by `pruning`, with a fresh optimiser for retraining.
    pub fn prune(&mut self, pruning: Option<Pruning>) -> Result<(), String> {
        self.trainer = Trainer::new(self.backend, &self.spec, TrainingConfig::default()).map_err(|e| e.to_string())?;
        self.masks = pruning.map(|p| prune_masks(&self.spec, &self.original, p)).transpose()?;
        let values = match &self.masks {
            Some(masks) => pruned(&self.original, masks),
            None => self.original.clone(),
        };
        self.trainer.model.set_parameters(&values)
    }

    /// Retrains `steps` optimiser steps on `train` (fewer when `epochs` of retraining are done first),
    /// putting the pruned weights back to zero after each (the optimiser's momentum would grow them again);
    /// the epochs retrained so far.
    pub async fn retrain(&mut self, train: &ImageSet, steps: usize, epochs: f64) -> Result<f64, String> {
        let masks = self.masks.as_ref().ok_or("nothing was pruned to retrain")?;
        for _ in 0..steps {
            if self.trainer.epoch_progress() >= epochs {
                break;
            }
            self.trainer.step(train);
            let values = pruned(&self.trainer.model.parameters().await, masks);
            self.trainer.model.set_parameters(&values)?;
        }
        Ok(self.trainer.epoch_progress())
    }

    /// The network as pruned and retrained so far, written with `encoding`, and what the file is worth on the
    /// first `limit` images of `test`: scored on what it decodes to.
    pub async fn encode(
        &mut self,
        encoding: Encoding,
        test: &ImageSet,
        limit: usize,
    ) -> Result<(Vec<u8>, Outcome), String> {
        let values = self.trainer.model.parameters().await;
        let file = compressed::write(&self.spec, &values, encoding)?;
        let (_, decoded) = compressed::read(&file)?;
        let test_accuracy = self.accuracy(&decoded, test, limit).await?;
        let float32_test_accuracy = self.float32_accuracy(test, limit).await?;
        self.trainer.model.set_parameters(&values)?;
        let outcome = Outcome {
            bytes: file.len(),
            float32_bytes: self.float32_bytes()?,
            test_accuracy,
            float32_test_accuracy,
            zero_weights: zero_weights(&self.spec, &decoded)?,
            test_images: limit.min(test.len()),
            tensors: compressed::tensor_sizes(&file)?,
        };
        Ok((file, outcome))
    }

    /// The uncompressed network's accuracy on the first `limit` images of `test` (computed once per limit).
    pub async fn float32_accuracy(&mut self, test: &ImageSet, limit: usize) -> Result<f32, String> {
        match self.float32_accuracy {
            Some((l, accuracy)) if l == limit => Ok(accuracy),
            _ => {
                let kept = self.trainer.model.parameters().await;
                let accuracy = self.accuracy(&self.original.clone(), test, limit).await?;
                self.trainer.model.set_parameters(&kept)?;
                self.float32_accuracy = Some((limit, accuracy));
                Ok(accuracy)
            }
        }
    }

    /// The accuracy, on the first `limit` images of `test`, of the original network with weight tensor
    /// `tensor` alone pruned by `fraction` (no retraining): one point of a layer's sensitivity curve.
    pub async fn sensitivity(
        &mut self,
        tensor: usize,
        fraction: f32,
        test: &ImageSet,
        limit: usize,
    ) -> Result<f32, String> {
        let shapes = self.spec.parameter_shapes()?;
        let (name, shape) = shapes.get(tensor).ok_or_else(|| format!("no tensor {tensor}"))?;
        if !is_weight(name) {
            return Err(format!("{name} is a bias, which is never pruned"));
        }
        let mut values = self.original.clone();
        let weights = Weights { shape, values: &values[tensor] };
        let mask = masks(&[weights], Pruning::Unstructured { fraction, global: false }).remove(0);
        apply(&mut values[tensor], &mask);
        let kept = self.trainer.model.parameters().await;
        let accuracy = self.accuracy(&values, test, limit).await?;
        self.trainer.model.set_parameters(&kept)?;
        Ok(accuracy)
    }

    async fn accuracy(&mut self, values: &[Vec<f32>], test: &ImageSet, limit: usize) -> Result<f32, String> {
        self.trainer.model.set_parameters(values)?;
        Ok(self.trainer.evaluate(test, limit).await.accuracy)
    }
}

/// Milliseconds per image for network `spec` with `values` on `backend`, classifying `images` (a batch) after
/// one pass to warm up: the median of `runs` passes.
pub async fn inference_ms<B: Backend>(
    backend: &B,
    spec: &CnnSpec,
    values: &[Vec<f32>],
    images: &[f32],
    runs: usize,
) -> Result<f64, String> {
    let mut model = Cnn::new(backend, spec, 0).map_err(|e| e.to_string())?;
    model.set_parameters(values)?;
    let count = images.len() / model.input_len().max(1);
    if count == 0 {
        return Err("no images to time".into());
    }
    model.logits(images).await;
    let mut times = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let start = now_ms();
        model.logits(images).await;
        times.push(now_ms() - start);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2] / count as f64)
}
