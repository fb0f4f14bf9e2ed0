//! The GAN lab's small networks for points of a plane (or any few numbers): ReLU MLPs, the generator from
//! noise to a point, the discriminator from a point to the logit of "real".

use super::adversarial::{AdversarialNet, Architecture};
use crate::activation::Activation;
use crate::engine::Backend;
use crate::nn::{GraphBuilder, NodeId, ParameterId, Parameters, Role};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The most units a hidden layer may have, and the most hidden layers.
pub const MAX_UNITS: usize = 256;
pub const MAX_LAYERS: usize = 4;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointMlpSpec {
    pub inputs: usize,
    /// Hidden layers' widths (ReLU).
    pub hidden: Vec<usize>,
    pub outputs: usize,
}

pub type PointMlp<'a, B> = AdversarialNet<'a, B, PointMlpSpec>;

impl PointMlpSpec {
    pub fn validate(&self) -> Result<(), String> {
        if self.hidden.len() > MAX_LAYERS {
            return Err(format!("at most {MAX_LAYERS} hidden layers, not {}", self.hidden.len()));
        }
        match self.hidden.iter().find(|&&w| w == 0 || w > MAX_UNITS) {
            Some(w) => Err(format!("a hidden layer has 1 to {MAX_UNITS} units, not {w}")),
            None => Ok(()),
        }
    }

    fn widths(&self) -> Vec<usize> {
        std::iter::once(self.inputs).chain(self.hidden.iter().copied()).chain([self.outputs]).collect()
    }
}

impl Architecture for PointMlpSpec {
    fn input(&self) -> (usize, usize, usize) {
        (1, 1, self.inputs)
    }

    /// He-uniform weights, zero biases.
    fn parameters<B: Backend>(&self, backend: &B, rng: &mut Rng) -> Parameters<B> {
        let mut parameters = Parameters::new();
        for (i, pair) in self.widths().windows(2).enumerate() {
            let (from, to) = (pair[0], pair[1]);
            let limit = (6.0 / from as f32).sqrt();
            let weights: Vec<f32> = (0..from * to).map(|_| rng.uniform_in(-limit, limit)).collect();
            parameters.add(backend, &format!("layer{i}.weight"), &[from, to], Role::Weight, &weights);
            parameters.add(backend, &format!("layer{i}.bias"), &[to], Role::Bias, &vec![0.0; to]);
        }
        parameters
    }

    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId {
        let layers = ids.len() / 2;
        let mut x = input;
        for (i, pair) in ids.chunks(2).enumerate() {
            let activation = if i + 1 < layers { Activation::Relu } else { Activation::Linear };
            x = g.dense(&format!("layer {}", i + 1), x, pair[0], Some(pair[1]), activation);
        }
        x
    }
}
