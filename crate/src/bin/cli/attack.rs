//! `attack --model F.safetensors`: the inside lab's robustness measurement on the command line — a CNN
//! from `train-mnist --save`, the first N test images, one attack at one ε; prints one JSON line.

use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::inside::attack::{Attack, AttackKind};
use playground::labs::inside::Subject;
use playground::models::cnn::CnnSpec;
use playground::rng::Rng;
use serde::Serialize;

#[derive(Serialize)]
struct Robustness {
    attack: AttackKind,
    epsilon: f32,
    steps: usize,
    clean_accuracy: f32,
    adversarial_accuracy: f32,
    images: usize,
}

pub struct AttackRun<'a> {
    pub spec: &'a CnnSpec,
    pub values: &'a [Vec<f32>],
    pub test: &'a ImageSet,
    pub attack: Attack,
    pub images: usize,
}

impl AttackRun<'_> {
    pub fn run<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut subject = Subject::cnn(backend, self.spec, self.values)?;
        if subject.input_len() != self.test.side * self.test.side {
            return Err(format!("the model takes {} values, the test images are {0}²", self.test.side));
        }
        let count = self.images.min(self.test.len());
        let images: Vec<f32> = (0..count).flat_map(|i| self.test.image_f32(i)).collect();
        let labels: Vec<usize> = self.test.labels[..count].iter().map(|&l| l as usize).collect();
        let clean_accuracy = pollster::block_on(subject.accuracy(&images, &labels))?;
        let adversarial = pollster::block_on(subject.attack(&images, &labels, None, self.attack, &mut Rng::new(1)))?;
        let adversarial_accuracy = pollster::block_on(subject.accuracy(&adversarial, &labels))?;
        let line = Robustness {
            attack: self.attack.kind,
            epsilon: self.attack.epsilon,
            steps: self.attack.steps,
            clean_accuracy,
            adversarial_accuracy,
            images: count,
        };
        println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
        Ok(())
    }
}
