//! The compression lab's network work: pruning the CNN lab's network by magnitude, Deep Compression's
//! retraining afterwards (the pruned weights held at zero so the network recovers around the holes), the
//! file written with the chosen encoding, and what that file is worth: its bytes, the accuracy of what it
//! decodes to, its inference time; and each layer's sensitivity to pruning.

use crate::clock::now_ms;
use crate::compress::prune::{apply, masks, Pruning, Weights};
use crate::compress::{is_weight, kmeans, Encoding};
use crate::data::image_set::ImageSet;
use crate::engine::simd::int8::SimdInt8;
use crate::engine::Backend;
use crate::labs::cnn::{Trainer, TrainingConfig};
use crate::models::cnn::{Cnn, CnnSpec};
use crate::models::compressed::{self, TensorSize};
use crate::models::darknet::DarknetModel;
use crate::models::detector::Found;
use crate::models::safetensors;
use crate::models::yolo::{iou, Detection};
use serde::{Deserialize, Serialize};

/// One setting of the lab's controls (of the command line's flags).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub pruning: Option<Pruning>,
    /// Epochs of retraining after pruning (a fraction of one too); none without pruning.
    pub retrain_epochs: f32,
    /// Epochs of fine-tuning the shared values (Deep Compression's trained quantisation); only with shared
    /// values.
    pub centroid_epochs: f32,
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
    /// What the file decodes to, computed in int8 on the SIMD backend (`SimdInt8`).
    pub int8_test_accuracy: f32,
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

/// A weight tensor's shared values: each weight's entry in its codebook, the zero code 0 where it has one.
struct Clusters {
    codes: Vec<usize>,
    zero_code: bool,
}

/// A setting's file, the weights it decodes to, and what they are worth.
pub struct Encoded {
    pub file: Vec<u8>,
    pub decoded: Vec<Vec<f32>>,
    pub outcome: Outcome,
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
    /// Once the weights are shared: each weight tensor's clusters (none for a bias).
    clusters: Option<Vec<Option<Clusters>>>,
    /// The epochs trained when the weights were shared.
    shared_at: f64,
}

impl<'a, B: Backend> Compressor<'a, B> {
    pub fn new(backend: &'a B, spec: &CnnSpec, values: Vec<Vec<f32>>) -> Result<Self, String> {
        let mut trainer = Trainer::new(backend, spec, TrainingConfig::default()).map_err(|e| e.to_string())?;
        trainer.model.set_parameters(&values)?;
        Ok(Self {
            backend,
            spec: spec.clone(),
            original: values,
            float32_accuracy: None,
            trainer,
            masks: None,
            clusters: None,
            shared_at: 0.0,
        })
    }

    /// The uncompressed network's file size.
    pub fn float32_bytes(&self) -> Result<usize, String> {
        Ok(safetensors::write(&self.spec, &self.original)?.len())
    }

    /// Starts a setting from the original weights: pruned by `pruning`, with a fresh optimiser for retraining.
    pub fn prune(&mut self, pruning: Option<Pruning>) -> Result<(), String> {
        self.trainer = Trainer::new(self.backend, &self.spec, TrainingConfig::default()).map_err(|e| e.to_string())?;
        self.masks = pruning.map(|p| prune_masks(&self.spec, &self.original, p)).transpose()?;
        self.clusters = None;
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

    /// Shares each weight tensor's values as the file will (`kmeans::codebook` with 2^`bits` entries), so
    /// that `tune_centroids` can fine-tune the shared values.
    pub async fn share(&mut self, bits: u8) -> Result<(), String> {
        let shapes = self.spec.parameter_shapes()?;
        let mut values = self.trainer.model.parameters().await;
        let slots = 1usize << bits.clamp(1, 8);
        let clusters = shapes
            .iter()
            .zip(&mut values)
            .map(|((name, _), values)| {
                is_weight(name).then(|| {
                    let zero_code = values.contains(&0.0);
                    let codebook = kmeans::codebook(values, slots, zero_code);
                    let codes: Vec<usize> = values.iter().map(|&v| kmeans::code(&codebook, v, zero_code)).collect();
                    values.iter_mut().zip(&codes).for_each(|(v, &c)| *v = codebook[c]);
                    Clusters { codes, zero_code }
                })
            })
            .collect();
        self.clusters = Some(clusters);
        self.shared_at = self.trainer.epoch_progress();
        self.trainer.model.set_parameters(&values)
    }

    /// Fine-tunes the shared values `steps` optimiser steps (fewer when `epochs` are done first): after each
    /// step every shared value moves to the mean of its weights, so each layer keeps its 2^bits values and
    /// the zero code stays zero; the epochs done since `share`. Deep Compression sums the gradients of a
    /// value's weights into it; moving it by their mean update is that step, scaled by the cluster's size.
    pub async fn tune_centroids(&mut self, train: &ImageSet, steps: usize, epochs: f64) -> Result<f64, String> {
        let clusters = self.clusters.as_ref().ok_or("the weights are not shared yet")?;
        for _ in 0..steps {
            if self.trainer.epoch_progress() - self.shared_at >= epochs {
                break;
            }
            self.trainer.step(train);
            let mut values = self.trainer.model.parameters().await;
            for (values, cluster) in values.iter_mut().zip(clusters) {
                if let Some(Clusters { codes, zero_code }) = cluster {
                    let count = codes.iter().max().map_or(0, |&c| c + 1);
                    let mut sums = vec![(0f64, 0usize); count];
                    values.iter().zip(codes).for_each(|(&v, &c)| {
                        sums[c].0 += f64::from(v);
                        sums[c].1 += 1;
                    });
                    let means: Vec<f32> = sums
                        .iter()
                        .enumerate()
                        .map(|(c, &(sum, n))| if c == 0 && *zero_code { 0.0 } else { (sum / n.max(1) as f64) as f32 })
                        .collect();
                    values.iter_mut().zip(codes).for_each(|(v, &c)| *v = means[c]);
                }
            }
            self.trainer.model.set_parameters(&values)?;
        }
        Ok(self.trainer.epoch_progress() - self.shared_at)
    }

    /// The network as pruned and retrained so far, written with `encoding`, and what the file is worth on the
    /// first `limit` images of `test`: scored on what it decodes to.
    pub async fn encode(&mut self, encoding: &Encoding, test: &ImageSet, limit: usize) -> Result<Encoded, String> {
        let values = self.trainer.model.parameters().await;
        let file = compressed::write(&self.spec, &values, encoding)?;
        let (_, decoded) = compressed::read(&file)?;
        let test_accuracy = self.accuracy(&decoded, test, limit).await?;
        let int8_test_accuracy = accuracy_on(&SimdInt8, &self.spec, &decoded, test, limit).await?;
        let float32_test_accuracy = self.float32_accuracy(test, limit).await?;
        let outcome = Outcome {
            bytes: file.len(),
            float32_bytes: self.float32_bytes()?,
            test_accuracy,
            float32_test_accuracy,
            int8_test_accuracy,
            zero_weights: zero_weights(&self.spec, &decoded)?,
            test_images: limit.min(test.len()),
            tensors: compressed::tensor_sizes(&file)?,
        };
        Ok(Encoded { file, decoded, outcome })
    }

    /// The uncompressed network's accuracy on the first `limit` images of `test` (computed once per limit).
    pub async fn float32_accuracy(&mut self, test: &ImageSet, limit: usize) -> Result<f32, String> {
        match self.float32_accuracy {
            Some((l, accuracy)) if l == limit => Ok(accuracy),
            _ => {
                let accuracy = self.accuracy(&self.original.clone(), test, limit).await?;
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
        self.accuracy(&values, test, limit).await
    }

    /// The accuracy of the network with `values` on the first `limit` images of `test`, on the trainer's
    /// backend; the trainer keeps its own weights.
    async fn accuracy(&mut self, values: &[Vec<f32>], test: &ImageSet, limit: usize) -> Result<f32, String> {
        let kept = self.trainer.model.parameters().await;
        self.trainer.model.set_parameters(values)?;
        let accuracy = self.trainer.evaluate(test, limit).await.accuracy;
        self.trainer.model.set_parameters(&kept)?;
        Ok(accuracy)
    }
}

/// The accuracy of network `spec` with `values` on `backend`, on the first `limit` images of `test`.
pub async fn accuracy_on<B: Backend>(
    backend: &B,
    spec: &CnnSpec,
    values: &[Vec<f32>],
    test: &ImageSet,
    limit: usize,
) -> Result<f32, String> {
    let mut trainer = Trainer::new(backend, spec, TrainingConfig::default()).map_err(|e| e.to_string())?;
    trainer.model.set_parameters(values)?;
    Ok(trainer.evaluate(test, limit).await.accuracy)
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

/// A served network (the ImageNet classifier, a detector) compressed as a file of the project's would
/// store it: each convolution's weights (batch norm folded in) pruned and stored by `encoding`, its biases
/// as float32; the network that decodes to, with its bytes beside the float32 ones.
pub struct ServedCompressed {
    pub model: DarknetModel,
    pub bytes: usize,
    pub float32_bytes: usize,
}

pub fn compress_served(
    model: &DarknetModel,
    pruning: Option<Pruning>,
    encoding: &Encoding,
) -> Result<ServedCompressed, String> {
    // Each convolution's weights as a [size · size · in per group, filters] matrix: output channels last.
    let convs: Vec<(Vec<usize>, Vec<f32>, Vec<f32>)> = (0..model.convolution_count())
        .map(|i| {
            let (weights, bias) = model.convolution(i);
            (vec![weights.len() / bias.len().max(1), bias.len()], weights.to_vec(), bias.to_vec())
        })
        .collect();
    let mut weights: Vec<Vec<f32>> = convs.iter().map(|(_, w, _)| w.clone()).collect();
    if let Some(pruning) = pruning {
        let tensors: Vec<Weights> = convs.iter().map(|(shape, w, _)| Weights { shape, values: w }).collect();
        for (values, mask) in weights.iter_mut().zip(masks(&tensors, pruning)) {
            apply(values, &mask);
        }
    }
    let (mut bytes, mut float32_bytes) = (0, 0);
    let mut parameters = Vec::with_capacity(convs.len());
    for (index, ((shape, original, bias), values)) in convs.into_iter().zip(weights).enumerate() {
        let (decoded, stored) = compressed::round_trip(&shape, &values, encoding, encoding.rank_of(index))?;
        bytes += stored + 4 * bias.len();
        float32_bytes += 4 * (original.len() + bias.len());
        parameters.push((decoded, bias));
    }
    let model = DarknetModel::from_parameters(model.cfg.clone(), parameters).map_err(|e| e.to_string())?;
    Ok(ServedCompressed { model, bytes, float32_bytes })
}

/// How many of the `reference` boxes `found` has too: one of its boxes of the same class overlapping by at
/// least `threshold` (intersection over union), each box matched once, best overlaps first.
pub fn matched_boxes(reference: &[Found], found: &[Found], threshold: f32) -> usize {
    let detection = |f: &Found| {
        let [left, top, width, height] = f.box_xywh;
        Detection { class: 0, score: f.score, x: left + width / 2.0, y: top + height / 2.0, width, height }
    };
    let mut pairs: Vec<(f32, usize, usize)> = reference
        .iter()
        .enumerate()
        .flat_map(|(r, a)| {
            found
                .iter()
                .enumerate()
                .filter(move |(_, b)| a.class == b.class)
                .map(move |(f, b)| (iou(&detection(a), &detection(b)), r, f))
        })
        .filter(|(overlap, _, _)| *overlap >= threshold)
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_reference, mut used_found) = (vec![false; reference.len()], vec![false; found.len()]);
    pairs
        .into_iter()
        .filter(|&(_, r, f)| {
            let free = !used_reference[r] && !used_found[f];
            if free {
                (used_reference[r], used_found[f]) = (true, true);
            }
            free
        })
        .count()
}
