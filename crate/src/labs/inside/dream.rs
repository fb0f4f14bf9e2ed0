//! What a unit or a class wants to see: gradient ascent on the input from noise (Erhan et al. 2009,
//! Simonyan et al. 2014), regularised as Yosinski et al. 2015 do — a random jitter each step, a Gaussian
//! blur every few steps and an L2 pull towards grey — and, with none of them and the class's probability
//! as the objective, Nguyen et al.'s fooling images: noise the network calls a class with ≥ 99 % confidence.

use super::{Subject, Target};
use crate::engine::ops::Image;
use crate::engine::Backend;
use crate::nn::BackwardRule;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DreamSettings {
    /// Each step moves the image by this times the gradient over its mean magnitude.
    pub step_size: f32,
    /// Each step pulls the image this fraction of the way to grey (0.5).
    pub l2: f32,
    /// The largest random shift in pixels, each step.
    pub jitter: usize,
    /// The blur's σ in pixels (0: none), applied every `blur_every` steps.
    pub blur: f32,
    pub blur_every: usize,
}

impl DreamSettings {
    /// No regulariser: the plain ascent a fooling image is made by.
    pub const PLAIN: DreamSettings = DreamSettings { step_size: 0.01, l2: 0.0, jitter: 0, blur: 0.0, blur_every: 1 };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Objective {
    /// The target's value, as high as it goes.
    Maximise { target: Target },
    /// The class's probability (its log): the fooling image's objective.
    Probability { class: usize },
}

/// An image being dreamed up, one step at a time (so the worker can report and be cancelled between steps).
pub struct Dream {
    pub image: Vec<f32>,
    shape: Image,
    objective: Objective,
    settings: DreamSettings,
    rng: Rng,
    pub steps: usize,
}

impl Dream {
    /// Starts from grey with a little uniform noise, drawn from `seed`.
    pub fn new(shape: Image, objective: Objective, settings: DreamSettings, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let image = (0..shape.len()).map(|_| rng.uniform_in(0.4, 0.6)).collect();
        Self { image, shape, objective, settings, rng, steps: 0 }
    }

    /// One ascent step; returns the objective's score before it (the target's value, or the probability).
    pub async fn step<B: Backend>(&mut self, subject: &mut Subject<'_, B>) -> Result<f32, String> {
        let jitter = self.settings.jitter as isize;
        let mut shift = || if jitter > 0 { self.rng.below(2 * jitter as usize + 1) as isize - jitter } else { 0 };
        let (dy, dx) = (shift(), shift());
        let rolled = roll(&self.image, self.shape, dy, dx);
        let (gradient, score) = match self.objective {
            Objective::Maximise { target } => {
                let gradient = subject.target_gradient(&rolled, target, BackwardRule::Gradient).await?;
                (gradient, subject.target_value(target).await?)
            }
            Objective::Probability { class } => {
                let classes = subject.classes();
                let mut one_hot = vec![0.0; classes];
                *one_hot.get_mut(class).ok_or_else(|| format!("class {class} of {classes}"))? = 1.0;
                let (gradient, loss) = subject.loss_gradient(&rolled, &one_hot).await?;
                // Down the cross-entropy is up the log-probability.
                (gradient.iter().map(|g| -g).collect(), (-loss).exp())
            }
        };
        let gradient = roll(&gradient, self.shape, -dy, -dx);
        let scale = gradient.iter().map(|g| g.abs()).sum::<f32>() / gradient.len() as f32 + 1e-12;
        let DreamSettings { step_size, l2, blur, blur_every, .. } = self.settings;
        for (v, g) in self.image.iter_mut().zip(&gradient) {
            *v += step_size * g / scale;
            *v -= l2 * (*v - 0.5);
        }
        self.steps += 1;
        if blur > 0.0 && self.steps.is_multiple_of(blur_every.max(1)) {
            self.image = gaussian_blur(&self.image, self.shape, blur);
        }
        self.image.iter_mut().for_each(|v| *v = v.clamp(0.0, 1.0));
        Ok(score)
    }
}

/// The image shifted by (dy, dx), wrapping around.
fn roll(image: &[f32], shape: Image, dy: isize, dx: isize) -> Vec<f32> {
    let (h, w, c) = (shape.height as isize, shape.width as isize, shape.channels);
    let mut out = vec![0.0; image.len()];
    for y in 0..h {
        for x in 0..w {
            let (sy, sx) = ((y - dy).rem_euclid(h), (x - dx).rem_euclid(w));
            let (to, from) = (((y * w + x) as usize) * c, ((sy * w + sx) as usize) * c);
            out[to..to + c].copy_from_slice(&image[from..from + c]);
        }
    }
    out
}

/// A separable Gaussian blur of σ pixels, each channel on its own, the edges repeated.
fn gaussian_blur(image: &[f32], shape: Image, sigma: f32) -> Vec<f32> {
    let radius = (2.0 * sigma).ceil() as isize;
    let weights: Vec<f32> = (-radius..=radius).map(|d| (-(d * d) as f32 / (2.0 * sigma * sigma)).exp()).collect();
    let total: f32 = weights.iter().sum();
    let (h, w, c) = (shape.height as isize, shape.width as isize, shape.channels as isize);
    let pass = |input: &[f32], vertical: bool| {
        let mut out = vec![0.0; input.len()];
        for y in 0..h {
            for x in 0..w {
                for ch in 0..c {
                    let mut sum = 0.0;
                    for (k, weight) in weights.iter().enumerate() {
                        let d = k as isize - radius;
                        let (sy, sx) =
                            if vertical { ((y + d).clamp(0, h - 1), x) } else { (y, (x + d).clamp(0, w - 1)) };
                        sum += weight * input[((sy * w + sx) * c + ch) as usize];
                    }
                    out[((y * w + x) * c + ch) as usize] = sum / total;
                }
            }
        }
        out
    };
    pass(&pass(image, false), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_moves_pixels_and_back() {
        let shape = Image { batch: 1, height: 2, width: 3, channels: 1 };
        let image = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(roll(&image, shape, 0, 1), [3.0, 1.0, 2.0, 6.0, 4.0, 5.0]);
        assert_eq!(roll(&image, shape, 1, 0), [4.0, 5.0, 6.0, 1.0, 2.0, 3.0]);
        assert_eq!(roll(&roll(&image, shape, 1, -2), shape, -1, 2), image);
    }

    #[test]
    fn blurring_keeps_a_flat_image_and_spreads_a_point() {
        let shape = Image { batch: 1, height: 5, width: 5, channels: 1 };
        assert!(gaussian_blur(&[0.3; 25], shape, 1.0).iter().all(|v| (v - 0.3).abs() < 1e-6));
        let mut point = [0.0; 25];
        point[12] = 1.0;
        let blurred = gaussian_blur(&point, shape, 1.0);
        // The centre keeps (1 / Σ e^(−d²/2))² of it, by hand 1 / (1 + 2e^−½ + 2e^−2)² for radius 2.
        let share = 1.0 / (1.0 + 2.0 * (-0.5f32).exp() + 2.0 * (-2.0f32).exp());
        assert!((blurred[12] - share * share).abs() < 1e-6, "{}", blurred[12]);
        assert!((blurred.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
