//! Stacked recurrent layers on the graph. Each layer is the input's projection to the gates (a 1 × 1
//! convolution over the sequence [batch, steps, 1, values], with the bias) and the recurrence itself
//! (`GraphBuilder::recurrent`); a layer's hidden states are the next layer's input sequence.

use crate::activation::Activation;
use crate::engine::ops::Cell;
use crate::engine::Backend;
use crate::nn::{ConvOptions, GraphBuilder, NodeId, ParameterId, Parameters, Role};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The most hidden units and layers a page or the command line may ask for.
pub const MAX_HIDDEN: usize = 512;
pub const MAX_LAYERS: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RecurrentSpec {
    pub cell: Cell,
    pub hidden: usize,
    pub layers: usize,
}

impl RecurrentSpec {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_HIDDEN).contains(&self.hidden) {
            return Err(format!("a recurrent layer has 1 to {MAX_HIDDEN} hidden units, not {}", self.hidden));
        }
        if !(1..=MAX_LAYERS).contains(&self.layers) {
            return Err(format!("1 to {MAX_LAYERS} recurrent layers, not {}", self.layers));
        }
        Ok(())
    }

    /// Each layer's parameters for sequences of `inputs` values per step: its projection and bias, then
    /// its recurrent weight. Weights uniform in ±1 / √hidden (as PyTorch initialises its LSTM); biases
    /// zero but the LSTM's forget gate's, which starts at 1 so that the cell remembers from the first
    /// step on (Jozefowicz et al. 2015).
    pub fn parameters<B: Backend>(&self, backend: &B, inputs: usize, rng: &mut Rng) -> Parameters<B> {
        let mut parameters = Parameters::new();
        let (hidden, gates) = (self.hidden, self.cell.gates());
        let limit = 1.0 / (hidden as f32).sqrt();
        let mut uniform = |len: usize| -> Vec<f32> { (0..len).map(|_| rng.uniform_in(-limit, limit)).collect() };
        for layer in 0..self.layers {
            let from = if layer == 0 { inputs } else { hidden };
            let name = |part: &str| format!("layer{layer}.{part}");
            let projection = uniform(from * gates * hidden);
            parameters.add(backend, &name("input"), &[1, 1, from, gates * hidden], Role::Weight, &projection);
            let mut bias = vec![0.0; gates * hidden];
            if self.cell == Cell::Lstm {
                bias[hidden..2 * hidden].fill(1.0);
            }
            parameters.add(backend, &name("bias"), &[gates * hidden], Role::Bias, &bias);
            let recurrent = uniform(hidden * gates * hidden);
            parameters.add(backend, &name("recurrent"), &[hidden, gates * hidden], Role::Weight, &recurrent);
        }
        parameters
    }

    /// The layers over `input`, given `ids`, the parameters as `parameters` made them (three a layer):
    /// every step's hidden state of the top layer.
    pub fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId {
        let mut x = input;
        for (layer, ids) in ids.chunks(3).take(self.layers).enumerate() {
            let &[projection, bias, recurrent] = ids else { unreachable!("three parameters a layer") };
            let linear = ConvOptions::same(Activation::Linear);
            let pre = g.conv(&format!("layer {} gates", layer + 1), x, projection, Some(bias), linear);
            x = g.recurrent(&format!("layer {}", layer + 1), pre, recurrent, self.cell);
        }
        x
    }
}
