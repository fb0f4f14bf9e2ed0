//! The GAN lab for the plane (GAN Lab's idea, trained on the graph): a generator turns 2-D noise into
//! points, a discriminator tells them from points of a target distribution (a mixture of Gaussians: a
//! preset, or one bump at each point the attendee drew). Each iteration trains the discriminator `d_steps`
//! times on a batch of real and fake points, then the generator once on the non-saturating loss
//! −log D(G(z)), whose gradient reaches the generator through the discriminator's input.

use crate::engine::Backend;
use crate::models::point_mlp::{PointMlp, PointMlpSpec};
use crate::nn::Optimiser;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// A mixture of equal Gaussians in the plane, all of one spread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mixture {
    pub centres: Vec<[f32; 2]>,
    pub spread: f32,
}

impl Mixture {
    /// `count` modes evenly on a circle of `radius` around the origin.
    pub fn ring(count: usize, radius: f32, spread: f32) -> Self {
        let centres = (0..count)
            .map(|i| {
                let angle = std::f32::consts::TAU * i as f32 / count as f32;
                [radius * angle.cos(), radius * angle.sin()]
            })
            .collect();
        Self { centres, spread }
    }

    /// `count` points drawn from the mixture, as x, y pairs.
    pub fn sample(&self, count: usize, rng: &mut Rng) -> Vec<f32> {
        (0..count)
            .flat_map(|_| {
                let [x, y] = self.centres[rng.below(self.centres.len())];
                [x + self.spread * rng.normal(), y + self.spread * rng.normal()]
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GanTraining {
    pub generator: Optimiser,
    pub discriminator: Optimiser,
    /// Discriminator steps per generator step.
    pub d_steps: usize,
    pub batch: usize,
    pub seed: u64,
}

impl Default for GanTraining {
    /// Plain SGD, the discriminator faster and stepped three times per generator step: on the plane Adam
    /// (its β₁ of 0.9) circles the target far longer (crate/tests/gan.rs).
    fn default() -> Self {
        Self {
            generator: Optimiser::Sgd { learning_rate: 0.02, momentum: 0.0 },
            discriminator: Optimiser::Sgd { learning_rate: 0.05, momentum: 0.0 },
            d_steps: 3,
            batch: 64,
            seed: 1,
        }
    }
}

/// The two networks' losses after an iteration: the discriminator's on real and fake points, the
/// generator's −log D(G(z)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GanLosses {
    pub discriminator: f32,
    pub generator: f32,
}

pub struct PlaneGan<'a, B: Backend> {
    pub generator: PointMlp<'a, B>,
    pub discriminator: PointMlp<'a, B>,
    pub target: Mixture,
    pub config: GanTraining,
    rng: Rng,
    pub iterations: usize,
}

/// Noise and points are 2-D.
const DIMENSIONS: usize = 2;
pub const MAX_BATCH: usize = 1024;
pub const MAX_D_STEPS: usize = 10;

impl<'a, B: Backend> PlaneGan<'a, B> {
    pub fn new(backend: &'a B, hidden: &[usize], target: Mixture, config: GanTraining) -> Result<Self, String> {
        if config.batch == 0 || config.batch > MAX_BATCH {
            return Err(format!("a batch has 1 to {MAX_BATCH} points, not {}", config.batch));
        }
        if config.d_steps == 0 || config.d_steps > MAX_D_STEPS {
            return Err(format!("1 to {MAX_D_STEPS} discriminator steps per generator step, not {}", config.d_steps));
        }
        if target.centres.is_empty() {
            return Err("the target needs at least one point".into());
        }
        let spec = |outputs| PointMlpSpec { inputs: DIMENSIONS, hidden: hidden.to_vec(), outputs };
        Ok(Self {
            generator: PointMlp::new(backend, &spec(DIMENSIONS), config.seed)?,
            discriminator: PointMlp::new(backend, &spec(1), config.seed ^ 0xd15c)?,
            target,
            config,
            rng: Rng::new(config.seed ^ 0x5eed),
            iterations: 0,
        })
    }

    /// `count` noise vectors, uniform in [−1, 1]².
    pub fn noise(&mut self, count: usize) -> Vec<f32> {
        (0..count * DIMENSIONS).map(|_| self.rng.uniform_in(-1.0, 1.0)).collect()
    }

    /// One iteration: `d_steps` discriminator steps, then one generator step.
    pub async fn iterate(&mut self) -> GanLosses {
        let batch = self.config.batch;
        let mut d_loss = 0.0;
        for _ in 0..self.config.d_steps {
            let noise = self.noise(batch);
            let mut points = self.target.sample(batch, &mut self.rng);
            points.extend(self.generator.forward(&noise).await);
            let targets: Vec<f32> = (0..2 * batch).map(|i| if i < batch { 1.0 } else { 0.0 }).collect();
            d_loss = self.discriminator.loss_gradient(&points, &targets).await.0;
            self.discriminator.step(self.config.discriminator);
        }
        let noise = self.noise(batch);
        let fakes = self.generator.forward(&noise).await;
        let (g_loss, at_fakes) = self.discriminator.loss_gradient(&fakes, &vec![1.0; batch]).await;
        self.generator.backward_from(&noise, &at_fakes);
        self.generator.step(self.config.generator);
        self.iterations += 1;
        GanLosses { discriminator: d_loss, generator: g_loss }
    }
}

/// The distance `histogram_distance` measures on, for points of the lab's square.
pub const DISTANCE_CELLS: usize = 8;
pub const SQUARE: (f32, f32) = (-2.0, 2.0);

impl<B: Backend> PlaneGan<'_, B> {
    /// The histogram distance between `count` generated points and `real` (points of the target).
    pub async fn distance_to(&mut self, real: &[f32], count: usize) -> f32 {
        let noise = self.noise(count);
        let fakes = self.generator.forward(&noise).await;
        histogram_distance(&fakes, real, DISTANCE_CELLS, SQUARE.0, SQUARE.1)
    }
}

/// How far apart two point sets are: half the summed absolute difference of their histograms on a
/// `cells` × `cells` grid over `[low, high]²` (points outside count in the nearest edge cell) — the total
/// variation distance of the two histograms, 0 for the same, 1 for no overlap.
pub fn histogram_distance(a: &[f32], b: &[f32], cells: usize, low: f32, high: f32) -> f32 {
    let histogram = |points: &[f32]| {
        let mut counts = vec![0f32; cells * cells];
        let cell = |v: f32| (((v - low) / (high - low) * cells as f32).floor().max(0.0) as usize).min(cells - 1);
        for p in points.chunks(2) {
            counts[cell(p[1]) * cells + cell(p[0])] += 1.0;
        }
        let total = (points.len() / 2).max(1) as f32;
        counts.iter_mut().for_each(|c| *c /= total);
        counts
    };
    let (ha, hb) = (histogram(a), histogram(b));
    0.5 * ha.iter().zip(&hb).map(|(x, y)| (x - y).abs()).sum::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_distance_is_worked_by_hand() {
        // Two points each; on a 2 × 2 grid over [0, 2]²: a in cells (0,0) and (1,1), b in (0,0) and (1,0).
        let a = [0.5, 0.5, 1.5, 1.5];
        let b = [0.5, 0.5, 1.5, 0.5];
        assert_eq!(histogram_distance(&a, &b, 2, 0.0, 2.0), 0.5);
        assert_eq!(histogram_distance(&a, &a, 2, 0.0, 2.0), 0.0);
        // Far outside the square counts in the edge cell.
        assert_eq!(histogram_distance(&[9.0, 9.0], &[1.5, 1.5], 2, 0.0, 2.0), 0.0);
        assert_eq!(histogram_distance(&[0.5, 0.5], &[1.5, 1.5], 2, 0.0, 2.0), 1.0);
    }
}
