//! pix2pix on digits (`models::pix2pix`), the deck's "edges to photo" at workshop scale: each training
//! pair is a digit and its edge map by a Sobel filter. Each iteration steps the discriminator on real
//! pairs against generated ones, then the generator on the sum of two losses: fooling the discriminator,
//! and λ times the mean absolute difference to the real digit (the L1 term pulls the generator to the
//! right image; the adversarial term keeps it from blurring the way an L1 loss alone does).

use super::gan::GanTraining;
use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::models::adversarial::AdversarialNet;
use crate::models::dcgan::SIDE;
use crate::models::pix2pix::{PatchGan, Pix2pixSpec, UNet, PATCHES};
use crate::rng::Rng;
use serde::Serialize;

/// A Sobel gradient magnitude of this much or more is a full edge: a step of half the pixel range across
/// the filter (whose weights on a side sum to 4).
const FULL_EDGE: f32 = 2.0;

/// The edge map of a `side` × `side` image (values in [0, 1]): the magnitude of the Sobel gradient, the
/// image taken as zero outside, scaled so that `FULL_EDGE` is 1 and clamped there.
pub fn sobel_edges(image: &[f32], side: usize) -> Vec<f32> {
    let at = |y: isize, x: isize| {
        let inside = (0..side as isize).contains(&y) && (0..side as isize).contains(&x);
        if inside {
            image[y as usize * side + x as usize]
        } else {
            0.0
        }
    };
    let mut edges = Vec::with_capacity(side * side);
    for y in 0..side as isize {
        for x in 0..side as isize {
            let gx = at(y - 1, x + 1) + 2.0 * at(y, x + 1) + at(y + 1, x + 1)
                - at(y - 1, x - 1)
                - 2.0 * at(y, x - 1)
                - at(y + 1, x - 1);
            let gy = at(y + 1, x - 1) + 2.0 * at(y + 1, x) + at(y + 1, x + 1)
                - at(y - 1, x - 1)
                - 2.0 * at(y - 1, x)
                - at(y - 1, x + 1);
            edges.push(((gx * gx + gy * gy).sqrt() / FULL_EDGE).min(1.0));
        }
    }
    edges
}

/// Images `indices` of `set` and their edge maps, each [count, 28 × 28].
pub fn pairs(set: &ImageSet, indices: impl Iterator<Item = usize>) -> (Vec<f32>, Vec<f32>) {
    let (mut edges, mut images) = (Vec::new(), Vec::new());
    for i in indices {
        let image: Vec<f32> = set.image_f32(i).collect();
        edges.extend(sobel_edges(&image, set.side));
        images.extend(image);
    }
    (edges, images)
}

/// Edge maps and images as the discriminator's two channels, pixel by pixel.
fn interleave(edges: &[f32], images: &[f32]) -> Vec<f32> {
    edges.iter().zip(images).flat_map(|(&e, &i)| [e, i]).collect()
}

/// The losses after an iteration: the discriminator's, the generator's adversarial −log D, and its mean
/// absolute difference to the real digits.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pix2pixLosses {
    pub discriminator: f32,
    pub generator: f32,
    pub l1: f32,
}

/// Isola et al.'s weight of the L1 term.
pub const L1_WEIGHT: f32 = 100.0;

/// The DCGAN's Adam (Isola et al.'s too), on smaller batches: each pair teaches more than a noise vector.
pub fn default_training() -> GanTraining {
    GanTraining { batch: 16, ..super::dcgan::default_training() }
}

pub struct Pix2pix<'a, B: Backend> {
    pub generator: AdversarialNet<'a, B, UNet>,
    pub discriminator: AdversarialNet<'a, B, PatchGan>,
    pub config: GanTraining,
    rng: Rng,
    pub iterations: usize,
}

impl<'a, B: Backend> Pix2pix<'a, B> {
    pub fn new(backend: &'a B, spec: Pix2pixSpec, config: GanTraining) -> Result<Self, String> {
        spec.validate()?;
        config.validate()?;
        Ok(Self {
            generator: AdversarialNet::new(backend, UNet(spec), config.seed),
            discriminator: AdversarialNet::new(backend, PatchGan(spec), config.seed ^ 0xd15c),
            config,
            rng: Rng::new(config.seed ^ 0x5eed),
            iterations: 0,
        })
    }

    /// One iteration on pairs made from images of `train`, drawn at random: `d_steps` discriminator steps,
    /// then one generator step.
    pub async fn iterate(&mut self, train: &ImageSet) -> Pix2pixLosses {
        let batch = self.config.batch;
        let patches = batch * PATCHES * PATCHES;
        let draw = |rng: &mut Rng| pairs(train, (0..batch).map(|_| rng.below(train.len())));
        let mut discriminator = 0.0;
        for _ in 0..self.config.d_steps {
            let (edges, real) = draw(&mut self.rng);
            let fakes = self.generator.forward(&edges).await;
            let mut inputs = interleave(&edges, &real);
            inputs.extend(interleave(&edges, &fakes));
            let targets: Vec<f32> = (0..2 * patches).map(|i| if i < patches { 1.0 } else { 0.0 }).collect();
            discriminator = self.discriminator.loss_gradient(&inputs, &targets).await.0;
            self.discriminator.step(self.config.discriminator);
        }
        let (edges, real) = draw(&mut self.rng);
        let fakes = self.generator.forward(&edges).await;
        let (generator, at_pairs) =
            self.discriminator.loss_gradient(&interleave(&edges, &fakes), &vec![1.0; patches]).await;
        // The pair's second channel is the generated image; d(mean |f − r|)/df = sign(f − r) / count.
        let l1_slope = L1_WEIGHT / fakes.len() as f32;
        let at_fakes: Vec<f32> = at_pairs
            .chunks_exact(2)
            .zip(fakes.iter().zip(&real))
            .map(|(pair, (f, r))| pair[1] + l1_slope * (f - r).signum())
            .collect();
        let l1 = fakes.iter().zip(&real).map(|(f, r)| (f - r).abs()).sum::<f32>() / fakes.len() as f32;
        self.generator.backward_from(&edges, &at_fakes);
        self.generator.step(self.config.generator);
        self.iterations += 1;
        Pix2pixLosses { discriminator, generator, l1 }
    }

    /// The digits the generator draws for `edges` ([count, 28 × 28]), [count, 28 × 28] in [0, 1]. Its
    /// batch norms take the statistics of these edge maps, so a lone one is drawn in other company than in
    /// training (the paper's batch of one is instance normalisation).
    pub async fn generate(&mut self, edges: &[f32]) -> Vec<f32> {
        self.generator.forward(edges).await
    }

    /// The mean absolute difference between the first `count` images of `test` and what the generator
    /// draws from their edge maps, generated in batches of the training batch's size.
    pub async fn test_l1(&mut self, test: &ImageSet, count: usize) -> f32 {
        let count = count.min(test.len());
        let mut total = 0.0;
        for start in (0..count).step_by(self.config.batch) {
            let (edges, real) = pairs(test, start..(start + self.config.batch).min(count));
            let fakes = self.generate(&edges).await;
            total += fakes.iter().zip(&real).map(|(f, r)| (f - r).abs()).sum::<f32>();
        }
        total / (count * SIDE * SIDE) as f32
    }
}
