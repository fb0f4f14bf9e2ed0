//! Recurrent layers on the network graph: two stacked layers (an LSTM, then a tanh RNN) read a sequence,
//! a dense layer classifies the last step. The graph's backward pass (through time, through both layers,
//! into the input) against central differences of its forward pass; then the same on SIMD and WebGPU.

use playground::activation::Activation;
use playground::engine::ops::Cell;
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::nn::{ConvOptions, Graph, GraphBuilder, Loss, NodeId, ParameterId, Parameters, Role, Seed};
use playground::rng::Rng;

mod support;

const BATCH: usize = 2;
const STEPS: usize = 21;
const FEATURES: usize = 3;
const HIDDEN: usize = 4;
const CLASSES: usize = 3;
const STEP: f32 = 1e-2;

fn random(rng: &mut Rng, len: usize, scale: f32) -> Vec<f32> {
    (0..len).map(|_| scale * rng.uniform_in(-1.0, 1.0)).collect()
}

struct Net<B: Backend> {
    parameters: Parameters<B>,
    graph: Graph<B>,
    input: NodeId,
}

/// x → 1 × 1 conv → LSTM → 1 × 1 conv → RNN → last step → dense → logits.
fn net<B: Backend>(backend: &B) -> Net<B> {
    let mut rng = Rng::new(21);
    let mut parameters = Parameters::new();
    let mut add = |name: &str, shape: &[usize], role| {
        let values = random(&mut rng, shape.iter().product(), 0.6);
        parameters.add(backend, name, shape, role, &values)
    };
    let lstm_in = add("lstm.in", &[1, 1, FEATURES, 4 * HIDDEN], Role::Weight);
    let lstm_bias = add("lstm.bias", &[4 * HIDDEN], Role::Bias);
    let lstm = add("lstm.recurrent", &[HIDDEN, 4 * HIDDEN], Role::Weight);
    let rnn_in = add("rnn.in", &[1, 1, HIDDEN, HIDDEN], Role::Weight);
    let rnn = add("rnn.recurrent", &[HIDDEN, HIDDEN], Role::Weight);
    let out = add("out", &[HIDDEN, CLASSES], Role::Weight);
    let mut g = GraphBuilder::new(&parameters, BATCH);
    let x = g.input("x", STEPS, 1, FEATURES);
    let linear = ConvOptions::same(Activation::Linear);
    let lstm_pre = g.conv("lstm.pre", x, lstm_in, Some(lstm_bias), linear);
    let first = g.recurrent("lstm", lstm_pre, lstm, Cell::Lstm);
    let rnn_pre = g.conv("rnn.pre", first, rnn_in, None, linear);
    let second = g.recurrent("rnn", rnn_pre, rnn, Cell::Tanh);
    let last = g.last_step("last", second);
    let logits = g.dense("logits", last, out, None, Activation::Linear);
    g.loss(Loss::SoftmaxCrossEntropy, logits);
    let mut graph = g.build(backend);
    graph.set_input_gradients(true);
    Net { parameters, graph, input: x }
}

fn targets() -> Vec<f32> {
    let mut t = vec![0.0; BATCH * CLASSES];
    t[1] = 1.0;
    t[CLASSES + 2] = 1.0;
    t
}

fn input() -> Vec<f32> {
    random(&mut Rng::new(22), BATCH * STEPS * FEATURES, 1.0)
}

fn loss(net: &mut Net<Scalar>, x: &[f32]) -> f64 {
    net.graph.write_input(&Scalar, net.input, x);
    net.graph.write_targets(&Scalar, &targets());
    net.graph.forward(&Scalar, &net.parameters);
    net.graph.backward(&Scalar, &mut net.parameters, Seed::Loss);
    f64::from(pollster::block_on(net.graph.read_loss(&Scalar)))
}

fn trained_once<B: Backend>(backend: &B) -> Net<B> {
    let mut net = net(backend);
    net.graph.write_input(backend, net.input, &input());
    net.graph.write_targets(backend, &targets());
    net.graph.forward(backend, &net.parameters);
    net.graph.backward(backend, &mut net.parameters, Seed::Loss);
    net
}

fn assert_close(name: &str, index: usize, analytic: f32, numeric: f64) {
    let error = (numeric - f64::from(analytic)).abs();
    assert!(error <= 1e-3 + 1e-3 * numeric.abs(), "{name}[{index}]: {analytic} by backprop, {numeric} numerically");
}

#[test]
fn backward_through_time_matches_central_differences() {
    let x = input();
    let mut net = trained_once(&Scalar);
    let dx = pollster::block_on(net.graph.read_gradient(&Scalar, net.input)).expect("the input's gradient");
    let ids: Vec<(ParameterId, String)> = net.parameters.iter().map(|(id, p)| (id, p.name.clone())).collect();
    let analytic: Vec<Vec<f32>> =
        ids.iter().map(|(id, _)| pollster::block_on(net.parameters.read_gradient(&Scalar, *id)).unwrap()).collect();
    // The first step's input reaches the loss only through 20 steps of both layers.
    for i in (0..x.len()).step_by(5).chain(0..FEATURES) {
        let mut shifted = x.clone();
        shifted[i] += STEP;
        let plus = loss(&mut net, &shifted);
        shifted[i] -= 2.0 * STEP;
        let minus = loss(&mut net, &shifted);
        assert_close("∂L/∂x", i, dx[i], (plus - minus) / (2.0 * f64::from(STEP)));
    }
    for ((id, name), analytic) in ids.iter().zip(&analytic) {
        let values = pollster::block_on(net.parameters.read(&Scalar, *id));
        for i in (0..values.len()).step_by(values.len().div_ceil(10)) {
            let mut shifted = values.clone();
            shifted[i] += STEP;
            net.parameters.write(&Scalar, *id, &shifted).unwrap();
            let plus = loss(&mut net, &x);
            shifted[i] -= 2.0 * STEP;
            net.parameters.write(&Scalar, *id, &shifted).unwrap();
            let minus = loss(&mut net, &x);
            net.parameters.write(&Scalar, *id, &values).unwrap();
            assert_close(&format!("∂L/∂{name}"), i, analytic[i], (plus - minus) / (2.0 * f64::from(STEP)));
        }
    }
}

fn same_as_scalar<B: Backend>(backend: &B) {
    let (reference, net) = (trained_once(&Scalar), trained_once(backend));
    let expected = support::graph_values(&Scalar, &reference.graph, &reference.parameters);
    let actual = support::graph_values(backend, &net.graph, &net.parameters);
    support::assert_graph_values_agree(&backend.name(), &actual, &expected);
}

#[test]
fn simd_gives_the_scalar_values_and_gradients() {
    same_as_scalar(&Simd);
}

#[test]
fn webgpu_gives_the_scalar_values_and_gradients() {
    same_as_scalar(&WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)"));
}

/// The whole sequence, forward and backward through all 21 steps of both layers, and the update are one
/// submission with the loss's read-back: no step waits for the GPU.
#[test]
fn a_training_step_through_every_time_step_is_one_webgpu_submission() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    let mut net = net(&gpu);
    net.graph.write_input(&gpu, net.input, &input());
    net.graph.write_targets(&gpu, &targets());
    let submitted = gpu.submissions();
    net.graph.forward(&gpu, &net.parameters);
    net.graph.backward(&gpu, &mut net.parameters, Seed::Loss);
    net.parameters.step(&gpu, playground::nn::Optimiser::adam(0.01));
    assert_eq!(gpu.submissions(), submitted, "a step submitted work before its loss was asked for");
    assert!(pollster::block_on(net.graph.read_loss(&gpu)).is_finite());
    assert_eq!(gpu.submissions(), submitted + 1);
}
