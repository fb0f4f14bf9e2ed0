//! The GAN lab for the plane (GAN Lab's idea, trained on the graph): a generator turns 2-D noise into
//! points, a discriminator tells them from points of a target distribution (a mixture of Gaussians: a
//! preset, or one bump at each point the attendee drew). Each iteration trains the discriminator `d_steps`
//! times on a batch of real and fake points, then the generator once on the non-saturating loss
//! −log D(G(z)), whose gradient reaches the generator through the discriminator's input. That iteration
//! (`iterate`) serves any pair of networks: the DCGAN's on digits too (`labs::dcgan`).

use crate::engine::Backend;
use crate::models::adversarial::{AdversarialNet, Architecture};
use crate::models::point_mlp::{PointMlp, PointMlpSpec};
use crate::nn::Optimiser;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// A mixture of equal Gaussians in the plane, all of one spread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
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

    /// At least one and at most `MAX_CENTRES` centres, all inside the lab's square, and a spread in
    /// `SPREAD_RANGE`.
    pub fn validate(&self) -> Result<(), String> {
        let (low, high) = SQUARE;
        if self.centres.is_empty() || self.centres.len() > MAX_CENTRES {
            return Err(format!("a target has 1 to {MAX_CENTRES} centres, not {}", self.centres.len()));
        }
        if !self.centres.iter().flatten().all(|v| (low..=high).contains(v)) {
            return Err(format!("the target's centres lie in [{low}, {high}]²"));
        }
        if !(SPREAD_RANGE.0..=SPREAD_RANGE.1).contains(&self.spread) {
            return Err(format!("a spread is {} to {}, not {}", SPREAD_RANGE.0, SPREAD_RANGE.1, self.spread));
        }
        Ok(())
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GanTraining {
    pub generator: Optimiser,
    pub discriminator: Optimiser,
    /// Discriminator steps per generator step.
    pub d_steps: usize,
    pub batch: usize,
    pub seed: u64,
}

impl GanTraining {
    /// A batch of 1 to `MAX_BATCH` inputs, 1 to `MAX_D_STEPS` discriminator steps per generator step.
    pub fn validate(&self) -> Result<(), String> {
        if self.batch == 0 || self.batch > MAX_BATCH {
            return Err(format!("a batch has 1 to {MAX_BATCH} inputs, not {}", self.batch));
        }
        if self.d_steps == 0 || self.d_steps > MAX_D_STEPS {
            return Err(format!("1 to {MAX_D_STEPS} discriminator steps per generator step, not {}", self.d_steps));
        }
        Ok(())
    }
}

impl Default for GanTraining {
    /// Plain SGD, the discriminator faster and stepped three times per generator step: on the plane Adam
    /// with its default β₁ of 0.9 circled the target far longer when this was chosen.
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// The noise and the target's points the lab draws and measures on: drawn once, so the points move
    /// only as the networks learn.
    shown_noise: Vec<f32>,
    shown_real: Vec<f32>,
    pub iterations: usize,
}

/// Noise and points are 2-D.
const DIMENSIONS: usize = 2;
pub const MAX_BATCH: usize = 1024;
pub const MAX_D_STEPS: usize = 10;
/// The most centres a target has (an attendee's drawing), and the spreads it may have.
pub const MAX_CENTRES: usize = 64;
pub const SPREAD_RANGE: (f32, f32) = (0.01, 1.0);

impl<'a, B: Backend> PlaneGan<'a, B> {
    pub fn new(backend: &'a B, hidden: &[usize], target: Mixture, config: GanTraining) -> Result<Self, String> {
        config.validate()?;
        target.validate()?;
        let spec = |outputs| PointMlpSpec { inputs: DIMENSIONS, hidden: hidden.to_vec(), outputs };
        let (generator, discriminator) = (spec(DIMENSIONS), spec(1));
        generator.validate()?;
        let mut shown = Rng::new(config.seed ^ 0x5409);
        let shown_noise = noise(&generator, VIEW_POINTS, &mut shown);
        let shown_real = target.sample(VIEW_POINTS, &mut shown);
        Ok(Self {
            generator: PointMlp::new(backend, generator, config.seed),
            discriminator: PointMlp::new(backend, discriminator, config.seed ^ 0xd15c),
            target,
            config,
            rng: Rng::new(config.seed ^ 0x5eed),
            shown_noise,
            shown_real,
            iterations: 0,
        })
    }

    /// One iteration: `d_steps` discriminator steps, then one generator step.
    pub async fn iterate(&mut self) -> GanLosses {
        let target = &self.target;
        let (generator, discriminator) = (&mut self.generator, &mut self.discriminator);
        let losses =
            iterate(generator, discriminator, &self.config, &mut self.rng, |rng, count| target.sample(count, rng))
                .await;
        self.iterations += 1;
        losses
    }
}

/// `count` inputs of a generator of `architecture`: noise, uniform in [−1, 1].
pub fn noise<A: Architecture>(architecture: &A, count: usize, rng: &mut Rng) -> Vec<f32> {
    let (height, width, channels) = architecture.input();
    (0..count * height * width * channels).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
}

/// One iteration of a GAN: `config.d_steps` discriminator steps, each on a batch of `real(rng, count)`
/// inputs labelled real and as many generated ones labelled fake, then one generator step on the
/// non-saturating loss −log D(G(z)), whose gradient reaches the generator through the discriminator's input.
pub async fn iterate<B: Backend, G: Architecture, D: Architecture>(
    generator: &mut AdversarialNet<'_, B, G>,
    discriminator: &mut AdversarialNet<'_, B, D>,
    config: &GanTraining,
    rng: &mut Rng,
    mut real: impl FnMut(&mut Rng, usize) -> Vec<f32>,
) -> GanLosses {
    let batch = config.batch;
    let mut d_loss = 0.0;
    for _ in 0..config.d_steps {
        let z = noise(&generator.architecture, batch, rng);
        let mut inputs = real(rng, batch);
        inputs.extend(generator.forward(&z).await);
        let targets: Vec<f32> = (0..2 * batch).map(|i| if i < batch { 1.0 } else { 0.0 }).collect();
        d_loss = discriminator.loss_gradient(&inputs, &targets).await.0;
        discriminator.step(config.discriminator);
    }
    let z = noise(&generator.architecture, batch, rng);
    let fakes = generator.forward(&z).await;
    let (g_loss, at_fakes) = discriminator.loss_gradient(&fakes, &vec![1.0; batch]).await;
    generator.backward_from(&z, &at_fakes);
    generator.step(config.generator);
    GanLosses { discriminator: d_loss, generator: g_loss }
}

/// The distance `histogram_distance` measures on, for points of the lab's square.
pub const DISTANCE_CELLS: usize = 8;
pub const SQUARE: (f32, f32) = (-2.0, 2.0);

/// Points the view measures the distance and the modes on, and how many of them it draws (with arrows).
pub const VIEW_POINTS: usize = 2000;
pub const SHOWN_POINTS: usize = 250;
/// The discriminator's map: cells per side of the square.
pub const VIEW_CELLS: usize = 32;
/// Lines per side of the noise grid the generator's mesh warps.
pub const MESH_LINES: usize = 11;

/// The networks as the lab draws them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlaneGanView {
    /// D(x), the probability of "real", at the centres of a `cells` × `cells` grid over the square, row by
    /// row from the top (largest y).
    pub discriminator: Vec<f32>,
    pub cells: usize,
    /// The generator's image of a `mesh_lines` × `mesh_lines` grid of noise over [−1, 1]², row by row from
    /// the top, as x, y pairs: the noise square as the generator warps it.
    pub mesh: Vec<f32>,
    pub mesh_lines: usize,
    /// Points of the target and generated points (`SHOWN_POINTS` each, x, y pairs).
    pub real: Vec<f32>,
    pub fakes: Vec<f32>,
    /// Where the generator's loss pushes each fake point: minus the gradient of −log D at it.
    pub pull: Vec<f32>,
    /// The histogram distance to the target, and the target's modes the generator covers
    /// (`modes_covered`), on `VIEW_POINTS` points.
    pub distance: f32,
    pub modes_covered: usize,
    pub modes: usize,
    pub iterations: usize,
}

impl<B: Backend> PlaneGan<'_, B> {
    /// Both networks as they are now, on the fixed points (`PlaneGanView`).
    pub async fn view(&mut self) -> PlaneGanView {
        let (low, high) = SQUARE;
        let cell = (high - low) / VIEW_CELLS as f32;
        let centres: Vec<f32> = (0..VIEW_CELLS * VIEW_CELLS)
            .flat_map(|i| {
                let (row, column) = ((i / VIEW_CELLS) as f32, (i % VIEW_CELLS) as f32);
                [low + (column + 0.5) * cell, high - (row + 0.5) * cell]
            })
            .collect();
        let logits = self.discriminator.forward(&centres).await;
        let line = |i: usize| -1.0 + 2.0 * i as f32 / (MESH_LINES - 1) as f32;
        let noise_grid: Vec<f32> =
            (0..MESH_LINES * MESH_LINES).flat_map(|i| [line(i % MESH_LINES), -line(i / MESH_LINES)]).collect();
        let mesh = self.generator.forward(&noise_grid).await;
        let fakes = self.generator.forward(&self.shown_noise).await;
        let shown = &fakes[..SHOWN_POINTS * DIMENSIONS];
        // The gradient of the mean loss over the shown points, times their count: each point's own.
        let (_, gradient) = self.discriminator.loss_gradient(shown, &[1.0; SHOWN_POINTS]).await;
        PlaneGanView {
            discriminator: logits.iter().map(|&z| 1.0 / (1.0 + (-z).exp())).collect(),
            cells: VIEW_CELLS,
            mesh,
            mesh_lines: MESH_LINES,
            real: self.shown_real[..SHOWN_POINTS * DIMENSIONS].to_vec(),
            fakes: shown.to_vec(),
            pull: gradient.iter().map(|g| -g * SHOWN_POINTS as f32).collect(),
            distance: histogram_distance(&fakes, &self.shown_real, DISTANCE_CELLS, low, high),
            modes_covered: modes_covered(&fakes, &self.target),
            modes: self.target.centres.len(),
            iterations: self.iterations,
        }
    }
}

/// How many of the mixture's modes `points` cover: a mode is covered when, of the points within three
/// spreads of it and nearer to it than to any other centre, there are at least a quarter of its fair
/// share (the points over the modes). A generator that collapses onto a few modes covers only those.
pub fn modes_covered(points: &[f32], target: &Mixture) -> usize {
    let mut counts = vec![0usize; target.centres.len()];
    let squared = |p: &[f32], c: &[f32; 2]| (p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2);
    for p in points.chunks(2) {
        let nearest = (0..counts.len())
            .min_by(|&a, &b| squared(p, &target.centres[a]).total_cmp(&squared(p, &target.centres[b])));
        if let Some(i) = nearest.filter(|&i| squared(p, &target.centres[i]) <= (3.0 * target.spread).powi(2)) {
            counts[i] += 1;
        }
    }
    let share = (points.len() / 2) as f32 / counts.len() as f32;
    counts.iter().filter(|&&c| c as f32 >= 0.25 * share).count()
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

    #[test]
    fn modes_are_covered_by_a_quarter_of_their_share_nearby() {
        let target = Mixture { centres: vec![[0.0, 0.0], [1.0, 0.0]], spread: 0.1 };
        // Eight points, a fair share of four per mode: a quarter of it is one point.
        let mut points = [[0.0, 0.05]; 8].concat();
        assert_eq!(modes_covered(&points, &target), 1);
        // One point near the second mode covers it; one 0.31 away (beyond three spreads) does not.
        points[2..4].copy_from_slice(&[1.31, 0.0]);
        assert_eq!(modes_covered(&points, &target), 1);
        points[2..4].copy_from_slice(&[1.29, 0.0]);
        assert_eq!(modes_covered(&points, &target), 2);
        // Points between the modes belong to neither.
        assert_eq!(modes_covered(&[0.5, 0.0, 0.5, 0.1], &target), 0);
    }

    #[test]
    fn a_target_lies_in_the_square_with_a_sensible_spread() {
        assert!(Mixture::ring(8, 1.5, 0.1).validate().is_ok());
        assert!(Mixture { centres: vec![], spread: 0.1 }.validate().is_err());
        assert!(Mixture { centres: vec![[2.5, 0.0]], spread: 0.1 }.validate().is_err());
        assert!(Mixture { centres: vec![[0.0, f32::NAN]], spread: 0.1 }.validate().is_err());
        assert!(Mixture { centres: vec![[0.0, 0.0]], spread: 0.0 }.validate().is_err());
        assert!(Mixture { centres: vec![[0.0, 0.0]; MAX_CENTRES + 1], spread: 0.1 }.validate().is_err());
    }
}
