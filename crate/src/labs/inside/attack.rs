//! Adversarial inputs under an L∞ budget ε: the fast gradient sign method (Goodfellow et al. 2015), its
//! iterated, projected form (Madry et al. 2018) and, as the control, random ±ε noise — untargeted (away
//! from the true class) or targeted (towards a chosen one). Pixels stay in [0, 1].

use super::{chunk, Subject};
use crate::engine::Backend;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum AttackKind {
    /// One step of ε along the sign of the loss's gradient.
    Fgsm,
    /// `steps` steps of 2.5 ε / steps, each projected back into the ε-box around the image.
    Pgd,
    /// ±ε at random in each pixel: no gradient.
    Noise,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Attack {
    pub kind: AttackKind,
    pub epsilon: f32,
    /// PGD's steps (the others take one).
    pub steps: usize,
}

impl<B: Backend> Subject<'_, B> {
    /// `images` attacked, each away from `labels[i]` or, with `targets`, towards `targets[i]`.
    pub async fn attack(
        &mut self,
        images: &[f32],
        labels: &[usize],
        targets: Option<&[usize]>,
        attack: Attack,
        rng: &mut Rng,
    ) -> Result<Vec<f32>, String> {
        let epsilons = vec![attack.epsilon; labels.len()];
        self.attack_each(images, labels, targets, attack, &epsilons, rng).await
    }

    /// As `attack`, with an ε per image.
    async fn attack_each(
        &mut self,
        images: &[f32],
        labels: &[usize],
        targets: Option<&[usize]>,
        attack: Attack,
        epsilons: &[f32],
        rng: &mut Rng,
    ) -> Result<Vec<f32>, String> {
        let (len, classes) = (self.input_len(), self.classes());
        if images.len() != labels.len() * len || targets.is_some_and(|t| t.len() != labels.len()) {
            return Err(format!("{} values and {} labels do not match {len}-value images", images.len(), labels.len()));
        }
        let goals = targets.unwrap_or(labels);
        if let Some(&bad) = goals.iter().find(|&&c| c >= classes) {
            return Err(format!("class {bad} of {classes}"));
        }
        if !(0.0..=1.0).contains(&attack.epsilon) || attack.kind == AttackKind::Pgd && attack.steps == 0 {
            return Err(format!("ε = {} with {} steps: ε in [0, 1], at least one step", attack.epsilon, attack.steps));
        }
        // Up the loss of the true class, or down the loss of the target.
        let direction = if targets.is_some() { -1.0 } else { 1.0 };
        let mut adversarial = Vec::with_capacity(images.len());
        let size = chunk(len);
        for start in (0..labels.len()).step_by(size) {
            let end = (start + size).min(labels.len());
            let clean = &images[start * len..end * len];
            let epsilon = |i: usize| epsilons[start + i / len];
            let mut one_hot = vec![0.0; (end - start) * classes];
            for (row, &goal) in goals[start..end].iter().enumerate() {
                one_hot[row * classes + goal] = 1.0;
            }
            let mut x = clean.to_vec();
            match attack.kind {
                AttackKind::Noise => {
                    for (i, v) in x.iter_mut().enumerate() {
                        let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
                        *v = (*v + sign * epsilon(i)).clamp(0.0, 1.0);
                    }
                }
                AttackKind::Fgsm | AttackKind::Pgd => {
                    let (steps, step) = match attack.kind {
                        AttackKind::Pgd => (attack.steps, 2.5 / attack.steps as f32),
                        _ => (1, 1.0),
                    };
                    for _ in 0..steps {
                        let (gradient, _) = self.loss_gradient(&x, &one_hot).await?;
                        for (i, (v, g)) in x.iter_mut().zip(&gradient).enumerate() {
                            let (e, c) = (epsilon(i), clean[i]);
                            let moved = *v + direction * step * e * sign(*g);
                            *v = moved.clamp(c - e, c + e).clamp(0.0, 1.0);
                        }
                    }
                }
            }
            adversarial.extend(x);
        }
        Ok(adversarial)
    }

    /// Each image's predicted class.
    pub async fn predict(&mut self, images: &[f32]) -> Result<Vec<usize>, String> {
        let (len, classes) = (self.input_len(), self.classes());
        let mut predictions = Vec::with_capacity(images.len() / len);
        for batch in images.chunks(chunk(len) * len) {
            let logits = self.logits(batch).await?;
            predictions.extend(logits.chunks_exact(classes).map(crate::heads::argmax));
        }
        Ok(predictions)
    }

    /// The fraction of `images` predicted as their label.
    pub async fn accuracy(&mut self, images: &[f32], labels: &[usize]) -> Result<f32, String> {
        let predictions = self.predict(images).await?;
        let right = predictions.iter().zip(labels).filter(|(p, l)| p == l).count();
        Ok(right as f32 / labels.len().max(1) as f32)
    }

    /// The smallest ε of `grid` (ascending) at which `attack` changes the answer for `image` (to `target`
    /// when given), all tried in one batch; `None` if none does.
    pub async fn smallest_epsilon(
        &mut self,
        image: &[f32],
        label: usize,
        target: Option<usize>,
        attack: Attack,
        grid: &[f32],
        rng: &mut Rng,
    ) -> Result<Option<f32>, String> {
        let images: Vec<f32> = grid.iter().flat_map(|_| image.iter().copied()).collect();
        let labels = vec![label; grid.len()];
        let targets = target.map(|t| vec![t; grid.len()]);
        let attack = Attack { epsilon: grid.iter().copied().fold(0.0, f32::max), ..attack };
        let adversarial = self.attack_each(&images, &labels, targets.as_deref(), attack, grid, rng).await?;
        let predictions = self.predict(&adversarial).await?;
        let changed = |p: &usize| match target {
            Some(t) => *p == t,
            None => *p != label,
        };
        Ok(predictions.iter().position(changed).map(|i| grid[i]))
    }
}

fn sign(v: f32) -> f32 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}
