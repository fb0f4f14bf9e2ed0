//! The network graph's backward pass against central differences of its forward pass, on a small graph
//! with every way a gradient has to be summed: a residual sum (a value read twice), a concat (the input
//! read by two nodes), a weight used by two convolutions. Then the same graph on the SIMD and WebGPU
//! backends gives the scalar values and gradients, frozen parameters stay bit-identical and get no
//! work done below them, and a gradient seeded at one unit matches differences of that unit.

use playground::activation::Activation;
use playground::engine::ops::{Padding, PoolKind};
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::nn::{ConvOptions, Graph, GraphBuilder, Loss, NodeId, Optimiser, ParameterId, Parameters, Role, Seed};
use playground::rng::Rng;

mod support;

const BATCH: usize = 2;
const SIDE: usize = 5;
const CLASSES: usize = 3;
const STEP: f32 = 1e-2;

fn random(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
}

struct Net<B: Backend> {
    parameters: Parameters<B>,
    graph: Graph<B>,
    input: NodeId,
    /// The first convolution's output, below the residual block.
    first: NodeId,
    /// The residual block's inner convolution.
    inner: NodeId,
    logits: NodeId,
}

/// x → conv(w1) → c1 ─┬─ conv(w2) → c2 ─ add → r → conv(w2 again) → c3 ─ concat(c3, x) → avg-pool ─┐
///                    └──────────────────┘                                   │                      │
///   ┌─ upsample ◄──────────────────────────────────────────────────────────┼──────────────────────┤
///   │   add(conv⊤(pool) to 5 × 5, c3) → max-pool → max-unpool → avg-pool → upsample ◄─┘           │
///   └─ concat ─ dense → logits
fn net<B: Backend>(backend: &B, seed: u64) -> Net<B> {
    net_built(backend, seed, false)
}

/// The same network, built for inference (buffers shared by liveness, only the logits kept) when asked.
fn net_built<B: Backend>(backend: &B, seed: u64, inference: bool) -> Net<B> {
    let mut rng = Rng::new(seed);
    let mut parameters = Parameters::new();
    let mut add = |name: &str, shape: &[usize], role| {
        let values = random(&mut rng, shape.iter().product());
        parameters.add(backend, name, shape, role, &values)
    };
    let w1 = add("w1", &[3, 3, 3, 4], Role::Weight);
    let b1 = add("b1", &[4], Role::Bias);
    let w2 = add("w2", &[3, 3, 4, 4], Role::Weight);
    let b2 = add("b2", &[4], Role::Bias);
    let b3 = add("b3", &[4], Role::Bias);
    let gamma = add("n.gamma", &[4], Role::NormScale);
    let beta = add("n.beta", &[4], Role::NormShift);
    let wt = add("wt", &[3, 3, 4, 7], Role::Weight);
    let bt = add("bt", &[4], Role::Bias);
    let w4 = add("w4", &[4 * 4 * 11, CLASSES], Role::Weight);
    let b4 = add("b4", &[CLASSES], Role::Bias);

    let running_mean = parameters.add(backend, "n.running_mean", &[4], Role::RunningMean, &[0.0; 4]);
    let running_variance = parameters.add(backend, "n.running_var", &[4], Role::RunningVariance, &[1.0; 4]);
    let mut g = GraphBuilder::new(&parameters, BATCH);
    let x = g.input("x", SIDE, SIDE, 3);
    let c1 = g.conv("c1", x, w1, Some(b1), ConvOptions::same(Activation::Tanh));
    let c2 = g.conv("c2", c1, w2, Some(b2), ConvOptions::same(Activation::Sigmoid));
    let n = g.batch_norm("n", c2, [gamma, beta, running_mean, running_variance], Activation::Linear);
    let r = g.add("r", c1, n, Activation::Tanh);
    let asymmetric = Padding::Explicit { top: 1, bottom: 1, left: 0, right: 2 };
    let c3 =
        g.conv("c3", r, w2, Some(b3), ConvOptions { padding: asymmetric, ..ConvOptions::same(Activation::Linear) });
    let cat = g.concat("cat", &[c3, x]);
    let pool = g.pool("pool", cat, PoolKind::Average, 2, 2, Padding::Valid);
    let up = g.upsample("up", pool);
    // Back up to 5 × 5: a stride-2 VALID 3 × 3 convolution takes 5 × 5 to the pool's 2 × 2.
    let strided = ConvOptions { stride: 2, padding: Padding::Valid, ..ConvOptions::same(Activation::Tanh) };
    let t = g.conv_transpose("t", pool, wt, Some(bt), (SIDE, SIDE), strided);
    let m = g.add("m", t, c3, Activation::Linear);
    let max = g.pool("max", m, PoolKind::Max, 2, 2, Padding::Valid);
    let unpooled = g.max_unpool("unpooled", max, max);
    let repooled = g.pool("repooled", unpooled, PoolKind::Average, 2, 2, Padding::Valid);
    let up2 = g.upsample("up2", repooled);
    let cat2 = g.concat("cat2", &[up, up2]);
    let logits = g.dense("logits", cat2, w4, Some(b4), Activation::Linear);
    g.loss(Loss::SoftmaxCrossEntropy, logits);
    let graph = if inference { g.build_for_inference(backend, &[logits]) } else { g.build(backend) };
    Net { parameters, graph, input: x, first: c1, inner: c2, logits }
}

fn targets() -> Vec<f32> {
    let mut t = vec![0.0; BATCH * CLASSES];
    t[1] = 1.0;
    t[CLASSES + 2] = 1.0;
    t
}

/// The mean cross-entropy of the graph's logits, in f64, for the given input.
fn loss(net: &mut Net<Scalar>, input: &[f32]) -> f64 {
    net.graph.write_input(&Scalar, net.input, input);
    net.graph.forward(&Scalar, &net.parameters);
    let logits = pollster::block_on(net.graph.read(&Scalar, net.logits));
    let targets = targets();
    let mut total = 0.0;
    for (row, target) in logits.chunks(CLASSES).zip(targets.chunks(CLASSES)) {
        let max = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
        let log_sum = row.iter().map(|&v| (f64::from(v) - max).exp()).sum::<f64>().ln() + max;
        total += row.iter().zip(target).map(|(&v, &t)| f64::from(t) * (log_sum - f64::from(v))).sum::<f64>();
    }
    total / BATCH as f64
}

/// (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h.
fn input_difference(net: &mut Net<Scalar>, x: &[f32], i: usize, step: f32) -> f64 {
    let mut shifted = x.to_vec();
    shifted[i] += step;
    let plus = loss(net, &shifted);
    shifted[i] -= 2.0 * step;
    let minus = loss(net, &shifted);
    (plus - minus) / (2.0 * f64::from(step))
}

/// The same in element `i` of parameter `id`, which is restored afterwards.
fn parameter_difference(net: &mut Net<Scalar>, x: &[f32], id: ParameterId, i: usize, step: f32) -> f64 {
    let values = pollster::block_on(net.parameters.read(&Scalar, id));
    let mut shifted = values.clone();
    shifted[i] += step;
    net.parameters.write(&Scalar, id, &shifted).unwrap();
    let plus = loss(net, x);
    shifted[i] -= 2.0 * step;
    net.parameters.write(&Scalar, id, &shifted).unwrap();
    let minus = loss(net, x);
    net.parameters.write(&Scalar, id, &values).unwrap();
    (plus - minus) / (2.0 * f64::from(step))
}

fn assert_close(name: &str, index: usize, analytic: f32, numeric: f64) {
    let error = (numeric - f64::from(analytic)).abs();
    assert!(error <= 1e-3 + 1e-3 * numeric.abs(), "{name}[{index}]: {analytic} by backprop, {numeric} numerically");
}

fn trained_once<B: Backend>(backend: &B, input: &[f32]) -> Net<B> {
    let mut net = net(backend, 3);
    net.graph.set_input_gradients(true);
    net.graph.write_input(backend, net.input, input);
    net.graph.write_targets(backend, &targets());
    net.graph.forward(backend, &net.parameters);
    net.graph.backward(backend, &mut net.parameters, Seed::Loss);
    net
}

fn input() -> Vec<f32> {
    random(&mut Rng::new(4), BATCH * SIDE * SIDE * 3)
}

#[test]
fn backward_matches_central_differences() {
    let x = input();
    let mut net = trained_once(&Scalar, &x);
    let loss_value = pollster::block_on(net.graph.read_loss(&Scalar));
    assert!((f64::from(loss_value) - loss(&mut net, &x)).abs() < 1e-5, "the graph's loss is the cross-entropy");

    let dx = pollster::block_on(net.graph.read_gradient(&Scalar, net.input)).expect("the input's gradient");
    for i in (0..x.len()).step_by(7) {
        assert_close("∂L/∂x", i, dx[i], input_difference(&mut net, &x, i, STEP));
    }

    let ids: Vec<(ParameterId, String)> =
        net.parameters.iter().filter(|(_, p)| p.trainable).map(|(id, p)| (id, p.name.clone())).collect();
    for (id, name) in ids {
        let analytic =
            pollster::block_on(net.parameters.read_gradient(&Scalar, id)).expect("every parameter's gradient");
        for i in (0..analytic.len()).step_by(analytic.len().div_ceil(12)) {
            assert_close(&format!("∂L/∂{name}"), i, analytic[i], parameter_difference(&mut net, &x, id, i, STEP));
        }
    }
}

fn same_as_scalar<B: Backend>(backend: &B) {
    let x = input();
    let (reference, net) = (trained_once(&Scalar, &x), trained_once(backend, &x));
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

#[test]
fn frozen_parameters_stay_bit_identical_and_cost_no_backward_work() {
    let x = input();
    let mut net = net(&Scalar, 3);
    for name in ["w1", "b1"] {
        let id = net.parameters.find(name).unwrap();
        net.parameters.get_mut(id).trainable = false;
    }
    let frozen = net.parameters.find("w1").unwrap();
    let before = pollster::block_on(net.parameters.read(&Scalar, frozen));
    let trained = net.parameters.find("w4").unwrap();
    let trained_before = pollster::block_on(net.parameters.read(&Scalar, trained));
    for _ in 0..5 {
        net.graph.write_input(&Scalar, net.input, &x);
        net.graph.write_targets(&Scalar, &targets());
        net.graph.forward(&Scalar, &net.parameters);
        net.graph.backward(&Scalar, &mut net.parameters, Seed::Loss);
        // Nothing below the residual block needs a gradient: neither the frozen convolution nor the input.
        assert!(pollster::block_on(net.graph.read_gradient(&Scalar, net.first)).is_none());
        assert!(pollster::block_on(net.graph.read_gradient(&Scalar, net.input)).is_none());
        assert!(pollster::block_on(net.parameters.read_gradient(&Scalar, frozen)).is_none());
        assert!(pollster::block_on(net.graph.read_gradient(&Scalar, net.inner)).is_some());
        net.parameters.step(&Scalar, Optimiser::adam(0.01));
    }
    let after = pollster::block_on(net.parameters.read(&Scalar, frozen));
    assert!(before.iter().zip(&after).all(|(b, a)| b.to_bits() == a.to_bits()), "a frozen weight changed");
    assert_ne!(trained_before, pollster::block_on(net.parameters.read(&Scalar, trained)), "the head did not train");
}

#[test]
fn an_input_gradient_needs_no_trainable_parameter() {
    let x = input();
    let mut reference = trained_once(&Scalar, &x);
    let expected = pollster::block_on(reference.graph.read_gradient(&Scalar, reference.input)).unwrap();
    let mut net = net(&Scalar, 3);
    let ids: Vec<_> = net.parameters.iter().map(|(id, _)| id).collect();
    ids.into_iter().for_each(|id| net.parameters.get_mut(id).trainable = false);
    net.graph.set_input_gradients(true);
    net.graph.write_input(&Scalar, net.input, &x);
    net.graph.write_targets(&Scalar, &targets());
    net.graph.forward(&Scalar, &net.parameters);
    net.graph.backward(&Scalar, &mut net.parameters, Seed::Loss);
    let actual = pollster::block_on(net.graph.read_gradient(&Scalar, net.input)).unwrap();
    assert_eq!(actual, expected);
    assert!(net
        .parameters
        .iter()
        .all(|(id, _)| pollster::block_on(net.parameters.read_gradient(&Scalar, id)).is_none()));
    // And the reference's own loss is unaffected by reading.
    assert!(loss(&mut reference, &x).is_finite());
}

#[test]
fn a_unit_seed_gives_that_units_gradient() {
    let x = input();
    let mut net = net(&Scalar, 3);
    net.graph.set_input_gradients(true);
    let unit = 2 * 4 + 3; // pixel (0, 2) of the first image, channel 3
    net.graph.write_input(&Scalar, net.input, &x);
    net.graph.forward(&Scalar, &net.parameters);
    net.graph.backward(&Scalar, &mut net.parameters, Seed::Unit { node: net.inner, index: unit });
    let dx = pollster::block_on(net.graph.read_gradient(&Scalar, net.input)).unwrap();
    let mut value = |input: &[f32]| {
        net.graph.write_input(&Scalar, net.input, input);
        net.graph.forward(&Scalar, &net.parameters);
        f64::from(pollster::block_on(net.graph.read(&Scalar, net.inner))[unit])
    };
    let mut reached = 0;
    for i in 0..x.len() {
        let mut shifted = x.clone();
        shifted[i] += STEP;
        let plus = value(&shifted);
        shifted[i] -= 2.0 * STEP;
        let minus = value(&shifted);
        let numeric = (plus - minus) / (2.0 * f64::from(STEP));
        assert_close("∂unit/∂x", i, dx[i], numeric);
        reached += usize::from(numeric.abs() > 1e-6);
    }
    // Two 3×3 convolutions see a 5×5 patch of 3 channels, cut by the image's edge at row 0.
    assert_eq!(reached, 3 * 5 * 3, "the unit's receptive field");
}

#[test]
fn an_inference_graph_shares_buffers_and_computes_the_same_logits() {
    let x = input();
    let logits = |inference| {
        let mut net = net_built(&Scalar, 3, inference);
        // Both with the running statistics, as an inference graph always is.
        net.graph.set_training(false);
        net.graph.write_input(&Scalar, net.input, &x);
        net.graph.forward(&Scalar, &net.parameters);
        (pollster::block_on(net.graph.read(&Scalar, net.logits)), net.graph.value_bytes(&Scalar))
    };
    let ((expected, (own, _)), (actual, (shared, one_each))) = (logits(false), logits(true));
    assert_eq!(actual, expected);
    assert_eq!(own, one_each, "a training graph gives every node a buffer of its own");
    assert!(shared < own, "{shared} bytes shared, {own} unshared");
}

/// x → dense → dropout → dense → logits, trained on sigmoid cross-entropy.
fn dropout_net<B: Backend>(backend: &B, seed: u64) -> (Parameters<B>, Graph<B>, NodeId, NodeId, NodeId) {
    let mut rng = Rng::new(9);
    let mut parameters = Parameters::new();
    let w1 = parameters.add(backend, "w1", &[6, 40], Role::Weight, &random(&mut rng, 240));
    let w2 = parameters.add(backend, "w2", &[40, 2], Role::Weight, &random(&mut rng, 80));
    let mut g = GraphBuilder::new(&parameters, 3);
    let x = g.input("x", 1, 1, 6);
    let hidden = g.dense("hidden", x, w1, None, Activation::Tanh);
    let dropped = g.dropout("dropped", hidden, 0.25, seed);
    let logits = g.dense("logits", dropped, w2, None, Activation::Linear);
    g.loss(Loss::SigmoidCrossEntropy, logits);
    let graph = g.build(backend);
    (parameters, graph, x, hidden, dropped)
}

#[test]
fn dropout_drops_a_seeded_share_and_passes_gradients_through_its_mask() {
    let x = random(&mut Rng::new(5), 18);
    let (mut parameters, mut graph, input, hidden, dropped) = dropout_net(&Scalar, 7);
    graph.set_input_gradients(true);
    graph.write_input(&Scalar, input, &x);
    graph.write_targets(&Scalar, &[1.0, 0.0, 0.5, 0.5, 0.0, 1.0]);
    graph.forward(&Scalar, &parameters);
    graph.backward(&Scalar, &mut parameters, Seed::Loss);
    let h = pollster::block_on(graph.read(&Scalar, hidden));
    let y = pollster::block_on(graph.read(&Scalar, dropped));
    let mask: Vec<f32> = y.iter().zip(&h).map(|(y, h)| y / h).collect();
    let dropped_share = mask.iter().filter(|m| **m == 0.0).count() as f32 / mask.len() as f32;
    assert!(mask.iter().all(|m| *m == 0.0 || (m - 1.0 / 0.75).abs() < 1e-5), "{mask:?}");
    assert!((0.1..0.4).contains(&dropped_share), "{dropped_share} of 120 dropped at rate 0.25");
    let dy = pollster::block_on(graph.read_gradient(&Scalar, dropped)).unwrap();
    let dh = pollster::block_on(graph.read_gradient(&Scalar, hidden)).unwrap();
    for ((dh, dy), m) in dh.iter().zip(&dy).zip(&mask) {
        assert!((dh - dy * m).abs() < 1e-6, "∂L/∂hidden = ∂L/∂dropped · mask");
    }
    // The same seed draws the same mask; outside training mode nothing is dropped.
    let (other_parameters, mut again, input, _, dropped) = dropout_net(&Scalar, 7);
    again.write_input(&Scalar, input, &x);
    again.forward(&Scalar, &other_parameters);
    assert_eq!(pollster::block_on(again.read(&Scalar, dropped)), y);
    again.set_training(false);
    again.forward(&Scalar, &other_parameters);
    assert_eq!(pollster::block_on(again.read(&Scalar, dropped)), h);
}

#[test]
fn sigmoid_cross_entropy_through_the_graph_matches_central_differences() {
    let x = random(&mut Rng::new(5), 18);
    let targets = [1.0, 0.0, 0.5, 0.5, 0.0, 1.0];
    let (mut parameters, mut graph, input, _, _) = dropout_net(&Scalar, 7);
    graph.set_training(false);
    graph.set_input_gradients(true);
    let loss = |graph: &mut Graph<Scalar>, parameters: &mut Parameters<Scalar>, x: &[f32]| {
        graph.write_input(&Scalar, input, x);
        graph.write_targets(&Scalar, &targets);
        graph.forward(&Scalar, parameters);
        graph.backward(&Scalar, parameters, Seed::Loss);
        f64::from(pollster::block_on(graph.read_loss(&Scalar)))
    };
    loss(&mut graph, &mut parameters, &x);
    let dx = pollster::block_on(graph.read_gradient(&Scalar, input)).unwrap();
    for i in 0..x.len() {
        let mut shifted = x.clone();
        shifted[i] += STEP;
        let plus = loss(&mut graph, &mut parameters, &shifted);
        shifted[i] -= 2.0 * STEP;
        let minus = loss(&mut graph, &mut parameters, &shifted);
        assert_close("∂BCE/∂x", i, dx[i], (plus - minus) / (2.0 * f64::from(STEP)));
    }
}

#[test]
fn batch_norm_keeps_running_averages_and_its_eval_mode_gradients_match_central_differences() {
    let x = input();
    // One training forward pass moves the running averages 10 % towards the batch's statistics, once:
    // a second backward pass of the same forward pass (another seed) moves them no further.
    let mut net = trained_once(&Scalar, &x);
    net.graph.backward(&Scalar, &mut net.parameters, Seed::Loss);
    let c2 = pollster::block_on(net.graph.read(&Scalar, net.inner));
    let find = |net: &Net<Scalar>, name| net.parameters.find(name).unwrap();
    let running_mean = pollster::block_on(net.parameters.read(&Scalar, find(&net, "n.running_mean")));
    let running_variance = pollster::block_on(net.parameters.read(&Scalar, find(&net, "n.running_var")));
    let count = (c2.len() / 4) as f64;
    for c in 0..4 {
        let values: Vec<f64> = c2.iter().skip(c).step_by(4).map(|v| f64::from(*v)).collect();
        let mean = values.iter().sum::<f64>() / count;
        let unbiased = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (count - 1.0);
        assert!((f64::from(running_mean[c]) - 0.1 * mean).abs() < 1e-6, "running mean {c}");
        assert!((f64::from(running_variance[c]) - (0.9 + 0.1 * unbiased)).abs() < 1e-6, "running variance {c}");
    }

    // In eval mode the batch norm is an affine map with those averages; backward follows it. (β moves a
    // whole channel, so the usual step of 10⁻² can carry a value past its max-pool neighbour: a smaller one.)
    let step = STEP / 5.0;
    net.graph.set_training(false);
    net.graph.write_targets(&Scalar, &targets());
    net.graph.write_input(&Scalar, net.input, &x);
    net.graph.forward(&Scalar, &net.parameters);
    net.graph.backward(&Scalar, &mut net.parameters, Seed::Loss);
    let dx = pollster::block_on(net.graph.read_gradient(&Scalar, net.input)).unwrap();
    for i in (0..x.len()).step_by(5) {
        assert_close("eval ∂L/∂x", i, dx[i], input_difference(&mut net, &x, i, step));
    }
    for name in ["n.gamma", "n.beta"] {
        let id = find(&net, name);
        let analytic = pollster::block_on(net.parameters.read_gradient(&Scalar, id)).unwrap();
        for (i, &backprop) in analytic.iter().enumerate() {
            let numeric = parameter_difference(&mut net, &x, id, i, step);
            assert_close(&format!("eval ∂L/∂{name}"), i, backprop, numeric);
        }
    }
}

#[test]
fn a_step_with_dropout_is_one_webgpu_submission() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    let (mut parameters, mut graph, input, _, _) = dropout_net(&gpu, 7);
    graph.write_input(&gpu, input, &random(&mut Rng::new(5), 18));
    graph.write_targets(&gpu, &[1.0, 0.0, 0.5, 0.5, 0.0, 1.0]);
    // The masks are written before the forward pass queues anything (a write submits what is queued),
    // so forward, loss, backward and the update are one submission with the loss's read-back.
    let submitted = gpu.submissions();
    graph.forward(&gpu, &parameters);
    graph.backward(&gpu, &mut parameters, Seed::Loss);
    parameters.step(&gpu, Optimiser::adam(0.01));
    assert_eq!(gpu.submissions(), submitted, "a step submitted work before its loss was asked for");
    assert!(pollster::block_on(graph.read_loss(&gpu)).is_finite());
    assert_eq!(gpu.submissions(), submitted + 1);
}

/// x → conv (ReLU, or `activation`) → max pool → dense: (the input's and every parameter's gradient, the
/// convolution's gradient where the graph keeps it) after one backward pass on `backend`.
fn pooled_activation<B: Backend>(backend: &B, activation: Activation, kept: bool) -> (Vec<Vec<f32>>, Option<Vec<f32>>) {
    let mut rng = Rng::new(9);
    let mut parameters = Parameters::new();
    let w = parameters.add(backend, "w", &[3, 3, 3, 8], Role::Weight, &random(&mut rng, 3 * 3 * 3 * 8));
    let b = parameters.add(backend, "b", &[8], Role::Bias, &random(&mut rng, 8));
    let wd = parameters.add(backend, "wd", &[2 * 2 * 8, CLASSES], Role::Weight, &random(&mut rng, 32 * CLASSES));
    let mut g = GraphBuilder::new(&parameters, BATCH);
    let x = g.input("x", 4, 4, 3);
    let conv = g.conv("conv", x, w, Some(b), ConvOptions::same(activation));
    let pool = g.pool("pool", conv, PoolKind::Max, 2, 2, Padding::Valid);
    let logits = g.dense("logits", pool, wd, None, Activation::Linear);
    g.loss(Loss::SoftmaxCrossEntropy, logits);
    let mut graph = g.build(backend);
    graph.set_input_gradients(true);
    graph.keep_gradients(kept);
    graph.write_input(backend, x, &random(&mut rng, BATCH * 4 * 4 * 3));
    graph.write_targets(backend, &targets());
    graph.forward(backend, &parameters);
    graph.backward(backend, &mut parameters, Seed::Loss);
    let mut gradients = vec![pollster::block_on(graph.read_gradient(backend, x)).unwrap()];
    for id in [w, b, wd] {
        gradients.push(pollster::block_on(parameters.read_gradient(backend, id)).unwrap());
    }
    let conv_gradient = kept.then(|| pollster::block_on(graph.read_gradient(backend, conv)).unwrap());
    (gradients, conv_gradient)
}

/// A pool that alone reads an activation's output takes that activation's backward too, unless the graph
/// keeps every node's gradient: the gradients are the same either way, on every backend.
#[test]
fn a_pool_takes_the_backward_of_the_activation_beneath_it() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    for activation in [Activation::Relu, Activation::Tanh] {
        let (kept, conv_gradient) = pooled_activation(&Scalar, activation, true);
        assert!(conv_gradient.unwrap().iter().any(|g| *g != 0.0), "the convolution's gradient is kept");
        for (name, (taken, _)) in [
            ("scalar", pooled_activation(&Scalar, activation, false)),
            ("simd", pooled_activation(&Simd, activation, false)),
            ("webgpu", pooled_activation(&gpu, activation, false)),
        ] {
            for (taken, kept) in taken.iter().zip(&kept) {
                for (t, k) in taken.iter().zip(kept) {
                    assert!((t - k).abs() <= 1e-5 * (1.0 + k.abs()), "{name}, {activation:?}: {t} against {k}");
                }
            }
        }
    }
}

#[test]
#[should_panic(expected = "conv: the pool above took its activation's backward")]
fn a_gradient_the_graph_did_not_keep_cannot_be_read() {
    let mut rng = Rng::new(9);
    let mut parameters = Parameters::new();
    let w = parameters.add(&Scalar, "w", &[1, 1, 1, 2], Role::Weight, &random(&mut rng, 2));
    let mut g = GraphBuilder::new(&parameters, 1);
    let x = g.input("x", 2, 2, 1);
    let conv = g.conv("conv", x, w, None, ConvOptions::same(Activation::Relu));
    let pool = g.pool("pool", conv, PoolKind::Max, 2, 2, Padding::Valid);
    let mut graph = g.build(&Scalar);
    graph.write_input(&Scalar, x, &random(&mut rng, 4));
    graph.forward(&Scalar, &parameters);
    graph.backward(&Scalar, &mut parameters, Seed::Unit { node: pool, index: 0 });
    pollster::block_on(graph.read_gradient(&Scalar, conv));
}
