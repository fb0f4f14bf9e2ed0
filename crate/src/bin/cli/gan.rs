//! `gan`: the DCGAN on digits, trained on MNIST or Fashion-MNIST with the losses every so many iterations;
//! the generator saved, and images generated from fresh noise written as an idx file, so a classifier can
//! read them.
//!
//! `gan-plane`: the GAN lab for the plane on the command line — both networks trained on a mixture of
//! Gaussians, with the losses, the histogram distance to the target and the modes covered every so many
//! iterations, for a workshop leader choosing settings (a GAN circles its target: the distance rises and
//! falls).

use playground::data::idx;
use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::dcgan::Dcgan;
use playground::labs::gan::{noise, GanLosses, GanTraining, Mixture, PlaneGan};
use playground::models::dcgan::{DcganSpec, SIDE};
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
            let mut bytes = Vec::with_capacity(count * SIDE * SIDE);
            // In batches of the training batch's size: the generator's batch norms see batches like those.
            for start in (0..count).step_by(self.config.batch) {
                let batch = self.config.batch.min(count - start);
                let z = noise(&gan.generator.architecture, batch, &mut rng);
                let images = pollster::block_on(gan.generate(&z));
                bytes.extend(images.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
            }
            let mut file = Vec::new();
            idx::write(&[count, SIDE, SIDE], &bytes, &mut file);
            std::fs::write(path, file).map_err(|e| format!("{path}: {e}"))?;
        }
        Ok(())
    }
}
