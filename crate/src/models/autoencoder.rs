//! The autoencoder lab's networks: an encoder from a digit to a code of a few numbers and a decoder from
//! the code back to the digit, written as one forward description on the graph.
//!
//! Dense: 784 → hidden layers (ReLU) → code → the hidden layers mirrored → 784. Convolutional: two 3 × 3
//! convolutions of stride 2 (28 → 14 → 7) → a dense layer to the code; the decoder projects the code to
//! 7 × 7 with a 7 × 7 transposed convolution (DCGAN's first layer), then two 3 × 3 transposed convolutions
//! of stride 2 go back up to 28 × 28. The decoder's last layer gives logits: the reconstruction is their
//! sigmoid, and training minimises the binary cross-entropy against the clean digit.

use crate::activation::Activation;
use crate::engine::ops::Padding;
use crate::engine::Backend;
use crate::nn::{ConvOptions, Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Role, Seed};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The `safetensors` format name of an autoencoder's file.
pub const FORMAT: &str = "playground-autoencoder";
/// The side of the digits the networks take.
pub const SIDE: usize = 28;
const PIXELS: usize = SIDE * SIDE;
/// The most code units: a sparse code may be wider than the image, within reason.
pub const MAX_CODE: usize = 2048;

/// A tensor of the network: its name, shape and fan-in (0 for a bias).
pub(crate) struct Tensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub fan_in: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum AutoencoderKind {
    /// Dense layers of these widths between the image and the code (none: the code is the one hidden layer).
    Dense { hidden: Vec<usize> },
    /// Two stride-2 convolutions with these filter counts.
    Conv { filters: [usize; 2] },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutoencoderSpec {
    #[serde(flatten)]
    pub kind: AutoencoderKind,
    /// Code units.
    pub code: usize,
    /// ReLU codes (what a sparsity penalty acts on) instead of linear ones.
    pub relu_code: bool,
}

impl Default for AutoencoderSpec {
    fn default() -> Self {
        Self { kind: AutoencoderKind::Conv { filters: [16, 32] }, code: 16, relu_code: false }
    }
}

impl AutoencoderSpec {
    /// Why the network cannot be built, if it cannot.
    pub fn validate(&self) -> Result<(), String> {
        if self.code == 0 || self.code > MAX_CODE {
            return Err(format!("the code needs 1 to {MAX_CODE} units, not {}", self.code));
        }
        let widths: &[usize] = match &self.kind {
            AutoencoderKind::Dense { hidden } => hidden,
            AutoencoderKind::Conv { filters } => filters,
        };
        match widths.iter().find(|&&w| w == 0 || w > MAX_CODE) {
            Some(w) => Err(format!("a layer needs 1 to {MAX_CODE} units or filters, not {w}")),
            None => Ok(()),
        }
    }

    /// Every tensor's name and shape, the encoder's first, in the order `write_encoder` and
    /// `write_decoder` take them.
    pub fn parameter_shapes(&self) -> Vec<(String, Vec<usize>)> {
        self.tensors().into_iter().map(|t| (t.name, t.shape)).collect()
    }

    /// `parameter_shapes` with each tensor's fan-in: the inputs one output sums over (a stride-2 transposed
    /// convolution's output sees a quarter of its kernel's taps).
    pub(crate) fn tensors(&self) -> Vec<Tensor> {
        let mut tensors = Vec::new();
        let mut layer = |name: String, weight: Vec<usize>, fan_in: usize| {
            let outputs =
                if weight.len() == 4 && name.starts_with("decoder") { weight[2] } else { weight[weight.len() - 1] };
            tensors.push(Tensor { name: format!("{name}.weight"), shape: weight, fan_in });
            tensors.push(Tensor { name: format!("{name}.bias"), shape: vec![outputs], fan_in: 0 });
        };
        match &self.kind {
            AutoencoderKind::Dense { hidden } => {
                let mut widths = vec![PIXELS];
                widths.extend(hidden);
                widths.push(self.code);
                let pairs: Vec<(usize, usize)> = widths.windows(2).map(|w| (w[0], w[1])).collect();
                for (i, &(from, to)) in pairs.iter().enumerate() {
                    layer(format!("encoder.{i}"), vec![from, to], from);
                }
                for (i, &(to, from)) in pairs.iter().rev().enumerate() {
                    layer(format!("decoder.{i}"), vec![from, to], from);
                }
            }
            &AutoencoderKind::Conv { filters: [first, second] } => {
                layer("encoder.0".into(), vec![3, 3, 1, first], 9);
                layer("encoder.1".into(), vec![3, 3, first, second], 9 * first);
                layer("encoder.2".into(), vec![7 * 7 * second, self.code], 7 * 7 * second);
                // A transposed convolution's weight is its convolution's: [k, k, out, in].
                layer("decoder.0".into(), vec![7, 7, second, self.code], self.code);
                layer("decoder.1".into(), vec![3, 3, first, second], (9 * second).div_ceil(4));
                layer("decoder.2".into(), vec![3, 3, 1, first], (9 * first).div_ceil(4));
            }
        }
        tensors
    }

    /// How many of `parameter_shapes` are the encoder's.
    fn encoder_tensors(&self) -> usize {
        self.tensors().iter().filter(|t| t.name.starts_with("encoder.")).count()
    }

    /// The encoder on `g` from a 28 × 28 × 1 `input`, with the parameters `ids` in `parameter_shapes` order;
    /// the code node, [1, 1, code] per image.
    pub fn write_encoder<B: Backend>(&self, g: &mut GraphBuilder<B>, input: NodeId, ids: &[ParameterId]) -> NodeId {
        let code_activation = if self.relu_code { Activation::Relu } else { Activation::Linear };
        let mut ids = ids[..self.encoder_tensors()].chunks(2).map(|p| (p[0], Some(p[1])));
        match &self.kind {
            AutoencoderKind::Dense { hidden } => {
                let mut x = input;
                for i in 0..hidden.len() {
                    let (w, b) = ids.next().unwrap();
                    x = g.dense(&format!("encoder {}", i + 1), x, w, b, Activation::Relu);
                }
                let (w, b) = ids.next().unwrap();
                g.dense("code", x, w, b, code_activation)
            }
            AutoencoderKind::Conv { .. } => {
                let down = ConvOptions { stride: 2, ..ConvOptions::same(Activation::Relu) };
                let (w, b) = ids.next().unwrap();
                let x = g.conv("encoder 1", input, w, b, down);
                let (w, b) = ids.next().unwrap();
                let x = g.conv("encoder 2", x, w, b, down);
                let (w, b) = ids.next().unwrap();
                g.dense("code", x, w, b, code_activation)
            }
        }
    }

    /// The decoder on `g` from `code` ([1, 1, code] per image), with the parameters `ids` in
    /// `parameter_shapes` order (all of them); the logits node, 28 × 28 × 1 per image.
    pub fn write_decoder<B: Backend>(&self, g: &mut GraphBuilder<B>, code: NodeId, ids: &[ParameterId]) -> NodeId {
        let mut ids = ids[self.encoder_tensors()..].chunks(2).map(|p| (p[0], Some(p[1])));
        match &self.kind {
            AutoencoderKind::Dense { hidden } => {
                let mut x = code;
                for i in 0..hidden.len() {
                    let (w, b) = ids.next().unwrap();
                    x = g.dense(&format!("decoder {}", i + 1), x, w, b, Activation::Relu);
                }
                let (w, b) = ids.next().unwrap();
                g.dense("reconstruction", x, w, b, Activation::Linear)
            }
            AutoencoderKind::Conv { .. } => {
                let project =
                    ConvOptions { stride: 1, padding: Padding::Valid, groups: 1, activation: Activation::Relu };
                let up = |activation| ConvOptions { stride: 2, ..ConvOptions::same(activation) };
                let (w, b) = ids.next().unwrap();
                let x = g.conv_transpose("decoder 1", code, w, b, (7, 7), project);
                let (w, b) = ids.next().unwrap();
                let x = g.conv_transpose("decoder 2", x, w, b, (14, 14), up(Activation::Relu));
                let (w, b) = ids.next().unwrap();
                g.conv_transpose("reconstruction", x, w, b, (SIDE, SIDE), up(Activation::Linear))
            }
        }
    }
}

/// What a pass of the network is for: one graph each, per batch size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
    /// Image → code → logits, with the loss against the clean images.
    Train,
    /// Image → code → logits.
    Reconstruct,
    /// Image → code.
    Encode,
    /// Code → logits.
    Decode,
}

struct Pass<B: Backend> {
    purpose: Purpose,
    graph: Graph<B>,
    input: NodeId,
    code: NodeId,
    logits: NodeId,
}

/// An autoencoder on one backend: its parameters and the graphs that run them.
pub struct Autoencoder<'a, B: Backend> {
    backend: &'a B,
    spec: AutoencoderSpec,
    parameters: Parameters<B>,
    passes: Vec<Pass<B>>,
}

/// What the network makes of a batch of images.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reconstruction {
    /// [batch, code].
    pub codes: Vec<f32>,
    /// [batch, 28 × 28] in [0, 1]: the sigmoid of the logits.
    pub images: Vec<f32>,
}

fn sigmoid(logits: Vec<f32>) -> Vec<f32> {
    logits.into_iter().map(|x| 1.0 / (1.0 + (-x).exp())).collect()
}

impl<'a, B: Backend> Autoencoder<'a, B> {
    /// He-uniform weights from `seed`, zero biases.
    pub fn new(backend: &'a B, spec: &AutoencoderSpec, seed: u64) -> Result<Self, String> {
        spec.validate()?;
        let mut rng = Rng::new(seed);
        let mut parameters = Parameters::new();
        for tensor in spec.tensors() {
            let len = tensor.shape.iter().product();
            if tensor.fan_in == 0 {
                parameters.add(backend, &tensor.name, &tensor.shape, Role::Bias, &vec![0.0; len]);
            } else {
                let limit = (6.0 / tensor.fan_in as f32).sqrt();
                let values: Vec<f32> = (0..len).map(|_| rng.uniform_in(-limit, limit)).collect();
                parameters.add(backend, &tensor.name, &tensor.shape, Role::Weight, &values);
            }
        }
        Ok(Self { backend, spec: spec.clone(), parameters, passes: Vec::new() })
    }

    pub fn spec(&self) -> &AutoencoderSpec {
        &self.spec
    }

    /// The backend the network computes on.
    pub fn backend(&self) -> &'a B {
        self.backend
    }

    /// The index in `passes` of the pass for `purpose` and `batch` (made on first use).
    fn pass_index(&mut self, purpose: Purpose, batch: usize) -> usize {
        let found = self.passes.iter().position(|p| p.purpose == purpose && p.graph.batch() == batch);
        let index = found.unwrap_or_else(|| {
            let mut g = GraphBuilder::new(&self.parameters, batch);
            let ids: Vec<ParameterId> = self.parameters.iter().map(|(id, _)| id).collect();
            let (input, code) = match purpose {
                Purpose::Decode => {
                    let code = g.input("code", 1, 1, self.spec.code);
                    (code, code)
                }
                Purpose::Train | Purpose::Reconstruct | Purpose::Encode => {
                    let input = g.input("input", SIDE, SIDE, 1);
                    (input, self.spec.write_encoder(&mut g, input, &ids))
                }
            };
            // Encoding stops at the code: its pass has no decoder, and `logits` names the code.
            let logits = if purpose == Purpose::Encode { code } else { self.spec.write_decoder(&mut g, code, &ids) };
            let graph = if purpose == Purpose::Train {
                g.loss(Loss::SigmoidCrossEntropy, logits);
                g.build(self.backend)
            } else {
                g.build_for_inference(self.backend, &[code, logits])
            };
            self.passes.push(Pass { purpose, graph, input, code, logits });
            self.passes.len() - 1
        });
        index
    }

    /// Queues one optimiser step on a batch: `inputs` (the images as the encoder sees them, noisy when
    /// denoising) and `targets` (the clean images), each [batch, 28 × 28] in [0, 1]. With `sparsity` > 0 the
    /// loss gains sparsity × the mean absolute code value (an L1 penalty, which reads the codes back).
    pub async fn train_step(&mut self, inputs: &[f32], targets: &[f32], optimiser: Optimiser, sparsity: f32) {
        let batch = inputs.len() / PIXELS;
        let backend = self.backend;
        let index = self.pass_index(Purpose::Train, batch);
        let pass = &mut self.passes[index];
        pass.graph.write_input(backend, pass.input, inputs);
        pass.graph.write_targets(backend, targets);
        pass.graph.forward(backend, &self.parameters);
        pass.graph.backward(backend, &mut self.parameters, Seed::Loss);
        if sparsity > 0.0 {
            let codes = pass.graph.read(backend, pass.code).await;
            let scale = sparsity / codes.len() as f32;
            let gradient: Vec<f32> = codes.iter().map(|&c| if c == 0.0 { 0.0 } else { scale * c.signum() }).collect();
            pass.graph.backward_adding(
                backend,
                &mut self.parameters,
                Seed::Gradient { node: pass.code, values: &gradient },
            );
        }
        self.parameters.step(backend, optimiser);
    }

    /// The binary cross-entropy of the last training batch.
    pub async fn last_loss(&self) -> f32 {
        let pass = self.passes.iter().find(|p| p.purpose == Purpose::Train).expect("no training step yet");
        pass.graph.read_loss(self.backend).await
    }

    /// The codes and reconstructions of `images` ([batch, 28 × 28] in [0, 1]).
    pub async fn reconstruct(&mut self, images: &[f32]) -> Reconstruction {
        self.run(Purpose::Reconstruct, images).await
    }

    /// The codes of `images` ([batch, 28 × 28] in [0, 1]), [batch, code].
    pub async fn encode(&mut self, images: &[f32]) -> Vec<f32> {
        let index = self.pass_index(Purpose::Encode, images.len() / PIXELS);
        let pass = &mut self.passes[index];
        pass.graph.write_input(self.backend, pass.input, images);
        pass.graph.forward(self.backend, &self.parameters);
        pass.graph.read(self.backend, pass.code).await
    }

    /// The images `codes` ([batch, code]) decode to, [batch, 28 × 28] in [0, 1].
    pub async fn decode(&mut self, codes: &[f32]) -> Vec<f32> {
        self.run(Purpose::Decode, codes).await.images
    }

    async fn run(&mut self, purpose: Purpose, inputs: &[f32]) -> Reconstruction {
        let per_item = if purpose == Purpose::Decode { self.spec.code } else { PIXELS };
        let index = self.pass_index(purpose, inputs.len() / per_item);
        let backend = self.backend;
        let pass = &mut self.passes[index];
        pass.graph.write_input(backend, pass.input, inputs);
        pass.graph.forward(backend, &self.parameters);
        let codes = pass.graph.read(backend, pass.code).await;
        let images = sigmoid(pass.graph.read(backend, pass.logits).await);
        Reconstruction { codes, images }
    }

    /// What the dense network's first-layer units respond to: each one's weights over the 28 × 28 pixels, for
    /// the first `max` units ([units, 28 × 28]); none for the convolutional network (3 × 3 filters).
    pub async fn first_layer_features(&self, max: usize) -> Option<Vec<f32>> {
        let AutoencoderKind::Dense { .. } = self.spec.kind else { return None };
        let (id, _) = self.parameters.iter().next()?;
        let weights = self.parameters.read(self.backend, id).await;
        let (weights, units) = (&weights, weights.len() / PIXELS);
        Some((0..units.min(max)).flat_map(|unit| (0..PIXELS).map(move |p| weights[p * units + unit])).collect())
    }

    /// Every tensor's values, in `AutoencoderSpec::parameter_shapes` order.
    pub async fn parameters(&self) -> Vec<Vec<f32>> {
        self.parameters.read_all(self.backend).await
    }

    /// Replaces the tensors (and restarts the optimiser); each must have its shape's length.
    pub fn set_parameters(&mut self, values: &[Vec<f32>]) -> Result<(), String> {
        self.parameters.load(self.backend, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scalar::Scalar;

    #[test]
    fn the_tensors_mirror_the_encoder_in_the_decoder() {
        let dense = AutoencoderSpec { kind: AutoencoderKind::Dense { hidden: vec![64] }, code: 3, relu_code: false };
        let shapes: Vec<Vec<usize>> = dense.parameter_shapes().into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            shapes,
            [vec![784, 64], vec![64], vec![64, 3], vec![3], vec![3, 64], vec![64], vec![64, 784], vec![784]]
        );
        let conv = AutoencoderSpec { kind: AutoencoderKind::Conv { filters: [4, 6] }, code: 5, relu_code: false };
        let shapes: Vec<Vec<usize>> = conv.parameter_shapes().into_iter().map(|(_, s)| s).collect();
        let expected = [
            vec![3, 3, 1, 4],
            vec![4],
            vec![3, 3, 4, 6],
            vec![6],
            vec![7 * 7 * 6, 5],
            vec![5],
            vec![7, 7, 6, 5],
            vec![6],
            vec![3, 3, 4, 6],
            vec![4],
            vec![3, 3, 1, 4],
            vec![1],
        ];
        assert_eq!(shapes, expected);
    }

    #[test]
    fn a_dense_unit_s_feature_is_its_column_of_first_layer_weights() {
        let spec = AutoencoderSpec { kind: AutoencoderKind::Dense { hidden: vec![] }, code: 3, relu_code: true };
        let mut model = Autoencoder::new(&Scalar, &spec, 1).unwrap();
        let mut values = pollster::block_on(model.parameters());
        values[0] = (0..784 * 3).map(|i| i as f32).collect();
        model.set_parameters(&values).unwrap();
        let features = pollster::block_on(model.first_layer_features(2)).unwrap();
        assert_eq!(features.len(), 2 * 784);
        // Unit 1's weight from pixel p sits at p · 3 + 1.
        assert_eq!(&features[784..787], &[1.0, 4.0, 7.0]);
        assert_eq!(features[784 + 783], (783 * 3 + 1) as f32);
    }
}
