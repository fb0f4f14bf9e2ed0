//! A network of the GAN labs on the graph, whatever its layers: its passes, per batch size, can train on a
//! loss (a discriminator) or on a gradient given at its output (a generator, whose gradient comes back
//! through the discriminator), and can hand back the gradient at their input. What the layers are is an
//! `Architecture`: the plane's small MLPs (`point_mlp`), the DCGAN's convolutional pair (`dcgan`).

use crate::engine::Backend;
use crate::nn::{Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Seed};
use crate::rng::Rng;

/// What a network of a GAN is: its input's shape, its parameters, and its forward description.
pub trait Architecture {
    /// One input's height, width and channels.
    fn input(&self) -> (usize, usize, usize);
    /// Fresh parameters, the weights drawn from `rng`, in the order `write` takes them.
    fn parameters<B: Backend>(&self, backend: &B, rng: &mut Rng) -> Parameters<B>;
    /// The layers on `g` from `input`, with the parameters' ids in order; the output node (a discriminator's
    /// logit has no activation: the loss applies the sigmoid).
    fn write<B: Backend>(&self, g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId;
}

struct Pass<B: Backend> {
    graph: Graph<B>,
    input: NodeId,
    output: NodeId,
    /// Trained on a loss (with targets), or on a gradient given at the output.
    with_loss: bool,
}

pub struct AdversarialNet<'a, B: Backend, A: Architecture> {
    backend: &'a B,
    pub architecture: A,
    parameters: Parameters<B>,
    passes: Vec<Pass<B>>,
}

impl<'a, B: Backend, A: Architecture> AdversarialNet<'a, B, A> {
    pub fn new(backend: &'a B, architecture: A, seed: u64) -> Self {
        let parameters = architecture.parameters(backend, &mut Rng::new(seed));
        Self { backend, architecture, parameters, passes: Vec::new() }
    }

    /// Values per input.
    fn input_len(&self) -> usize {
        let (height, width, channels) = self.architecture.input();
        height * width * channels
    }

    /// The pass for `batch` inputs, with a sigmoid cross-entropy loss on its output when `with_loss`. Every
    /// pass is a training graph: batch norms use the batch's statistics, as a GAN's generator samples.
    fn pass_index(&mut self, batch: usize, with_loss: bool) -> usize {
        if let Some(i) = self.passes.iter().position(|p| p.graph.batch() == batch && p.with_loss == with_loss) {
            return i;
        }
        let mut g = GraphBuilder::new(&self.parameters, batch);
        let ids: Vec<ParameterId> = self.parameters.iter().map(|(id, _)| id).collect();
        let (height, width, channels) = self.architecture.input();
        let input = g.input("input", height, width, channels);
        let output = self.architecture.write(&mut g, input, &ids);
        if with_loss {
            g.loss(Loss::SigmoidCrossEntropy, output);
        }
        let mut graph = g.build(self.backend);
        graph.set_input_gradients(true);
        self.passes.push(Pass { graph, input, output, with_loss });
        self.passes.len() - 1
    }

    /// The outputs for `inputs` (whole inputs, one after another).
    pub async fn forward(&mut self, inputs: &[f32]) -> Vec<f32> {
        let index = self.pass_index(inputs.len() / self.input_len(), false);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, inputs);
        pass.graph.forward(self.backend, &self.parameters);
        pass.graph.read(self.backend, pass.output).await
    }

    /// The mean sigmoid cross-entropy of the outputs for `inputs` against `targets`, with its gradient at
    /// every parameter (for `step`) and at the inputs (returned with the loss).
    pub async fn loss_gradient(&mut self, inputs: &[f32], targets: &[f32]) -> (f32, Vec<f32>) {
        let index = self.pass_index(inputs.len() / self.input_len(), true);
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
        let index = self.pass_index(inputs.len() / self.input_len(), false);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, inputs);
        pass.graph.forward(self.backend, &self.parameters);
        let seed = Seed::Gradient { node: pass.output, values: output_gradient };
        pass.graph.backward(self.backend, &mut self.parameters, seed);
    }

    /// Every tensor's name and shape, and its values: what a file of the network holds.
    pub async fn tensors(&self) -> (Vec<(String, Vec<usize>)>, Vec<Vec<f32>>) {
        let shapes = self.parameters.iter().map(|(_, p)| (p.name.clone(), p.shape.clone())).collect();
        (shapes, self.parameters.read_all(self.backend).await)
    }

    /// One optimiser step on the gradients the last `loss_gradient` or `backward_from` left.
    pub fn step(&mut self, optimiser: Optimiser) {
        self.parameters.step(self.backend, optimiser);
    }
}
