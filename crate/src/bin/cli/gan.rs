//! `gan-plane`: the GAN lab for the plane on the command line — both networks trained on a mixture of
//! Gaussians, with the losses, the histogram distance to the target and the modes covered every so many
//! iterations, for a workshop leader choosing settings (a GAN circles its target: the distance rises and
//! falls).

use playground::engine::Backend;
use playground::labs::gan::{GanLosses, GanTraining, Mixture, PlaneGan};
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
