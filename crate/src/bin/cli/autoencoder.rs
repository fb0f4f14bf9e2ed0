//! `autoencoder`: the autoencoder lab on the command line — a dense or convolutional autoencoder trained on
//! MNIST or Fashion-MNIST, denoising when given noise; one JSON line per epoch with the test set's
//! reconstruction error and PSNR beside the noisy input's; then, if asked, the few-labels experiment, one
//! JSON line per number of labelled digits per class.

use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::autoencoder::{AutoencoderEvaluation, AutoencoderTrainer, AutoencoderTraining};
use playground::labs::few_labels::few_labels_point;
use playground::models::autoencoder::{AutoencoderSpec, FORMAT};
use playground::models::safetensors;
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    epoch: usize,
    /// The binary cross-entropy of the epoch's last batch.
    loss: f32,
    seconds: f64,
    #[serde(flatten)]
    test: &'a AutoencoderEvaluation,
}

pub struct AutoencoderRun<'a> {
    pub spec: AutoencoderSpec,
    pub config: AutoencoderTraining,
    pub train: &'a ImageSet,
    pub test: &'a ImageSet,
    pub epochs: usize,
    pub save: Option<&'a str>,
    /// After training: the few-labels experiment at each of these labelled digits per class.
    pub few_labels: Vec<usize>,
}

impl AutoencoderRun<'_> {
    pub fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut trainer = AutoencoderTrainer::new(backend, &self.spec, self.config)?;
        let mut loss = f32::NAN;
        for epoch in 0..=self.epochs {
            let started = playground::clock::now_ms();
            if epoch > 0 {
                while !pollster::block_on(trainer.step(self.train)) {}
                loss = pollster::block_on(trainer.model.last_loss());
            }
            let seconds = (playground::clock::now_ms() - started) / 1000.0;
            let test = pollster::block_on(trainer.evaluate(self.test, self.test.len()));
            let line = Line { epoch, loss, seconds, test: &test };
            println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
        }
        for &per_class in &self.few_labels {
            let point = pollster::block_on(few_labels_point(
                backend,
                &mut trainer,
                self.train,
                self.test,
                per_class,
                self.test.len(),
            ))?;
            println!("{}", serde_json::to_string(&point).map_err(|e| e.to_string())?);
        }
        if let Some(path) = self.save {
            let values = pollster::block_on(trainer.model.parameters());
            let file = safetensors::write_file(FORMAT, &self.spec, &self.spec.parameter_shapes(), &values);
            std::fs::write(path, file).map_err(|e| format!("{path}: {e}"))?;
        }
        Ok(())
    }
}
