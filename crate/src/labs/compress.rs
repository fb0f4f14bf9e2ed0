//! The compression lab's network work: pruning the CNN lab's network by magnitude, and Deep Compression's
//! retraining afterwards, with the pruned weights held at zero so the network recovers around the holes.

use crate::compress::is_weight;
use crate::compress::prune::{apply, masks, Pruning, Weights};
use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::labs::cnn::Trainer;
use crate::models::cnn::CnnSpec;

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

/// Trains `trainer` one epoch on `train`, putting the weights `masks` drops back to zero after every
/// optimiser step (the optimiser's momentum would otherwise grow them again).
pub async fn retrain_epoch<B: Backend>(
    trainer: &mut Trainer<'_, B>,
    masks: &[Option<Vec<bool>>],
    train: &ImageSet,
) -> Result<(), String> {
    loop {
        let end_of_epoch = trainer.step(train);
        let values = pruned(&trainer.model.parameters().await, masks);
        trainer.model.set_parameters(&values)?;
        if end_of_epoch {
            return Ok(());
        }
    }
}
