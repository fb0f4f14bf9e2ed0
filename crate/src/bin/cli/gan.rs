//! `gan`: the DCGAN on digits, trained on MNIST or Fashion-MNIST with the losses every so many iterations;
//! the generator saved, and images generated from fresh noise written as an idx file, so a classifier can
//! read them.
//!
//! `pix2pix`: pix2pix on digits, edge maps to digits, with the losses and the test pairs' mean absolute
//! difference every so many iterations, beside that of a blank image or the mean training digit for every
//! edge map, whichever is closer.
//!
//! `gan-plane`: the GAN lab for the plane on the command line — both networks trained on a mixture of
//! Gaussians, with the losses, the histogram distance to the target and the modes covered every so many
//! iterations, for a workshop leader choosing settings (a GAN circles its target: the distance rises and
//! falls).

use playground::data::idx;
use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::dcgan::{Dcgan, Readability};
use playground::labs::gan::{noise, GanLosses, GanTraining, Mixture, PlaneGan};
use playground::labs::pix2pix::{Pix2pix, Pix2pixLosses};
use playground::models::cnn::{Cnn, CnnSpec};
use playground::models::dcgan::{DcganSpec, SIDE};
use playground::models::pix2pix::Pix2pixSpec;
use playground::models::safetensors;
use playground::rng::Rng;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Line {
    iteration: usize,
    #[serde(flatten)]
    losses: GanLosses,
    distance: f32,
    modes_covered: usize,
}

pub struct PlaneRun {
    pub target: Mixture,
    pub hidden: Vec<usize>,
    pub config: GanTraining,
    pub iterations: usize,
    pub every: usize,
}

impl PlaneRun {
    pub fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut gan = PlaneGan::new(backend, &self.hidden, self.target.clone(), self.config)?;
        for iteration in 1..=self.iterations {
            let losses = pollster::block_on(gan.iterate());
            if iteration % self.every == 0 || iteration == self.iterations {
                let view = pollster::block_on(gan.view());
                let line = Line { iteration, losses, distance: view.distance, modes_covered: view.modes_covered };
                println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
            }
        }
        Ok(())
    }
}

/// The `safetensors` format name of a DCGAN generator's file.
const GENERATOR_FORMAT: &str = "playground-dcgan-generator";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DcganLine {
    iteration: usize,
    #[serde(flatten)]
    losses: GanLosses,
    seconds: f64,
}

pub struct DcganRun<'a> {
    pub spec: DcganSpec,
    pub config: GanTraining,
    pub train: &'a ImageSet,
    pub iterations: usize,
    pub every: usize,
    pub save: Option<&'a str>,
    /// Images to generate at the end, and the idx3 file (28 × 28 bytes each) they go to.
    pub samples: Option<(usize, &'a str)>,
    /// A CNN (from `train-mnist --save`) that reads the samples: how many it reads confidently, as what.
    pub reader: Option<(&'a CnnSpec, &'a [Vec<f32>])>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadLine {
    samples: usize,
    #[serde(flatten)]
    readability: Readability,
    classes: usize,
}

impl DcganRun<'_> {
    pub fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut gan = Dcgan::new(backend, self.spec, self.config)?;
        let started = playground::clock::now_ms();
        for iteration in 1..=self.iterations {
            let losses = pollster::block_on(gan.iterate(self.train));
            if iteration % self.every == 0 || iteration == self.iterations {
                let seconds = (playground::clock::now_ms() - started) / 1000.0;
                let line = DcganLine { iteration, losses, seconds };
                println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
            }
        }
        if let Some(path) = self.save {
            let (shapes, values) = pollster::block_on(gan.generator.tensors());
            let file = safetensors::write_file(GENERATOR_FORMAT, &self.spec, &shapes, &values);
            std::fs::write(path, file).map_err(|e| format!("{path}: {e}"))?;
        }
        if let Some((count, path)) = self.samples {
            let mut rng = Rng::new(self.config.seed ^ 0x5a3);
            let mut images = Vec::with_capacity(count * SIDE * SIDE);
            // In batches of the training batch's size: the generator's batch norms see batches like those.
            for start in (0..count).step_by(self.config.batch) {
                let batch = self.config.batch.min(count - start);
                let z = noise(&gan.generator.architecture, batch, &mut rng);
                images.extend(pollster::block_on(gan.generate(&z)));
            }
            let bytes: Vec<u8> = images.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8).collect();
            let mut file = Vec::new();
            idx::write(&[count, SIDE, SIDE], &bytes, &mut file);
            std::fs::write(path, file).map_err(|e| format!("{path}: {e}"))?;
            if let Some((spec, values)) = self.reader {
                let readability = read(backend, spec, values, &images)?;
                let line = ReadLine { samples: count, classes: readability.classes(), readability };
                println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
            }
        }
        Ok(())
    }
}

/// How the CNN `spec` with `values` reads `images` (28 × 28 each).
fn read<B: Backend>(backend: &B, spec: &CnnSpec, values: &[Vec<f32>], images: &[f32]) -> Result<Readability, String> {
    let mut cnn = Cnn::new(backend, spec, 1).map_err(|e| e.to_string())?;
    cnn.set_parameters(values)?;
    if cnn.input_len() != SIDE * SIDE {
        return Err(format!("the reading CNN takes {} values, not {}²", cnn.input_len(), SIDE));
    }
    let logits = pollster::block_on(cnn.logits(images));
    Ok(Readability::of(&logits, logits.len() / (images.len() / (SIDE * SIDE))))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Pix2pixLine {
    iteration: usize,
    #[serde(flatten)]
    losses: Pix2pixLosses,
    /// The test pairs' mean absolute difference, and that of the better of a blank image and the mean
    /// training digit (a generator that ignored the edges).
    test_l1: f32,
    baseline_l1: f32,
    seconds: f64,
}

pub struct Pix2pixRun<'a> {
    pub spec: Pix2pixSpec,
    pub config: GanTraining,
    pub train: &'a ImageSet,
    pub test: &'a ImageSet,
    pub iterations: usize,
    pub every: usize,
    /// Test pairs the mean absolute difference is measured on.
    pub test_images: usize,
    pub save: Option<&'a str>,
}

/// The `safetensors` format name of a pix2pix generator's file.
const PIX2PIX_FORMAT: &str = "playground-pix2pix-generator";

impl Pix2pixRun<'_> {
    pub fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut gan = Pix2pix::new(backend, self.spec, self.config)?;
        let baseline_l1 = baseline_l1(self.train, self.test, self.test_images);
        let started = playground::clock::now_ms();
        for iteration in 1..=self.iterations {
            let losses = pollster::block_on(gan.iterate(self.train));
            if iteration % self.every == 0 || iteration == self.iterations {
                let test_l1 = pollster::block_on(gan.test_l1(self.test, self.test_images));
                let seconds = (playground::clock::now_ms() - started) / 1000.0;
                let line = Pix2pixLine { iteration, losses, test_l1, baseline_l1, seconds };
                println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
            }
        }
        if let Some(path) = self.save {
            let (shapes, values) = pollster::block_on(gan.generator.tensors());
            let file = safetensors::write_file(PIX2PIX_FORMAT, &self.spec, &shapes, &values);
            std::fs::write(path, file).map_err(|e| format!("{path}: {e}"))?;
        }
        Ok(())
    }
}

/// The mean absolute difference to the first `count` of `test` of two guesses that ignore the edges, the
/// smaller: the mean digit of `train`, and a blank image (the mean minimises the squared difference, not
/// the absolute one: on mostly black digits a blank image does better).
fn baseline_l1(train: &ImageSet, test: &ImageSet, count: usize) -> f32 {
    let pixels = SIDE * SIDE;
    let mut mean = vec![0.0f32; pixels];
    for i in 0..train.len() {
        mean.iter_mut().zip(train.image_f32(i)).for_each(|(m, v)| *m += v / train.len() as f32);
    }
    let count = count.min(test.len());
    let l1 = |guess: &[f32]| -> f32 {
        let total: f32 =
            (0..count).map(|i| test.image_f32(i).zip(guess).map(|(v, g)| (v - g).abs()).sum::<f32>()).sum();
        total / (count * pixels) as f32
    };
    l1(&mean).min(l1(&vec![0.0; pixels]))
}
