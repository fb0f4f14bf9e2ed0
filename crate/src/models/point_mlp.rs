//! A small MLP on the graph for points of a plane (or any few numbers): the GAN lab's generator, noise to a
//! point, and its discriminator, a point to the logit of "real". Its passes, per batch size, can train on a
//! loss (a discriminator) or on a gradient given at its output (a generator, whose gradient comes back
//! through the discriminator), and can hand back the gradient at their input.

use crate::activation::Activation;
use crate::engine::Backend;
use crate::nn::{Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Role, Seed};
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

struct Pass<B: Backend> {
    graph: Graph<B>,
    input: NodeId,
    output: NodeId,
    /// Trained on a loss (with targets), or on a gradient given at the output.
    with_loss: bool,
}

pub struct PointMlp<'a, B: Backend> {
    backend: &'a B,
    spec: PointMlpSpec,
    parameters: Parameters<B>,
    passes: Vec<Pass<B>>,
}

impl<'a, B: Backend> PointMlp<'a, B> {
    /// He-uniform weights from `seed`, zero biases.
    pub fn new(backend: &'a B, spec: &PointMlpSpec, seed: u64) -> Result<Self, String> {
        spec.validate()?;
        let mut rng = Rng::new(seed);
        let mut parameters = Parameters::new();
        for (i, pair) in spec.widths().windows(2).enumerate() {
            let (from, to) = (pair[0], pair[1]);
            let limit = (6.0 / from as f32).sqrt();
            let weights: Vec<f32> = (0..from * to).map(|_| rng.uniform_in(-limit, limit)).collect();
            parameters.add(backend, &format!("layer{i}.weight"), &[from, to], Role::Weight, &weights);
            parameters.add(backend, &format!("layer{i}.bias"), &[to], Role::Bias, &vec![0.0; to]);
        }
        Ok(Self { backend, spec: spec.clone(), parameters, passes: Vec::new() })
    }

    /// The pass for `batch` rows, with a sigmoid cross-entropy loss on its output when `with_loss`.
    fn pass_index(&mut self, batch: usize, with_loss: bool) -> usize {
        if let Some(i) = self.passes.iter().position(|p| p.graph.batch() == batch && p.with_loss == with_loss) {
            return i;
        }
        let mut g = GraphBuilder::new(&self.parameters, batch);
        let ids: Vec<ParameterId> = self.parameters.iter().map(|(id, _)| id).collect();
        let input = g.input("input", 1, 1, self.spec.inputs);
        let layers = ids.len() / 2;
        let mut x = input;
        for (i, pair) in ids.chunks(2).enumerate() {
            let activation = if i + 1 < layers { Activation::Relu } else { Activation::Linear };
            x = g.dense(&format!("layer {}", i + 1), x, pair[0], Some(pair[1]), activation);
        }
        if with_loss {
            g.loss(Loss::SigmoidCrossEntropy, x);
        }
        let mut graph = g.build(self.backend);
        graph.set_input_gradients(true);
        self.passes.push(Pass { graph, input, output: x, with_loss });
        self.passes.len() - 1
    }

    /// The outputs for `inputs` (rows of `spec.inputs`), [rows, outputs].
    pub async fn forward(&mut self, inputs: &[f32]) -> Vec<f32> {
        let index = self.pass_index(inputs.len() / self.spec.inputs, false);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, inputs);
        pass.graph.forward(self.backend, &self.parameters);
        pass.graph.read(self.backend, pass.output).await
    }

    /// The mean sigmoid cross-entropy of the outputs for `inputs` against `targets`, with its gradient at
    /// every parameter (for `step`) and at the inputs (returned with the loss).
    pub async fn loss_gradient(&mut self, inputs: &[f32], targets: &[f32]) -> (f32, Vec<f32>) {
        let index = self.pass_index(inputs.len() / self.spec.inputs, true);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, inputs);
        pass.graph.write_targets(self.backend, targets);
        pass.graph.forward(self.backend, &self.parameters);
        pass.graph.backward(self.backend, &mut self.parameters, Seed::Loss);
        let loss = pass.graph.read_loss(self.backend).await;
        let gradient = pass.graph.read_gradient(self.backend, pass.input).await.expect("input gradients are kept");
        (loss, gradient)
    }

    /// The gradient at every parameter (for `step`) of a loss whose gradient at the outputs for `inputs` is
    /// `output_gradient`.
    pub fn backward_from(&mut self, inputs: &[f32], output_gradient: &[f32]) {
        let index = self.pass_index(inputs.len() / self.spec.inputs, false);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, inputs);
        pass.graph.forward(self.backend, &self.parameters);
        let seed = Seed::Gradient { node: pass.output, values: output_gradient };
        pass.graph.backward(self.backend, &mut self.parameters, seed);
    }

    /// One optimiser step on the gradients the last `loss_gradient` or `backward_from` left.
    pub fn step(&mut self, optimiser: Optimiser) {
        self.parameters.step(self.backend, optimiser);
    }
}
