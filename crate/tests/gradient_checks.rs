//! Every backward op of the scalar backend against finite differences of its forward op. Each check
//! builds a scalar loss L = Σ dy · forward(x) with a random dy, so ∂L/∂x is exactly what the backward op
//! computes from dy, and compares it with (L(x + h) − L(x − h)) / 2h at sampled elements, in f64.
//! (backend_suite.rs then holds every other backend's backward ops to these.)

use playground::activation::Activation;
use playground::engine::ops::{Cell, Conv2d, Image, Matmul, Padding, Pool2d, PoolKind, Recurrent, Window};
use playground::engine::scalar::Scalar;
use playground::engine::{Backend, HostBuffer};
use playground::rng::Rng;

const STEP: f32 = 1e-2;

fn random(rng: &mut Rng, len: usize) -> HostBuffer {
    (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum()
}

/// Compares `analytic` = ∂loss/∂x with central differences at up to 40 elements of x.
fn check(name: &str, x: &[f32], analytic: &[f32], loss: impl Fn(&[f32]) -> f64) {
    assert_eq!(x.len(), analytic.len(), "{name}: gradient length");
    let stride = (x.len() / 40).max(1);
    for i in (0..x.len()).step_by(stride) {
        let mut shifted = x.to_vec();
        shifted[i] = x[i] + STEP;
        let plus = loss(&shifted);
        shifted[i] = x[i] - STEP;
        let minus = loss(&shifted);
        let numeric = (plus - minus) / (2.0 * f64::from(STEP));
        let error = (numeric - f64::from(analytic[i])).abs();
        assert!(
            error <= 1e-3 + 1e-3 * numeric.abs(),
            "{name}: ∂L/∂x[{i}] is {} by backprop, {numeric} numerically",
            analytic[i]
        );
    }
}

fn windows(rng: &mut Rng) -> Vec<Window> {
    let paddings = [Padding::Same, Padding::Valid, Padding::Explicit { top: 0, bottom: 2, left: 1, right: 0 }];
    paddings
        .iter()
        .map(|&padding| Window {
            batch: 2,
            height: 5 + rng.below(3),
            width: 4 + rng.below(3),
            kernel_h: 3,
            kernel_w: 2,
            stride_h: 1 + rng.below(2),
            stride_w: 1 + rng.below(2),
            padding,
        })
        .collect()
}

#[test]
fn matmul_gradients_are_matmuls() {
    let mut rng = Rng::new(1);
    let (m, n, k) = (3, 5, 4);
    let (a, b, dc) = (random(&mut rng, m * k), random(&mut rng, k * n), random(&mut rng, m * n));
    let forward = |a: &[f32], b: &[f32]| {
        let mut c = Scalar.zeros(m * n);
        Scalar.matmul(&Scalar.upload(a), &Scalar.upload(b), &mut c, &Matmul::new(m, n, k));
        dot(&c, &dc)
    };
    // dA = dC · Bᵀ, dB = Aᵀ · dC.
    let (mut da, mut db) = (Scalar.zeros(m * k), Scalar.zeros(k * n));
    Scalar.matmul(&dc, &b, &mut da, &Matmul { m, n: k, k: n, transpose_a: false, transpose_b: true });
    Scalar.matmul(&a, &dc, &mut db, &Matmul { m: k, n, k: m, transpose_a: true, transpose_b: false });
    check("matmul dA", &a, &da, |a| forward(a, &b));
    check("matmul dB", &b, &db, |b| forward(&a, b));
}

#[test]
fn convolution_gradients() {
    let mut rng = Rng::new(2);
    for window in windows(&mut rng) {
        for (in_channels, out_channels, groups) in [(3, 4, 1), (4, 6, 2), (3, 6, 3)] {
            let op = Conv2d { window, in_channels, out_channels, groups };
            let (x, w, dy) = (
                random(&mut rng, op.input_len()),
                random(&mut rng, op.weights_len()),
                random(&mut rng, op.output_len()),
            );
            let forward = |x: &[f32], w: &[f32]| {
                let mut y = Scalar.zeros(op.output_len());
                Scalar.conv2d(&Scalar.upload(x), &Scalar.upload(w), &mut y, &op);
                dot(&y, &dy)
            };
            let (mut dx, mut dw) = (Scalar.zeros(op.input_len()), Scalar.zeros(op.weights_len()));
            Scalar.conv2d_backward_input(&dy, &w, &mut dx, &op);
            Scalar.conv2d_backward_filter(&x, &dy, &mut dw, &op);
            check("conv2d input", &x, &dx, |x| forward(x, &w));
            check("conv2d filter", &w, &dw, |w| forward(&x, w));
        }
    }
}

#[test]
fn pooling_gradients() {
    let mut rng = Rng::new(3);
    for window in windows(&mut rng) {
        for kind in [PoolKind::Max, PoolKind::Average] {
            // Every padding of `windows`, explicit too: it is smaller than the kernel on each side.
            let op = Pool2d { window, channels: 3, kind };
            // Distinct values far apart, so a step of STEP never changes which one is a window's maximum.
            let mut x: HostBuffer = (0..op.input_len()).map(|i| i as f32 * 0.05).collect();
            rng.shuffle(&mut x);
            let dy = random(&mut rng, op.output_len());
            let mut dx = Scalar.zeros(op.input_len());
            Scalar.pool2d_backward(&x, &dy, &mut dx, &op, Activation::Linear);
            check("pool2d", &x, &dx, |x| {
                let mut y = Scalar.zeros(op.output_len());
                Scalar.pool2d(&Scalar.upload(x), &mut y, &op);
                dot(&y, &dy)
            });
        }
    }
}

#[test]
fn gradients_of_pooling_an_activation() {
    let mut rng = Rng::new(4);
    let kinds = [PoolKind::Max, PoolKind::Average];
    for window in windows(&mut rng) {
        for (kind, activation) in kinds.into_iter().flat_map(|kind| Activation::ALL.map(|a| (kind, a))) {
            let op = Pool2d { window, channels: 3, kind };
            // Distinct, either side of zero, 0.025 or more from every kink (0, ±0.5 and 6).
            let mut x: HostBuffer =
                (0..op.input_len()).map(|i| (i as f32 - (op.input_len() / 2) as f32) * 0.05 + 0.025).collect();
            rng.shuffle(&mut x);
            let activated = |x: &[f32]| -> HostBuffer { x.iter().map(|&v| activation.apply(v)).collect() };
            let dy = random(&mut rng, op.output_len());
            let mut dx = Scalar.zeros(op.input_len());
            Scalar.pool2d_backward(&activated(&x), &dy, &mut dx, &op, activation);
            check(&format!("{kind:?} pool2d of {activation:?}"), &x, &dx, |x| {
                let mut y = Scalar.zeros(op.output_len());
                Scalar.pool2d(&activated(x), &mut y, &op);
                dot(&y, &dy)
            });
        }
    }
}

/// Where an activation's slope jumps: a finite difference across one straddles two slopes.
fn kinks(activation: Activation) -> &'static [f32] {
    match activation {
        Activation::Threshold | Activation::Relu | Activation::LeakyRelu(_) => &[0.0],
        Activation::PiecewiseLinear => &[-0.5, 0.5],
        Activation::Relu6 => &[0.0, 6.0],
        Activation::Linear | Activation::Sigmoid | Activation::Tanh => &[],
    }
}

#[test]
fn activation_and_bias_gradients() {
    let mut rng = Rng::new(4);
    let channels = 5;
    for activation in Activation::ALL {
        // Pre-activations over [−3, 3], each moved 0.05 off any kink (five steps of the finite difference).
        let off_kinks = |v: f32| {
            kinks(activation).iter().fold(v, |v, &k| if (v - k).abs() < 0.05 { k + 0.05f32.copysign(v - k) } else { v })
        };
        let x: HostBuffer = random(&mut rng, 4 * channels).iter().map(|v| off_kinks(3.0 * v)).collect();
        let bias = Scalar.zeros(channels);
        let dy = random(&mut rng, x.len());
        let forward = |x: &[f32], bias: &[f32]| {
            let mut y = Scalar.upload(x);
            Scalar.bias_activation(&mut y, &Scalar.upload(bias), activation);
            dot(&y, &dy)
        };
        let mut y = x.clone();
        Scalar.bias_activation(&mut y, &bias, activation);
        let mut dx = Scalar.zeros(x.len());
        Scalar.activation_backward(&y, &dy, &mut dx, activation);
        check(&format!("{activation:?}"), &x, &dx, |x| forward(x, &bias));
        let mut db = Scalar.zeros(channels);
        Scalar.bias_backward(&dx, &mut db);
        check(&format!("{activation:?} bias"), &bias, &db, |b| forward(&x, b));
    }
}

#[test]
fn layout_gradients() {
    let mut rng = Rng::new(5);
    let shape = Image { batch: 2, height: 3, width: 4, channels: 3 };
    let (x, dy) = (random(&mut rng, shape.len()), random(&mut rng, shape.doubled().len()));
    let mut dx = Scalar.zeros(shape.len());
    Scalar.upsample_nearest2x_backward(&dy, &mut dx, &shape);
    check("upsample", &x, &dx, |x| {
        let mut y = Scalar.zeros(shape.doubled().len());
        Scalar.upsample_nearest2x(&Scalar.upload(x), &mut y, &shape);
        dot(&y, &dy)
    });
    // concat's backward is split: each part's gradient is its slice of dy.
    let (pixels, widths) = (6, [2usize, 3]);
    let (a, b) = (random(&mut rng, pixels * widths[0]), random(&mut rng, pixels * widths[1]));
    let dy = random(&mut rng, pixels * 5);
    let (mut da, mut db) = (Scalar.zeros(a.len()), Scalar.zeros(b.len()));
    Scalar.split_channels(&dy, &mut [(&mut da, widths[0]), (&mut db, widths[1])], pixels);
    let forward = |a: &[f32], b: &[f32]| {
        let mut y = Scalar.zeros(pixels * 5);
        Scalar.concat_channels(&[(&Scalar.upload(a), widths[0]), (&Scalar.upload(b), widths[1])], &mut y, pixels);
        dot(&y, &dy)
    };
    check("concat first", &a, &da, |a| forward(a, &b));
    check("concat second", &b, &db, |b| forward(&a, b));
}

#[test]
fn loss_gradients() {
    let mut rng = Rng::new(6);
    let (rows, classes) = (4, 7);
    let logits = random(&mut rng, rows * classes);
    let targets: HostBuffer = (0..rows * classes).map(|i| f32::from(i % classes == (i / classes) % classes)).collect();
    type LossOp = fn(&[f32], &[f32], &mut HostBuffer, &mut HostBuffer, usize);
    let losses: [(&str, LossOp); 3] = [
        ("cross-entropy", |l, t, g, v, classes| {
            Scalar.softmax_cross_entropy(&Scalar.upload(l), &Scalar.upload(t), g, v, classes)
        }),
        ("sigmoid cross-entropy", |l, t, g, v, _| {
            Scalar.sigmoid_cross_entropy(&Scalar.upload(l), &Scalar.upload(t), g, v)
        }),
        ("mse", |l, t, g, v, _| Scalar.mean_squared_error(&Scalar.upload(l), &Scalar.upload(t), g, v)),
    ];
    for (name, op) in losses {
        let loss_of = |logits: &[f32]| {
            let (mut grad, mut loss) = (Scalar.zeros(logits.len()), Scalar.zeros(1));
            op(logits, &targets, &mut grad, &mut loss, classes);
            (f64::from(loss[0]), grad)
        };
        let (_, grad) = loss_of(&logits);
        check(name, &logits, &grad, |l| loss_of(l).0);
    }
}

#[test]
fn batch_norm_gradients_include_the_statistics_dependence_on_x() {
    let mut rng = Rng::new(8);
    let (channels, pixels) = (3, 7);
    let x: HostBuffer = random(&mut rng, channels * pixels).iter().map(|v| 2.0 * v + 0.5).collect();
    let (gamma, beta, dy) = (random(&mut rng, channels), random(&mut rng, channels), random(&mut rng, x.len()));
    let epsilon = 1e-3;
    let forward = |x: &[f32], gamma: &[f32], beta: &[f32]| {
        let mut statistics = Scalar.zeros(2 * channels);
        Scalar.channel_moments(&Scalar.upload(x), &mut statistics);
        let mut y = Scalar.zeros(x.len());
        Scalar.batch_norm(&Scalar.upload(x), &Scalar.upload(gamma), &Scalar.upload(beta), &statistics, &mut y, epsilon);
        dot(&y, &dy)
    };
    let mut statistics = Scalar.zeros(2 * channels);
    Scalar.channel_moments(&x, &mut statistics);
    let (mut dx, mut dgamma, mut dbeta) = (Scalar.zeros(x.len()), Scalar.zeros(channels), Scalar.zeros(channels));
    Scalar.batch_norm_backward(&x, &dy, &gamma, &statistics, &mut dx, &mut dgamma, &mut dbeta, epsilon);
    check("batch norm dx", &x, &dx, |x| forward(x, &gamma, &beta));
    check("batch norm dγ", &gamma, &dgamma, |g| forward(&x, g, &beta));
    check("batch norm dβ", &beta, &dbeta, |b| forward(&x, &gamma, b));
}

#[test]
fn max_unpooling_gradient_is_a_gather_at_the_maxima() {
    let mut rng = Rng::new(10);
    let op = Pool2d { window: Window::new(2, 5, 6, (2, 3), 2, Padding::Same), channels: 3, kind: PoolKind::Max };
    let (switches, values, dy) =
        (random(&mut rng, op.input_len()), random(&mut rng, op.output_len()), random(&mut rng, op.input_len()));
    // Unpooling places each value at its window's maximum in `switches`: the max pool's backward.
    let forward = |values: &[f32]| {
        let mut unpooled = Scalar.zeros(op.input_len());
        Scalar.pool2d_backward(&switches, &Scalar.upload(values), &mut unpooled, &op, Activation::Linear);
        dot(&unpooled, &dy)
    };
    let mut gathered = Scalar.zeros(op.output_len());
    Scalar.max_pool_gather(&switches, &dy, &mut gathered, &op);
    check("max unpool", &values, &gathered, forward);
}

/// Backpropagation through time, 24 steps deep, for both cells: the pre-activations' gradient (which the
/// state gradient carries back from every later step) and the recurrent weight's.
#[test]
fn recurrent_gradients_through_time() {
    let mut rng = Rng::new(9);
    for cell in Cell::ALL {
        let op = Recurrent { cell, batch: 2, steps: 24, hidden: 3 };
        let pre = random(&mut rng, op.pre_len());
        let weight = random(&mut rng, op.weight_len());
        let dhidden = random(&mut rng, op.hidden_len());
        let forward = |pre: &[f32], weight: &[f32]| {
            let (mut hidden, mut memory) = (Scalar.zeros(op.hidden_len()), Scalar.zeros(op.memory_len()));
            Scalar.recurrent_forward(&Scalar.upload(pre), &Scalar.upload(weight), &mut hidden, &mut memory, &op);
            dot(&hidden, &dhidden)
        };
        let (mut hidden, mut memory) = (Scalar.zeros(op.hidden_len()), Scalar.zeros(op.memory_len()));
        Scalar.recurrent_forward(&pre, &weight, &mut hidden, &mut memory, &op);
        let (mut dpre, mut state, mut dweight) =
            (Scalar.zeros(op.pre_len()), Scalar.zeros(op.state_len()), Scalar.zeros(op.weight_len()));
        Scalar.recurrent_backward(&memory, &weight, &dhidden, &mut dpre, &mut state, &op);
        Scalar.recurrent_weight_gradient(&hidden, &dpre, &mut dweight, &op);
        check(&format!("{cell:?} pre-activations"), &pre, &dpre, |pre| forward(pre, &weight));
        check(&format!("{cell:?} recurrent weight"), &weight, &dweight, |weight| forward(&pre, weight));
    }
}

/// The scalar backend's fused cells equal the cells composed from its plain ops (the conformance suite
/// holds every other backend to the same oracle).
#[test]
fn the_fused_recurrent_cells_equal_the_composed_ones() {
    let result = pollster::block_on(playground::engine::conformance::run(&Scalar, "recurrent"));
    if let Err(mismatch) = result {
        panic!("{mismatch}");
    }
}
