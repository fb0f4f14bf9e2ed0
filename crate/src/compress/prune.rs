//! Magnitude pruning (Han et al. 2015, the first stage of Deep Compression): the weights of smallest
//! magnitude are set to zero — a fraction of all weights together, or of each layer's — or, structured,
//! whole output filters (of a convolution) or neurons (of a dense layer) of smallest L2 norm. Biases are
//! never pruned. A mask says which weights stay, so retraining can hold the pruned ones at zero.

use serde::{Deserialize, Serialize};

/// A network's tensor as pruning sees it: its shape (the output units last) and values.
#[derive(Clone, Copy, Debug)]
pub struct Weights<'a> {
    pub shape: &'a [usize],
    pub values: &'a [f32],
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Pruning {
    /// The `fraction` of smallest weights, ranked over every layer together (`global`) or within each.
    Unstructured { fraction: f32, global: bool },
    /// In each layer but the last (whose outputs are the classes), the `fraction` of output units whose
    /// weights have the smallest L2 norm.
    Structured { fraction: f32 },
}

/// Which weights stay (true) in each of `tensors`.
pub fn masks(tensors: &[Weights], pruning: Pruning) -> Vec<Vec<bool>> {
    let mut masks: Vec<Vec<bool>> = tensors.iter().map(|t| vec![true; t.values.len()]).collect();
    match pruning {
        Pruning::Unstructured { fraction, global: true } => {
            let mut all: Vec<(f32, usize, usize)> = tensors
                .iter()
                .enumerate()
                .flat_map(|(t, w)| w.values.iter().enumerate().map(move |(i, v)| (v.abs(), t, i)))
                .collect();
            let pruned = count_of(fraction, all.len());
            all.sort_by(|a, b| a.0.total_cmp(&b.0));
            all[..pruned].iter().for_each(|&(_, t, i)| masks[t][i] = false);
        }
        Pruning::Unstructured { fraction, global: false } => {
            for (mask, w) in masks.iter_mut().zip(tensors) {
                let mut order: Vec<usize> = (0..w.values.len()).collect();
                order.sort_by(|&a, &b| w.values[a].abs().total_cmp(&w.values[b].abs()));
                order[..count_of(fraction, order.len())].iter().for_each(|&i| mask[i] = false);
            }
        }
        Pruning::Structured { fraction } => {
            let last = tensors.len().saturating_sub(1);
            for (mask, w) in masks.iter_mut().zip(tensors).take(last) {
                let units = *w.shape.last().unwrap_or(&1);
                let mut norms = vec![0f32; units];
                w.values.iter().enumerate().for_each(|(i, v)| norms[i % units] += v * v);
                let mut order: Vec<usize> = (0..units).collect();
                order.sort_by(|&a, &b| norms[a].total_cmp(&norms[b]));
                for &unit in &order[..count_of(fraction, units)] {
                    mask.iter_mut().skip(unit).step_by(units).for_each(|m| *m = false);
                }
            }
        }
    }
    masks
}

/// `fraction` of `total`, rounded to the nearest whole item and kept within 0..=total.
fn count_of(fraction: f32, total: usize) -> usize {
    ((f64::from(fraction.clamp(0.0, 1.0)) * total as f64).round() as usize).min(total)
}

/// Zeroes the weights `mask` drops.
pub fn apply(values: &mut [f32], mask: &[bool]) {
    values.iter_mut().zip(mask).filter(|(_, keep)| !**keep).for_each(|(v, _)| *v = 0.0);
}
