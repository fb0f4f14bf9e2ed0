//! Randomly drawn small graphs, checked as crate/tests/graph.rs checks its one graph: each draws a plan of
//! convolutions (some sharing a weight), transposed convolutions, sums, concats, batch norms and max pools,
//! dropout-free and with smooth activations, over whatever earlier nodes fit; a dense head makes logits. The loss's gradients with respect to the input and every parameter that reaches the loss are
//! compared with central differences in f64 on the scalar backend, and the SIMD and WebGPU backends must
//! give the scalar gradients.

use playground::activation::Activation;
use playground::engine::ops::{Image, Padding, PoolKind};
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::nn::{ConvOptions, Graph, GraphBuilder, Loss, NodeId, ParameterId, Parameters, Role, Seed};
use playground::rng::Rng;

const BATCH: usize = 2;
const CLASSES: usize = 3;
const STEPS: [f32; 2] = [1e-2, 2e-3];
const SMALL_STEP: f32 = 5e-4;

/// One step of a plan; node indices count the input as 0.
#[derive(Clone, Debug)]
enum Step {
    /// 3×3 SAME convolution to `channels`; `shared` reuses the weight of an earlier convolution step.
    Conv {
        from: usize,
        channels: usize,
        shared: Option<usize>,
    },
    /// Stride-2 VALID 3×3 transposed convolution to (2h + 1) × (2w + 1).
    ConvTranspose {
        from: usize,
        channels: usize,
    },
    Add {
        a: usize,
        b: usize,
    },
    Concat {
        a: usize,
        b: usize,
    },
    BatchNorm {
        from: usize,
    },
    /// 2×2 stride-2 max pool, then (when `unpool`) max unpooling back through it.
    Pool {
        from: usize,
        unpool: bool,
    },
}

/// A plan of `steps` steps and the shape of every node it makes (input first).
fn plan(rng: &mut Rng, steps: usize) -> (Vec<Step>, Vec<Image>) {
    let mut shapes = vec![Image { batch: BATCH, height: 3 + rng.below(3), width: 3 + rng.below(3), channels: 2 }];
    let mut plan = Vec::new();
    while plan.len() < steps {
        // Mostly the latest node, so that most steps lie on the way to the loss.
        let from = if rng.below(4) == 0 { rng.below(shapes.len()) } else { shapes.len() - 1 };
        let x = shapes[from];
        let same: Vec<usize> = (0..shapes.len()).filter(|&i| i != from && shapes[i] == x).collect();
        let spatial: Vec<usize> = (0..shapes.len()).filter(|&i| shapes[i].pixels() == x.pixels()).collect();
        let (step, made) = match rng.below(6) {
            0 => {
                // Half the time, the weight of an earlier convolution of as many input channels.
                let earlier: Vec<(usize, usize)> = plan
                    .iter()
                    .enumerate()
                    .filter_map(|(i, step)| match *step {
                        Step::Conv { from, channels, shared: None } if shapes[from].channels == x.channels => {
                            Some((i, channels))
                        }
                        _ => None,
                    })
                    .collect();
                let shared = (!earlier.is_empty() && rng.below(2) == 0).then(|| earlier[rng.below(earlier.len())]);
                let channels = shared.map_or_else(|| 1 + rng.below(4), |(_, channels)| channels);
                (Step::Conv { from, channels, shared: shared.map(|(i, _)| i) }, vec![Image { channels, ..x }])
            }
            1 if x.height <= 4 && x.width <= 4 => {
                let channels = 1 + rng.below(3);
                let shape = Image { height: 2 * x.height + 1, width: 2 * x.width + 1, channels, ..x };
                (Step::ConvTranspose { from, channels }, vec![shape])
            }
            2 if !same.is_empty() => (Step::Add { a: from, b: same[rng.below(same.len())] }, vec![x]),
            3 if spatial.len() > 1 => {
                let b = spatial[rng.below(spatial.len())];
                (Step::Concat { a: from, b }, vec![Image { channels: x.channels + shapes[b].channels, ..x }])
            }
            // Over a handful of values per channel a batch norm is all but a sign function: no smooth
            // derivative for differences to find.
            4 if x.pixels() >= 8 => (Step::BatchNorm { from }, vec![x]),
            5 if x.height >= 2 && x.width >= 2 => {
                // Unpooling jumps where its switches tie, and a near-tie within a difference step is common
                // enough in random graphs to fail them by chance: graph.rs checks it in a graph of its own.
                let unpool = false;
                let pooled = Image { height: x.height / 2, width: x.width / 2, ..x };
                let mut made = vec![pooled];
                if unpool {
                    made.push(x);
                }
                (Step::Pool { from, unpool }, made)
            }
            _ => continue,
        };
        plan.push(step);
        shapes.extend(made);
    }
    (plan, shapes)
}

struct Net<B: Backend> {
    parameters: Parameters<B>,
    graph: Graph<B>,
    input: NodeId,
}

fn random(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
}

/// The plan as a graph on `backend`, its parameters drawn from `seed`; the head reads the last node.
fn build<B: Backend>(backend: &B, plan: &[Step], shapes: &[Image], seed: u64) -> Net<B> {
    let mut rng = Rng::new(seed);
    let mut parameters = Parameters::new();
    // Parameters first (the builder borrows them): per step, its weight, bias or γ and β.
    let mut step_parameters: Vec<Vec<ParameterId>> = Vec::new();
    for (i, step) in plan.iter().enumerate() {
        let mut add = |name: String, shape: &[usize], role| {
            // Weights scaled to their fan-in, so that no tanh saturates to exactly ±1: two saturated
            // values would tie in a max pool, and an unpool jumps where its switches tie.
            let fan_in: usize = shape[..shape.len() - 1].iter().product();
            let scale = if role == Role::Weight { (3.0 / fan_in.max(1) as f32).sqrt() } else { 1.0 };
            let values: Vec<f32> = random(&mut rng, shape.iter().product()).iter().map(|v| scale * v).collect();
            parameters.add(backend, &name, shape, role, &values)
        };
        let ids = match *step {
            Step::Conv { from, channels, shared } => {
                let weight = match shared {
                    Some(j) => step_parameters[j][0],
                    None => add(format!("s{i}.weight"), &[3, 3, shapes[from].channels, channels], Role::Weight),
                };
                vec![weight, add(format!("s{i}.bias"), &[channels], Role::Bias)]
            }
            Step::ConvTranspose { from, channels } => vec![
                add(format!("s{i}.weight"), &[3, 3, channels, shapes[from].channels], Role::Weight),
                add(format!("s{i}.bias"), &[channels], Role::Bias),
            ],
            Step::BatchNorm { from } => {
                let c = shapes[from].channels;
                let gamma = add(format!("s{i}.gamma"), &[c], Role::NormScale);
                let beta = add(format!("s{i}.beta"), &[c], Role::NormShift);
                let mean = parameters.add(backend, &format!("s{i}.mean"), &[c], Role::RunningMean, &vec![0.0; c]);
                let variance =
                    parameters.add(backend, &format!("s{i}.var"), &[c], Role::RunningVariance, &vec![1.0; c]);
                vec![gamma, beta, mean, variance]
            }
            _ => Vec::new(),
        };
        step_parameters.push(ids);
    }
    let last = *shapes.last().unwrap();
    let head_w = parameters.add(
        backend,
        "head.weight",
        &[last.len() / BATCH, CLASSES],
        Role::Weight,
        &random(&mut rng, last.len() / BATCH * CLASSES),
    );
    let head_b = parameters.add(backend, "head.bias", &[CLASSES], Role::Bias, &random(&mut rng, CLASSES));

    let mut g = GraphBuilder::new(&parameters, BATCH);
    let x = shapes[0];
    let mut nodes = vec![g.input("x", x.height, x.width, x.channels)];
    for (i, step) in plan.iter().enumerate() {
        let ids = &step_parameters[i];
        let name = format!("s{i}");
        match *step {
            Step::Conv { from, .. } => {
                nodes.push(g.conv(&name, nodes[from], ids[0], Some(ids[1]), ConvOptions::same(Activation::Tanh)));
            }
            Step::ConvTranspose { from, .. } => {
                let target = (2 * shapes[from].height + 1, 2 * shapes[from].width + 1);
                let options =
                    ConvOptions { stride: 2, padding: Padding::Valid, ..ConvOptions::same(Activation::Sigmoid) };
                nodes.push(g.conv_transpose(&name, nodes[from], ids[0], Some(ids[1]), target, options));
            }
            Step::Add { a, b } => nodes.push(g.add(&name, nodes[a], nodes[b], Activation::Tanh)),
            Step::Concat { a, b } => nodes.push(g.concat(&name, &[nodes[a], nodes[b]])),
            Step::BatchNorm { from } => {
                let parameters = [ids[0], ids[1], ids[2], ids[3]];
                nodes.push(g.batch_norm(&name, nodes[from], parameters, Activation::Tanh));
            }
            Step::Pool { from, unpool } => {
                let pool = g.pool(&name, nodes[from], PoolKind::Max, 2, 2, Padding::Valid);
                nodes.push(pool);
                if unpool {
                    nodes.push(g.max_unpool(&format!("{name}.unpool"), pool, pool));
                }
            }
        }
    }
    let logits = g.dense("logits", *nodes.last().unwrap(), head_w, Some(head_b), Activation::Linear);
    g.loss(Loss::SoftmaxCrossEntropy, logits);
    let graph = g.build(backend);
    Net { parameters, graph, input: nodes[0] }
}

/// `len` values evenly spaced over [−1, 1] in random order: no two closer than 2 / len, so a max pool of
/// the input has no near-tie that a finite-difference step could cross.
fn spread(rng: &mut Rng, len: usize) -> Vec<f32> {
    let mut values: Vec<f32> = (0..len).map(|i| -1.0 + 2.0 * i as f32 / len as f32).collect();
    for i in (1..len).rev() {
        values.swap(i, rng.below(i + 1));
    }
    values
}

fn targets() -> Vec<f32> {
    (0..BATCH * CLASSES).map(|i| f32::from(i % CLASSES == (i / CLASSES) % CLASSES)).collect()
}

/// Forward and backward once; the loss.
fn step<B: Backend>(backend: &B, net: &mut Net<B>, x: &[f32]) -> f64 {
    net.graph.write_input(backend, net.input, x);
    net.graph.write_targets(backend, &targets());
    net.graph.forward(backend, &net.parameters);
    net.graph.backward(backend, &mut net.parameters, Seed::Loss);
    f64::from(pollster::block_on(net.graph.read_loss(backend)))
}

/// The input's gradient, then every parameter gradient the loss reaches, by name.
fn gradients<B: Backend>(backend: &B, net: &Net<B>) -> Vec<(String, Vec<f32>)> {
    let mut all = vec![("x".to_owned(), pollster::block_on(net.graph.read_gradient(backend, net.input)).unwrap())];
    for (id, p) in net.parameters.iter() {
        if let Some(grad) = pollster::block_on(net.parameters.read_gradient(backend, id)) {
            all.push((p.name.clone(), grad));
        }
    }
    all
}

#[test]
fn random_graphs_match_central_differences_and_agree_across_backends() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    for seed in 0..60 {
        let mut rng = Rng::new(100 + seed);
        let (plan, shapes) = plan(&mut rng, 6);
        let x = spread(&mut rng, shapes[0].len());
        let mut net = build(&Scalar, &plan, &shapes, seed);
        net.graph.set_input_gradients(true);
        step(&Scalar, &mut net, &x);
        let expected = gradients(&Scalar, &net);
        // ∂L/∂v by differences: central at two step sizes (the larger one's rounding is small), and one-sided
        // at a small step on either side. A max pool has kinks where its maximum changes hands; one side of
        // a kink that lies within a step is still smooth, and backprop gives that side's slope.
        let check = |name: &str, i: usize, analytic: f32, loss_at: &mut dyn FnMut(f32) -> f64| {
            let (at, small) = (loss_at(0.0), f64::from(SMALL_STEP));
            let mut differences = STEPS.map(|h| (loss_at(h) - loss_at(-h)) / (2.0 * f64::from(h))).to_vec();
            differences.push((loss_at(SMALL_STEP) - at) / small);
            differences.push((at - loss_at(-SMALL_STEP)) / small);
            let close = |numeric: &f64| (numeric - f64::from(analytic)).abs() <= 5e-3 + 5e-3 * numeric.abs();
            assert!(
                differences.iter().any(close),
                "graph {seed} {plan:?}: ∂L/∂{name}[{i}] is {analytic} by backprop, {differences:?} numerically"
            );
        };
        for i in 0..x.len() {
            let mut loss_at = |h: f32| {
                let mut shifted = x.clone();
                shifted[i] += h;
                step(&Scalar, &mut net, &shifted)
            };
            check("x", i, expected[0].1[i], &mut loss_at);
        }
        for (name, analytic) in &expected[1..] {
            let id = net.parameters.find(name).unwrap();
            let values = pollster::block_on(net.parameters.read(&Scalar, id));
            for i in (0..values.len()).step_by(values.len().div_ceil(6)) {
                let mut loss_at = |h: f32| {
                    let mut shifted = values.clone();
                    shifted[i] += h;
                    net.parameters.write(&Scalar, id, &shifted).unwrap();
                    let loss = step(&Scalar, &mut net, &x);
                    net.parameters.write(&Scalar, id, &values).unwrap();
                    loss
                };
                check(name, i, analytic[i], &mut loss_at);
            }
        }
        for backend_gradients in
            [same_graph(&Simd, &plan, &shapes, seed, &x), same_graph(&gpu, &plan, &shapes, seed, &x)]
        {
            assert_eq!(backend_gradients.len(), expected.len());
            for ((name, actual), (_, reference)) in backend_gradients.iter().zip(&expected) {
                for (i, (a, e)) in actual.iter().zip(reference).enumerate() {
                    assert!((a - e).abs() <= 1e-4 * (1.0 + e.abs()), "graph {seed}: {name}[{i}] is {a}, scalar {e}");
                }
            }
        }
    }
}

fn same_graph<B: Backend>(
    backend: &B,
    plan: &[Step],
    shapes: &[Image],
    seed: u64,
    x: &[f32],
) -> Vec<(String, Vec<f32>)> {
    let mut net = build(backend, plan, shapes, seed);
    net.graph.set_input_gradients(true);
    step(backend, &mut net, x);
    gradients(backend, &net)
}
