//! One suite, written once, run against every backend: per op, 50 random cases of awkward shapes (sizes 1,
//! primes, not multiples of 4 or of a workgroup, batch > 1, every padding mode), each with fresh random
//! data, compared with the scalar backend. Outputs start as NaN, so an element a backend forgets to write
//! fails the comparison.

use playground::activation::Activation;
use playground::engine::ops::{Conv2d, Matmul, Padding, Pool2d, PoolKind, Window};
use playground::engine::scalar::Scalar;
use playground::engine::Backend;
use playground::rng::Rng;

const CASES: u64 = 50;
const AWKWARD: [usize; 12] = [1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 33, 67];
/// Matmul depths: some past 256, where blocked kernels split the sum.
const DEPTHS: [usize; 8] = [1, 3, 8, 17, 67, 129, 263, 300];
/// Matmul rows: some past 72, where blocked kernels split the rows.
const ROWS: [usize; 8] = [1, 2, 5, 13, 33, 67, 97, 150];
const SMALL: [usize; 8] = [1, 2, 3, 4, 5, 7, 8, 13];

fn pick(rng: &mut Rng, options: &[usize]) -> usize {
    options[rng.below(options.len())]
}

/// Uniform in [−1, 1): never all zeros, so a backend that writes zeros cannot pass.
fn random(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
}

/// |actual − expected| ≤ tolerance · (1 + |expected|) everywhere; NaN (the poison) fails.
fn assert_close(actual: &[f32], expected: &[f32], tolerance: f32, case: &dyn std::fmt::Debug) {
    assert_eq!(actual.len(), expected.len(), "{case:?}: output length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tolerance * (1.0 + e.abs()),
            "{case:?}: element {i} is {a}, expected {e} (tolerance {tolerance})"
        );
    }
}

/// Runs `op` on `backend` with NaN-poisoned output and returns what it wrote.
fn poisoned<B: Backend>(backend: &B, len: usize, op: impl FnOnce(&mut B::Buffer)) -> Vec<f32> {
    let mut out = backend.upload(&vec![f32::NAN; len]);
    op(&mut out);
    backend.read(&out)
}

/// Sums of `depth` products of values in [−1, 1) carry rounding of about √depth ulps.
fn sum_tolerance(depth: usize) -> f32 {
    2e-6 * (depth as f32).sqrt().max(1.0) * 4.0
}

pub fn matmul<B: Backend>(backend: &B) {
    let mut rng = Rng::new(1);
    for _ in 0..CASES {
        let op = Matmul {
            m: pick(&mut rng, &ROWS),
            n: pick(&mut rng, &AWKWARD),
            k: pick(&mut rng, &DEPTHS),
            transpose_a: rng.below(2) == 1,
            transpose_b: rng.below(2) == 1,
        };
        let a = random(&mut rng, op.m * op.k);
        let b = random(&mut rng, op.k * op.n);
        let mut expected = vec![0.0; op.m * op.n];
        Scalar.matmul(&a, &b, &mut expected, &op);
        let (a, b) = (backend.upload(&a), backend.upload(&b));
        let actual = poisoned(backend, op.m * op.n, |out| backend.matmul(&a, &b, out, &op));
        assert_close(&actual, &expected, sum_tolerance(op.k), &op);
    }
}

fn random_window(rng: &mut Rng) -> Window {
    let (height, width) = (pick(rng, &SMALL), pick(rng, &SMALL));
    let (kernel_h, kernel_w) = (1 + rng.below(4), 1 + rng.below(4));
    let padding = match rng.below(3) {
        0 => Padding::Same,
        1 if kernel_h <= height && kernel_w <= width => Padding::Valid,
        _ => {
            // Explicit, possibly asymmetric; enough that the kernel fits.
            let top = rng.below(kernel_h);
            let left = rng.below(kernel_w);
            let bottom = rng.below(kernel_h).max(kernel_h.saturating_sub(height + top));
            let right = rng.below(kernel_w).max(kernel_w.saturating_sub(width + left));
            Padding::Explicit { top, bottom, left, right }
        }
    };
    Window {
        batch: 1 + rng.below(3),
        height,
        width,
        kernel_h,
        kernel_w,
        stride_h: 1 + rng.below(3),
        stride_w: 1 + rng.below(3),
        padding,
    }
}

fn conv_cases<B: Backend>(backend: &B, seed: u64, make: impl Fn(&mut Rng, Window) -> Conv2d) {
    let mut rng = Rng::new(seed);
    for _ in 0..CASES {
        let window = random_window(&mut rng);
        let op = make(&mut rng, window);
        let input = random(&mut rng, op.input_len());
        let weights = random(&mut rng, op.weights_len());
        let mut expected = vec![0.0; op.output_len()];
        Scalar.conv2d(&input, &weights, &mut expected, &op);
        let (input, weights) = (backend.upload(&input), backend.upload(&weights));
        let actual = poisoned(backend, op.output_len(), |out| backend.conv2d(&input, &weights, out, &op));
        let depth = window.kernel_h * window.kernel_w * op.in_per_group();
        assert_close(&actual, &expected, sum_tolerance(depth), &op);
    }
}

pub fn conv2d<B: Backend>(backend: &B) {
    conv_cases(backend, 2, |rng, window| Conv2d {
        window,
        in_channels: pick(rng, &AWKWARD[..9]),
        out_channels: pick(rng, &AWKWARD[..10]),
        groups: 1,
    });
}

pub fn grouped_conv2d<B: Backend>(backend: &B) {
    conv_cases(backend, 3, |rng, window| {
        let groups = 2 + rng.below(3);
        Conv2d { window, in_channels: groups * pick(rng, &SMALL), out_channels: groups * pick(rng, &SMALL), groups }
    });
}

pub fn depthwise_conv2d<B: Backend>(backend: &B) {
    conv_cases(backend, 4, |rng, window| {
        let channels = pick(rng, &AWKWARD[..10]);
        let multiplier = 1 + rng.below(2) * rng.below(3);
        Conv2d { window, in_channels: channels, out_channels: channels * multiplier, groups: channels }
    });
}

pub fn pool2d<B: Backend>(backend: &B) {
    let mut rng = Rng::new(5);
    for case in 0..CASES {
        let window = random_window(&mut rng);
        // Explicit padding wider than the window would leave windows with no input cell at all.
        let window = match window.padding {
            Padding::Explicit { .. } => Window { padding: Padding::Same, ..window },
            _ => window,
        };
        let kind = if case % 2 == 0 { PoolKind::Max } else { PoolKind::Average };
        let op = Pool2d { window, channels: pick(&mut rng, &AWKWARD[..10]), kind };
        let input = random(&mut rng, op.input_len());
        let mut expected = vec![0.0; op.output_len()];
        Scalar.pool2d(&input, &mut expected, &op);
        let input = backend.upload(&input);
        let actual = poisoned(backend, op.output_len(), |out| backend.pool2d(&input, out, &op));
        assert_close(&actual, &expected, 1e-6, &op);
    }
}

pub fn bias_activation<B: Backend>(backend: &B) {
    let activations = [
        Activation::Linear,
        Activation::Threshold,
        Activation::PiecewiseLinear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu(0.1),
        Activation::Relu6,
    ];
    let mut rng = Rng::new(6);
    for case in 0..CASES as usize {
        let activation = activations[case % activations.len()];
        let channels = pick(&mut rng, &AWKWARD);
        let pixels = pick(&mut rng, &AWKWARD);
        // Scaled so ReLU6 and the piecewise-linear unit see both their bends.
        let x: Vec<f32> = random(&mut rng, pixels * channels).iter().map(|v| 8.0 * v).collect();
        let bias = random(&mut rng, channels);
        let mut expected = x.clone();
        Scalar.bias_activation(&mut expected, &bias, channels, activation);
        let mut buffer = backend.upload(&x);
        backend.bias_activation(&mut buffer, &backend.upload(&bias), channels, activation);
        assert_close(&backend.read(&buffer), &expected, 1e-5, &(activation, channels, pixels));
    }
}

/// The suite as tests for one backend.
macro_rules! backend_suite {
    ($module:ident, $backend:expr) => {
        mod $module {
            #[test]
            fn matmul() {
                super::matmul(&$backend);
            }
            #[test]
            fn conv2d() {
                super::conv2d(&$backend);
            }
            #[test]
            fn grouped_conv2d() {
                super::grouped_conv2d(&$backend);
            }
            #[test]
            fn depthwise_conv2d() {
                super::depthwise_conv2d(&$backend);
            }
            #[test]
            fn pool2d() {
                super::pool2d(&$backend);
            }
            #[test]
            fn bias_activation() {
                super::bias_activation(&$backend);
            }
        }
    };
}

backend_suite!(simd, playground::engine::simd::Simd);
backend_suite!(
    webgpu,
    playground::engine::webgpu::WebGpu::new()
        .expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)")
);
