//! The conformance suite: written once, run against every backend, natively by `cargo test`
//! (crate/tests/backend_suite.rs) and in the browser by the wasm build (`runConformance`).
//!
//! Per op, 50 random cases of awkward shapes (sizes 1, primes, not multiples of 4 or of a workgroup,
//! batch > 1, every padding mode), each with fresh random data, compared with the scalar backend at a
//! stated tolerance. Outputs start as NaN, so an element a backend forgets to write fails. Each check
//! returns the first mismatch as an error rather than panicking, so a browser run can report it.

use crate::activation::Activation;
use crate::engine::ops::{
    Adam, Cell, Conv2d, Image, Matmul, Padding, Pool2d, PoolKind, Recurrent, Resize, ResizeMode, Window,
};
use crate::engine::scalar::Scalar;
use crate::engine::{Backend, HostBuffer};
use crate::rng::Rng;

const CASES: u64 = 50;
const AWKWARD: [usize; 12] = [1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 33, 67];
/// Matmul depths: some past 256, where blocked kernels split the sum.
const DEPTHS: [usize; 8] = [1, 3, 8, 17, 67, 129, 263, 300];
/// Matmul rows: some past 72, where blocked kernels split the rows.
const ROWS: [usize; 8] = [1, 2, 5, 13, 33, 67, 97, 150];
const SMALL: [usize; 8] = [1, 2, 3, 4, 5, 7, 8, 13];
/// Rows of the sums per channel: some past 256, where WebGPU gives each channel a workgroup.
const CHANNEL_ROWS: [usize; 9] = [1, 5, 67, 150, 255, 256, 257, 1031, 3001];

fn pick(rng: &mut Rng, options: &[usize]) -> usize {
    options[rng.below(options.len())]
}

/// Uniform in [−1, 1): never all zeros, so a backend that writes zeros cannot pass.
fn random(rng: &mut Rng, len: usize) -> HostBuffer {
    (0..len).map(|_| rng.uniform_in(-1.0, 1.0)).collect()
}

/// `len` zeros, for the scalar reference to write its answer into.
fn zeros(len: usize) -> HostBuffer {
    HostBuffer::from(vec![0.0; len])
}

/// |actual − expected| ≤ tolerance · (1 + |expected|) everywhere; NaN (the poison) fails.
fn compare(actual: &[f32], expected: &[f32], tolerance: f32, case: &dyn std::fmt::Debug) -> Result<(), String> {
    if actual.len() != expected.len() {
        return Err(format!("{case:?}: {} values, expected {}", actual.len(), expected.len()));
    }
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        let within = (a - e).abs() <= tolerance * (1.0 + e.abs());
        // NaN (the poison) is never within: every comparison with NaN is false.
        if !within {
            return Err(format!("{case:?}: element {i} is {a}, expected {e} (tolerance {tolerance})"));
        }
    }
    Ok(())
}

/// Runs `op` on `backend` with NaN-poisoned output and returns what it wrote.
async fn poisoned<B: Backend>(backend: &B, len: usize, op: impl FnOnce(&mut B::Buffer)) -> Vec<f32> {
    let mut out = backend.upload(&vec![f32::NAN; len]);
    op(&mut out);
    backend.read(&out).await
}

/// Sums of `depth` products of values in [−1, 1) carry rounding of about √depth ulps.
fn sum_tolerance(depth: usize) -> f32 {
    2e-6 * (depth as f32).sqrt().max(1.0) * 4.0
}

/// A layer's activation, and its bias of `channels` values or (one time in four) none.
fn random_bias_activation(rng: &mut Rng, channels: usize) -> (Option<HostBuffer>, Activation) {
    let activation = Activation::ALL[rng.below(Activation::ALL.len())];
    ((rng.below(4) > 0).then(|| random(rng, channels)), activation)
}

fn random_matmul(rng: &mut Rng) -> Matmul {
    Matmul {
        m: pick(rng, &ROWS),
        n: pick(rng, &AWKWARD),
        k: pick(rng, &DEPTHS),
        transpose_a: rng.below(2) == 1,
        transpose_b: rng.below(2) == 1,
    }
}

pub async fn matmul<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(1);
    for _ in 0..CASES {
        let op = random_matmul(&mut rng);
        let a = random(&mut rng, op.m * op.k);
        let b = random(&mut rng, op.k * op.n);
        let mut expected = zeros(op.m * op.n);
        Scalar.matmul(&a, &b, &mut expected, &op);
        let (a, b) = (backend.upload(&a), backend.upload(&b));
        let actual = poisoned(backend, op.m * op.n, |out| backend.matmul(&a, &b, out, &op)).await;
        compare(&actual, &expected, sum_tolerance(op.k), &op)?;
    }
    Ok(())
}

/// With a bias (or none) and an activation, drawn per case: a dense layer's forward pass.
pub async fn matmul_bias_activation<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(41);
    for _ in 0..CASES {
        let op = random_matmul(&mut rng);
        let (bias, activation) = random_bias_activation(&mut rng, op.n);
        let (a, b) = (random(&mut rng, op.m * op.k), random(&mut rng, op.k * op.n));
        let mut expected = zeros(op.m * op.n);
        Scalar.matmul(&a, &b, &mut expected, &op);
        Scalar.bias_activation_of(&mut expected, bias.as_ref(), activation);
        let (a, b, bias) = (backend.upload(&a), backend.upload(&b), bias.map(|bias| backend.upload(&bias)));
        let actual = poisoned(backend, op.m * op.n, |out| {
            backend.matmul_bias_activation(&a, &b, bias.as_ref(), out, &op, activation)
        })
        .await;
        compare(&actual, &expected, sum_tolerance(op.k), &(op, activation))?;
    }
    Ok(())
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

/// Which of a convolution's three computations a case checks.
#[derive(Clone, Copy)]
enum ConvPass {
    Forward,
    /// With a bias (or none) and an activation, drawn per case.
    ForwardBiasActivation,
    BackwardInput,
    BackwardFilter,
}

async fn conv_cases<B: Backend>(
    backend: &B,
    seed: u64,
    pass: ConvPass,
    make: impl Fn(&mut Rng, Window) -> Conv2d,
) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    for _ in 0..CASES {
        let window = random_window(&mut rng);
        let op = make(&mut rng, window);
        let input = random(&mut rng, op.input_len());
        let weights = random(&mut rng, op.weights_len());
        let dy = random(&mut rng, op.output_len());
        let (expected, actual, depth) = match pass {
            ConvPass::Forward => {
                let mut expected = zeros(op.output_len());
                Scalar.conv2d(&input, &weights, &mut expected, &op);
                let (input, weights) = (backend.upload(&input), backend.upload(&weights));
                let actual = poisoned(backend, op.output_len(), |out| backend.conv2d(&input, &weights, out, &op)).await;
                (expected, actual, window.kernel_h * window.kernel_w * op.in_per_group())
            }
            ConvPass::ForwardBiasActivation => {
                let (bias, activation) = random_bias_activation(&mut rng, op.out_channels);
                let mut expected = zeros(op.output_len());
                Scalar.conv2d(&input, &weights, &mut expected, &op);
                Scalar.bias_activation_of(&mut expected, bias.as_ref(), activation);
                let (input, weights) = (backend.upload(&input), backend.upload(&weights));
                let bias = bias.map(|bias| backend.upload(&bias));
                let actual = poisoned(backend, op.output_len(), |out| {
                    backend.conv2d_bias_activation(&input, &weights, bias.as_ref(), out, &op, activation)
                })
                .await;
                (expected, actual, window.kernel_h * window.kernel_w * op.in_per_group())
            }
            ConvPass::BackwardInput => {
                let mut expected = zeros(op.input_len());
                Scalar.conv2d_backward_input(&dy, &weights, &mut expected, &op);
                let (dy, weights) = (backend.upload(&dy), backend.upload(&weights));
                let actual =
                    poisoned(backend, op.input_len(), |dx| backend.conv2d_backward_input(&dy, &weights, dx, &op)).await;
                (expected, actual, window.kernel_h * window.kernel_w * op.out_per_group())
            }
            ConvPass::BackwardFilter => {
                let mut expected = zeros(op.weights_len());
                Scalar.conv2d_backward_filter(&input, &dy, &mut expected, &op);
                let (input, dy) = (backend.upload(&input), backend.upload(&dy));
                let actual =
                    poisoned(backend, op.weights_len(), |dw| backend.conv2d_backward_filter(&input, &dy, dw, &op))
                        .await;
                let out = window.output();
                (expected, actual, window.batch * out.height * out.width)
            }
        };
        compare(&actual, &expected, sum_tolerance(depth), &op)?;
    }
    Ok(())
}

/// Ordinary convolutions: one group.
fn dense_conv(rng: &mut Rng, window: Window) -> Conv2d {
    Conv2d { window, in_channels: pick(rng, &AWKWARD[..9]), out_channels: pick(rng, &AWKWARD[..10]), groups: 1 }
}

fn grouped_conv(rng: &mut Rng, window: Window) -> Conv2d {
    let groups = 2 + rng.below(3);
    Conv2d { window, in_channels: groups * pick(rng, &SMALL), out_channels: groups * pick(rng, &SMALL), groups }
}

/// One group per input channel, with channel multiplier 1 or 2.
fn depthwise_conv(rng: &mut Rng, window: Window) -> Conv2d {
    let channels = pick(rng, &AWKWARD[..10]);
    let multiplier = 1 + rng.below(2) * rng.below(3);
    Conv2d { window, in_channels: channels, out_channels: channels * multiplier, groups: channels }
}

pub async fn conv2d<B: Backend>(backend: &B) -> Result<(), String> {
    conv_cases(backend, 2, ConvPass::Forward, dense_conv).await?;
    conv_cases(backend, 3, ConvPass::Forward, grouped_conv).await?;
    conv_cases(backend, 4, ConvPass::Forward, depthwise_conv).await?;
    Ok(())
}

pub async fn conv2d_bias_activation<B: Backend>(backend: &B) -> Result<(), String> {
    conv_cases(backend, 32, ConvPass::ForwardBiasActivation, dense_conv).await?;
    conv_cases(backend, 33, ConvPass::ForwardBiasActivation, grouped_conv).await?;
    conv_cases(backend, 34, ConvPass::ForwardBiasActivation, depthwise_conv).await?;
    Ok(())
}

pub async fn conv2d_backward_input<B: Backend>(backend: &B) -> Result<(), String> {
    conv_cases(backend, 12, ConvPass::BackwardInput, dense_conv).await?;
    conv_cases(backend, 13, ConvPass::BackwardInput, grouped_conv).await?;
    conv_cases(backend, 14, ConvPass::BackwardInput, depthwise_conv).await?;
    Ok(())
}

pub async fn conv2d_backward_filter<B: Backend>(backend: &B) -> Result<(), String> {
    conv_cases(backend, 22, ConvPass::BackwardFilter, dense_conv).await?;
    conv_cases(backend, 23, ConvPass::BackwardFilter, grouped_conv).await?;
    conv_cases(backend, 24, ConvPass::BackwardFilter, depthwise_conv).await?;
    Ok(())
}

/// Pools take every padding the windows draw, explicit padding included (every darknet model pads its
/// pools): it is smaller than the kernel on each side, so each window holds at least one input cell.
fn random_pool(rng: &mut Rng, case: u64) -> Pool2d {
    let window = random_window(rng);
    let kind = if case.is_multiple_of(2) { PoolKind::Max } else { PoolKind::Average };
    Pool2d { window, channels: pick(rng, &AWKWARD[..10]), kind }
}

pub async fn pool2d<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(5);
    for case in 0..CASES {
        let op = random_pool(&mut rng, case);
        let input = random(&mut rng, op.input_len());
        let mut expected = zeros(op.output_len());
        Scalar.pool2d(&input, &mut expected, &op);
        let input = backend.upload(&input);
        let actual = poisoned(backend, op.output_len(), |out| backend.pool2d(&input, out, &op)).await;
        compare(&actual, &expected, 1e-6, &op)?;
    }
    Ok(())
}

/// The pool's backward with the backward of an activation beneath it, against the two one after the other
/// (the pool's alone where the activation is linear).
pub async fn pool2d_backward<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(15);
    for case in 0..CASES {
        let op = random_pool(&mut rng, case);
        let activation = Activation::ALL[(case / 2) as usize % Activation::ALL.len()];
        let mut input = random(&mut rng, op.input_len());
        if case % 3 == 0 {
            // Five levels only, so windows hold ties: the gradient must go to the first maximal tap.
            input.iter_mut().for_each(|v| *v = (*v * 2.0).round() / 2.0);
        }
        // The activation's output, spread over its slopes (ReLU6 past 6; ReLU's zeros tie).
        input.iter_mut().for_each(|v| *v = activation.apply(*v * 8.0));
        let dy = random(&mut rng, op.output_len());
        let mut pooled = zeros(op.input_len());
        Scalar.pool2d_backward(&input, &dy, &mut pooled, &op, Activation::Linear);
        let mut expected = zeros(op.input_len());
        Scalar.activation_backward(&input, &pooled, &mut expected, activation);
        let (input, dy) = (backend.upload(&input), backend.upload(&dy));
        let actual =
            poisoned(backend, op.input_len(), |dx| backend.pool2d_backward(&input, &dy, dx, &op, activation)).await;
        compare(&actual, &expected, 1e-5, &(&op, activation))?;
    }
    Ok(())
}

/// Max unpooling's backward: the gradient read at each window's maximum (ties included, as above).
pub async fn max_unpool<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(22);
    for case in 0..CASES {
        let op = Pool2d { kind: PoolKind::Max, ..random_pool(&mut rng, case) };
        let mut input = random(&mut rng, op.input_len());
        if case % 3 == 0 {
            input.iter_mut().for_each(|v| *v = (*v * 2.0).round() / 2.0);
        }
        let dy = random(&mut rng, op.input_len());
        let mut expected = zeros(op.output_len());
        Scalar.max_pool_gather(&input, &dy, &mut expected, &op);
        let (input, dy) = (backend.upload(&input), backend.upload(&dy));
        let actual = poisoned(backend, op.output_len(), |out| backend.max_pool_gather(&input, &dy, out, &op)).await;
        compare(&actual, &expected, 0.0, &op)?;
    }
    Ok(())
}

pub async fn bias_activation<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(6);
    for case in 0..CASES as usize {
        let activation = Activation::ALL[case % Activation::ALL.len()];
        let channels = pick(&mut rng, &AWKWARD);
        let pixels = pick(&mut rng, &AWKWARD);
        // Scaled so ReLU6 and the piecewise-linear unit see both their bends.
        let x: HostBuffer = random(&mut rng, pixels * channels).iter().map(|v| 8.0 * v).collect();
        let bias = random(&mut rng, channels);
        let mut expected = x.clone();
        Scalar.bias_activation(&mut expected, &bias, activation);
        let mut buffer = backend.upload(&x);
        backend.bias_activation(&mut buffer, &backend.upload(&bias), activation);
        compare(&backend.read(&buffer).await, &expected, 1e-5, &(activation, channels, pixels))?;
    }
    Ok(())
}

pub async fn activation_backward<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(7);
    for case in 0..CASES as usize {
        let activation = Activation::ALL[case % Activation::ALL.len()];
        let len = pick(&mut rng, &AWKWARD) * pick(&mut rng, &SMALL);
        let y: HostBuffer = random(&mut rng, len).iter().map(|v| activation.apply(8.0 * v)).collect();
        let dy = random(&mut rng, len);
        let mut expected = zeros(len);
        Scalar.activation_backward(&y, &dy, &mut expected, activation);
        let (y, dy) = (backend.upload(&y), backend.upload(&dy));
        let actual = poisoned(backend, len, |dx| backend.activation_backward(&y, &dy, dx, activation)).await;
        compare(&actual, &expected, 1e-5, &(activation, len))?;
    }
    Ok(())
}

pub async fn bias_backward<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(8);
    for _ in 0..CASES {
        let (channels, pixels) = (pick(&mut rng, &AWKWARD), pick(&mut rng, &CHANNEL_ROWS));
        let dy = random(&mut rng, channels * pixels);
        let mut expected = zeros(channels);
        Scalar.bias_backward(&dy, &mut expected);
        let dy = backend.upload(&dy);
        let actual = poisoned(backend, channels, |db| backend.bias_backward(&dy, db)).await;
        compare(&actual, &expected, sum_tolerance(pixels), &(channels, pixels))?;
    }
    Ok(())
}

/// add, mul and channel_affine (batch-norm in inference form) on random lengths.
pub async fn elementwise<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(9);
    for _ in 0..CASES {
        let (channels, pixels) = (pick(&mut rng, &AWKWARD), pick(&mut rng, &ROWS));
        let len = channels * pixels;
        let (a, b) = (random(&mut rng, len), random(&mut rng, len));
        let (scale, shift) = (random(&mut rng, channels), random(&mut rng, channels));
        let factor = 3.0 * rng.uniform_in(-1.0, 1.0);
        let (mut sum, mut product, mut scaled, mut affine) = (zeros(len), zeros(len), zeros(len), a.clone());
        Scalar.add(&a, &b, &mut sum);
        Scalar.mul(&a, &b, &mut product);
        Scalar.scale(&a, factor, &mut scaled);
        Scalar.channel_affine(&mut affine, &scale, &shift);
        let (a_gpu, b_gpu) = (backend.upload(&a), backend.upload(&b));
        compare(&poisoned(backend, len, |out| backend.add(&a_gpu, &b_gpu, out)).await, &sum, 1e-6, &("add", len))?;
        compare(&poisoned(backend, len, |out| backend.mul(&a_gpu, &b_gpu, out)).await, &product, 1e-6, &("mul", len))?;
        let actual = poisoned(backend, len, |out| backend.scale(&a_gpu, factor, out)).await;
        compare(&actual, &scaled, 1e-6, &("scale", len, factor))?;
        let (mut difference, mut clamped, mut signs) = (zeros(len), zeros(len), zeros(len));
        Scalar.sub(&a, &b, &mut difference);
        let (low, high) = (-rng.uniform(), rng.uniform());
        Scalar.clamp(&a, low, high, &mut clamped);
        // Some exact zeros, where sign must be 0.
        let with_zeros: HostBuffer = a.iter().enumerate().map(|(i, v)| if i % 5 == 0 { 0.0 } else { *v }).collect();
        Scalar.sign(&with_zeros, &mut signs);
        compare(
            &poisoned(backend, len, |out| backend.sub(&a_gpu, &b_gpu, out)).await,
            &difference,
            1e-6,
            &("sub", len),
        )?;
        let actual = poisoned(backend, len, |out| backend.clamp(&a_gpu, low, high, out)).await;
        compare(&actual, &clamped, 0.0, &("clamp", len, low, high))?;
        let zeros_gpu = backend.upload(&with_zeros);
        compare(&poisoned(backend, len, |out| backend.sign(&zeros_gpu, out)).await, &signs, 0.0, &("sign", len))?;
        let mut x = backend.upload(&a);
        backend.channel_affine(&mut x, &backend.upload(&scale), &backend.upload(&shift));
        compare(&backend.read(&x).await, &affine, 1e-6, &("channel_affine", channels))?;
        let activation = Activation::ALL[rng.below(Activation::ALL.len())];
        let wide: HostBuffer = a.iter().map(|v| 8.0 * v).collect();
        let mut expected = wide.clone();
        Scalar.activate(&mut expected, activation);
        let mut x = backend.upload(&wide);
        backend.activate(&mut x, activation);
        compare(&backend.read(&x).await, &expected, 1e-5, &("activate", activation, len))?;
    }
    Ok(())
}

pub async fn softmax<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(10);
    for _ in 0..CASES {
        let (classes, rows) = (pick(&mut rng, &AWKWARD), pick(&mut rng, &ROWS));
        let x: HostBuffer = random(&mut rng, classes * rows).iter().map(|v| 20.0 * v).collect();
        let mut expected = zeros(x.len());
        Scalar.softmax(&x, &mut expected, classes);
        let x = backend.upload(&x);
        let actual = poisoned(backend, classes * rows, |out| backend.softmax(&x, out, classes)).await;
        compare(&actual, &expected, 1e-5, &(classes, rows))?;
    }
    Ok(())
}

pub async fn concat_and_split<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(11);
    for _ in 0..CASES {
        let pixels = pick(&mut rng, &ROWS);
        let widths: Vec<usize> = (0..1 + rng.below(4)).map(|_| pick(&mut rng, &AWKWARD[..9])).collect();
        let parts: Vec<HostBuffer> = widths.iter().map(|c| random(&mut rng, c * pixels)).collect();
        let total = widths.iter().sum::<usize>() * pixels;
        let mut expected = zeros(total);
        let scalar_parts: Vec<(&HostBuffer, usize)> = parts.iter().zip(&widths).map(|(p, &c)| (p, c)).collect();
        Scalar.concat_channels(&scalar_parts, &mut expected, pixels);
        let uploaded: Vec<B::Buffer> = parts.iter().map(|p| backend.upload(p)).collect();
        let backend_parts: Vec<(&B::Buffer, usize)> = uploaded.iter().zip(&widths).map(|(p, &c)| (p, c)).collect();
        let concatenated = poisoned(backend, total, |out| backend.concat_channels(&backend_parts, out, pixels)).await;
        compare(&concatenated, &expected, 0.0, &(&widths, pixels))?;
        let whole = backend.upload(&expected);
        let mut outputs: Vec<B::Buffer> = widths.iter().map(|c| backend.upload(&vec![f32::NAN; c * pixels])).collect();
        let mut targets: Vec<(&mut B::Buffer, usize)> = outputs.iter_mut().zip(&widths).map(|(o, &c)| (o, c)).collect();
        backend.split_channels(&whole, &mut targets, pixels);
        for (output, part) in outputs.iter().zip(&parts) {
            compare(&backend.read(output).await, part, 0.0, &("split", &widths, pixels))?;
        }
    }
    Ok(())
}

fn random_image(rng: &mut Rng) -> Image {
    Image {
        batch: 1 + rng.below(3),
        height: pick(rng, &SMALL),
        width: pick(rng, &SMALL),
        channels: pick(rng, &AWKWARD[..9]),
    }
}

pub async fn upsample<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(16);
    for _ in 0..CASES {
        let shape = random_image(&mut rng);
        let (x, dy) = (random(&mut rng, shape.len()), random(&mut rng, shape.doubled().len()));
        let (mut up, mut down) = (zeros(shape.doubled().len()), zeros(shape.len()));
        Scalar.upsample_nearest2x(&x, &mut up, &shape);
        Scalar.upsample_nearest2x_backward(&dy, &mut down, &shape);
        let (x, dy) = (backend.upload(&x), backend.upload(&dy));
        let actual = poisoned(backend, up.len(), |out| backend.upsample_nearest2x(&x, out, &shape)).await;
        compare(&actual, &up, 0.0, &shape)?;
        let actual = poisoned(backend, down.len(), |dx| backend.upsample_nearest2x_backward(&dy, dx, &shape)).await;
        compare(&actual, &down, 1e-6, &shape)?;
    }
    Ok(())
}

pub async fn resize_bilinear<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(17);
    for case in 0..CASES {
        let input = random_image(&mut rng);
        let mode = [ResizeMode::HalfPixel, ResizeMode::AlignCorners, ResizeMode::Asymmetric][(case % 3) as usize];
        let op = Resize {
            input,
            out_height: pick(&mut rng, &AWKWARD[..10]),
            out_width: pick(&mut rng, &AWKWARD[..10]),
            mode,
        };
        let x = random(&mut rng, input.len());
        let mut expected = zeros(op.output().len());
        Scalar.resize_bilinear(&x, &mut expected, &op);
        let x = backend.upload(&x);
        let actual = poisoned(backend, expected.len(), |out| backend.resize_bilinear(&x, out, &op)).await;
        compare(&actual, &expected, 1e-5, &op)?;
    }
    Ok(())
}

pub async fn losses<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(18);
    for case in 0..CASES {
        let (classes, rows) = (pick(&mut rng, &AWKWARD[1..]), pick(&mut rng, &ROWS));
        let logits: HostBuffer = random(&mut rng, classes * rows).iter().map(|v| 5.0 * v).collect();
        let targets: HostBuffer = if case.is_multiple_of(2) {
            // One-hot labels.
            (0..rows)
                .flat_map(|_| {
                    let label = rng.below(classes);
                    (0..classes).map(move |c| f32::from(c == label))
                })
                .collect()
        } else {
            random(&mut rng, classes * rows)
        };
        let (mut grad, mut loss) = (zeros(logits.len()), zeros(1));
        let (logits_gpu, targets_gpu) = (backend.upload(&logits), backend.upload(&targets));
        let mut backend_grad = backend.upload(&vec![f32::NAN; logits.len()]);
        let mut backend_loss = backend.upload(&[f32::NAN]);
        if case.is_multiple_of(2) {
            Scalar.softmax_cross_entropy(&logits, &targets, &mut grad, &mut loss, classes);
            backend.softmax_cross_entropy(&logits_gpu, &targets_gpu, &mut backend_grad, &mut backend_loss, classes);
        } else if case % 4 == 1 {
            // Targets in [0, 1]: probabilities, as a GAN's real/fake labels or an autoencoder's pixels.
            let probabilities: HostBuffer = targets.iter().map(|t| t.abs()).collect();
            let probabilities_gpu = backend.upload(&probabilities);
            Scalar.sigmoid_cross_entropy(&logits, &probabilities, &mut grad, &mut loss);
            backend.sigmoid_cross_entropy(&logits_gpu, &probabilities_gpu, &mut backend_grad, &mut backend_loss);
        } else {
            Scalar.mean_squared_error(&logits, &targets, &mut grad, &mut loss);
            backend.mean_squared_error(&logits_gpu, &targets_gpu, &mut backend_grad, &mut backend_loss);
        }
        compare(&backend.read(&backend_grad).await, &grad, 1e-5, &("gradient", case, classes, rows))?;
        compare(&backend.read(&backend_loss).await, &loss, 1e-5, &("loss", case, classes, rows))?;
    }
    Ok(())
}

pub async fn optimisers<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(19);
    for case in 0..CASES {
        let len = pick(&mut rng, &AWKWARD) * pick(&mut rng, &SMALL);
        let (param, grad, m, v) = (
            random(&mut rng, len),
            random(&mut rng, len),
            random(&mut rng, len),
            random(&mut rng, len).iter().map(|x| x.abs()).collect::<HostBuffer>(),
        );
        let (mut p_expected, mut m_expected, mut v_expected) = (param.clone(), m.clone(), v.clone());
        let (mut p_actual, mut m_actual, mut v_actual) =
            (backend.upload(&param), backend.upload(&m), backend.upload(&v));
        let grad_actual = backend.upload(&grad);
        if case.is_multiple_of(2) {
            Scalar.sgd_momentum(&mut p_expected, &grad, &mut m_expected, 0.05, 0.9);
            backend.sgd_momentum(&mut p_actual, &grad_actual, &mut m_actual, 0.05, 0.9);
        } else {
            let op = Adam::new(0.01, 1 + case as u32);
            Scalar.adam(&mut p_expected, &grad, &mut m_expected, &mut v_expected, &op);
            backend.adam(&mut p_actual, &grad_actual, &mut m_actual, &mut v_actual, &op);
        }
        compare(&backend.read(&p_actual).await, &p_expected, 1e-5, &("param", case))?;
        compare(&backend.read(&m_actual).await, &m_expected, 1e-5, &("first moment", case))?;
        compare(&backend.read(&v_actual).await, &v_expected, 1e-5, &("second moment", case))?;
    }
    Ok(())
}

pub async fn batch_norm<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(21);
    for case in 0..CASES {
        let (channels, pixels) = (pick(&mut rng, &AWKWARD), pick(&mut rng, &CHANNEL_ROWS[1..]));
        // Offset and spread per channel, so the means and variances differ.
        let x: HostBuffer =
            (0..channels * pixels).map(|i| 3.0 * rng.uniform_in(-1.0, 1.0) + (i % channels) as f32).collect();
        let (gamma, beta, dy) = (random(&mut rng, channels), random(&mut rng, channels), random(&mut rng, x.len()));
        let epsilon = 1e-5;
        let mut statistics = zeros(2 * channels);
        Scalar.channel_moments(&x, &mut statistics);
        let mut y = zeros(x.len());
        Scalar.batch_norm(&x, &gamma, &beta, &statistics, &mut y, epsilon);
        let (mut dx, mut dgamma, mut dbeta) = (zeros(x.len()), zeros(channels), zeros(channels));
        Scalar.batch_norm_backward(&x, &dy, &gamma, &statistics, &mut dx, &mut dgamma, &mut dbeta, epsilon);
        let mut blended = zeros(x.len());
        Scalar.axpby(0.9, &x, -0.1, &dy, &mut blended);

        let [x_b, gamma_b, beta_b, dy_b] = [&x, &gamma, &beta, &dy].map(|v| backend.upload(v));
        let actual = poisoned(backend, 2 * channels, |s| backend.channel_moments(&x_b, s)).await;
        compare(&actual, &statistics, 1e-4, &("channel_moments", case, channels, pixels))?;
        let statistics_b = backend.upload(&statistics);
        let actual =
            poisoned(backend, x.len(), |out| backend.batch_norm(&x_b, &gamma_b, &beta_b, &statistics_b, out, epsilon))
                .await;
        compare(&actual, &y, 1e-4, &("batch_norm", case, channels, pixels))?;
        let mut dgamma_b = backend.upload(&vec![f32::NAN; channels]);
        let mut dbeta_b = backend.upload(&vec![f32::NAN; channels]);
        let actual_dx = poisoned(backend, x.len(), |out| {
            backend.batch_norm_backward(&x_b, &dy_b, &gamma_b, &statistics_b, out, &mut dgamma_b, &mut dbeta_b, epsilon)
        })
        .await;
        compare(&actual_dx, &dx, sum_tolerance(pixels) * 10.0, &("batch_norm_backward dx", case, channels, pixels))?;
        compare(&backend.read(&dgamma_b).await, &dgamma, sum_tolerance(pixels), &("dgamma", case))?;
        compare(&backend.read(&dbeta_b).await, &dbeta, sum_tolerance(pixels), &("dbeta", case))?;
        let actual = poisoned(backend, x.len(), |out| backend.axpby(0.9, &x_b, -0.1, &dy_b, out)).await;
        compare(&actual, &blended, 1e-6, &("axpby", case))?;
    }
    Ok(())
}

/// Fixed large cases the random draws never reach: 3×3 SAME convolutions as wide as a detector's (48 → 96 and
/// 64 → 136 channels at 20×20), one over a batch of 3 200 pixels (20 → 33 channels), whose filter gradient a
/// GPU sums in several parts, one in two groups wide enough for a GPU's GEMM tiles (2 × 20 → 2 × 33), and
/// a pointwise (1 × 1) one, which a GPU runs as a matrix product (37 → 70 channels at 13 × 9), a depthwise
/// one of 53 channels (the SIMD kernel's blocks of 32, 16 and 4 channels, and one channel past them) and a
/// pointwise one 601 channels deep (a product whose depth a GPU splits), forward with and without the
/// layer's bias and activation, and both backward passes; matmuls with n = 130 (past two 64-wide tiles, and
/// one 128-wide), one of them with m = 161, with and without a bias and an activation; and a bias-activation over 5 M values, whose one-value-per-invocation dispatch needs more than
/// 65 535 workgroups in one dimension, and its backward, which the SIMD backend splits over its threads.
pub async fn large_shapes<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(31);
    let window = |batch, (height, width), kernel| Window {
        batch,
        height,
        width,
        kernel_h: kernel,
        kernel_w: kernel,
        stride_h: 1,
        stride_w: 1,
        padding: Padding::Same,
    };
    let cases = [
        (window(1, (20, 20), 3), 48, 96, 1),
        (window(2, (20, 20), 3), 64, 136, 1),
        (window(8, (20, 20), 3), 20, 33, 1),
        (window(3, (20, 20), 3), 40, 66, 2),
        (window(3, (13, 9), 1), 37, 70, 1),
        // Few tiles and a deep sum: the forward product's depth is split (in two: 720 and 2 × 576 deep).
        (window(1, (13, 11), 3), 80, 70, 1),
        (window(1, (9, 9), 3), 128, 80, 2),
        (window(2, (7, 9), 3), 53, 53, 53),
        // Pointwise, so a product, deep enough to be staged and to be split.
        (window(1, (7, 5), 1), 601, 70, 1),
    ];
    for (window, in_channels, out_channels, groups) in cases {
        let op = Conv2d { window, in_channels, out_channels, groups };
        let (batch, taps) = (window.batch, window.kernel_h * window.kernel_w);
        let input = random(&mut rng, op.input_len());
        let weights = random(&mut rng, op.weights_len());
        let dy = random(&mut rng, op.output_len());
        let (mut y, mut dx, mut dw) = (zeros(op.output_len()), zeros(op.input_len()), zeros(op.weights_len()));
        Scalar.conv2d(&input, &weights, &mut y, &op);
        Scalar.conv2d_backward_input(&dy, &weights, &mut dx, &op);
        Scalar.conv2d_backward_filter(&input, &dy, &mut dw, &op);
        let (input_b, weights_b, dy_b) = (backend.upload(&input), backend.upload(&weights), backend.upload(&dy));
        let actual = poisoned(backend, y.len(), |out| backend.conv2d(&input_b, &weights_b, out, &op)).await;
        compare(&actual, &y, sum_tolerance(taps * op.in_per_group()), &("conv2d", &op))?;
        // The layer's whole forward pass, through every kernel above and the sums of a split depth.
        let (bias, activation) = (random(&mut rng, op.out_channels), Activation::LeakyRelu(0.1));
        let mut layer = y.clone();
        Scalar.bias_activation(&mut layer, &bias, activation);
        let bias = backend.upload(&bias);
        let actual = poisoned(backend, y.len(), |out| {
            backend.conv2d_bias_activation(&input_b, &weights_b, Some(&bias), out, &op, activation)
        })
        .await;
        compare(&actual, &layer, sum_tolerance(taps * op.in_per_group()), &("conv2d_bias_activation", &op))?;
        let actual =
            poisoned(backend, dx.len(), |out| backend.conv2d_backward_input(&dy_b, &weights_b, out, &op)).await;
        compare(&actual, &dx, sum_tolerance(taps * op.out_per_group()), &("conv2d_backward_input", &op))?;
        let actual = poisoned(backend, dw.len(), |out| backend.conv2d_backward_filter(&input_b, &dy_b, out, &op)).await;
        compare(&actual, &dw, sum_tolerance(batch * window.height * window.width), &("conv2d_backward_filter", &op))?;
    }
    // The second deep enough, with few enough tiles, for its depth to be split; the last past a 128-wide
    // tile both ways.
    let products = [(97, false, false, 300), (97, true, true, 300), (97, false, true, 601), (161, true, false, 83)];
    for (m, transpose_a, transpose_b, k) in products {
        let op = Matmul { m, n: 130, k, transpose_a, transpose_b };
        let (a, b) = (random(&mut rng, op.m * op.k), random(&mut rng, op.k * op.n));
        let mut expected = zeros(op.m * op.n);
        Scalar.matmul(&a, &b, &mut expected, &op);
        let (a, b) = (backend.upload(&a), backend.upload(&b));
        let actual = poisoned(backend, expected.len(), |out| backend.matmul(&a, &b, out, &op)).await;
        compare(&actual, &expected, sum_tolerance(op.k), &op)?;
        // A dense layer's forward pass, through the same kernels and the sums of a split depth.
        let (bias, activation) = (random(&mut rng, op.n), Activation::Relu6);
        Scalar.bias_activation(&mut expected, &bias, activation);
        let bias = backend.upload(&bias);
        let actual = poisoned(backend, expected.len(), |out| {
            backend.matmul_bias_activation(&a, &b, Some(&bias), out, &op, activation)
        })
        .await;
        compare(&actual, &expected, sum_tolerance(op.k), &("matmul_bias_activation", &op))?;
    }
    let (channels, pixels) = (5, 1_000_003);
    let x = random(&mut rng, channels * pixels);
    let bias = random(&mut rng, channels);
    let mut expected = x.clone();
    Scalar.bias_activation(&mut expected, &bias, Activation::LeakyRelu(0.1));
    let mut buffer = backend.upload(&x);
    backend.bias_activation(&mut buffer, &backend.upload(&bias), Activation::LeakyRelu(0.1));
    compare(&backend.read(&buffer).await, &expected, 1e-6, &("bias_activation", channels, pixels))?;
    // Its backward, long enough to be split over the threads: y is the output above.
    let dy = random(&mut rng, x.len());
    let mut dx = zeros(x.len());
    Scalar.activation_backward(&expected, &dy, &mut dx, Activation::LeakyRelu(0.1));
    let (y, dy) = (backend.upload(&expected), backend.upload(&dy));
    let actual =
        poisoned(backend, x.len(), |out| backend.activation_backward(&y, &dy, out, Activation::LeakyRelu(0.1))).await;
    compare(&actual, &dx, 1e-6, &("activation_backward", channels, pixels))
}

/// A convolution's input read again after it changed is read anew. A backend may keep the bordered input
/// on its buffer between the forward pass and the filter gradient (and the output gradient between an input
/// gradient and the next): the same input read with another border, written whole, and changed in place by
/// another op, must each be bordered again, and a border made where a dropped one lay (of another layout)
/// must not keep what that one held.
pub async fn conv2d_input_changed<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(42);
    let window =
        |padding| Window { batch: 2, height: 7, width: 6, kernel_h: 3, kernel_w: 3, stride_h: 1, stride_w: 1, padding };
    let same = Conv2d { window: window(Padding::Same), in_channels: 5, out_channels: 8, groups: 1 };
    // A border as large, the input a row lower in it.
    let lower = Conv2d { window: window(Padding::Explicit { top: 2, bottom: 0, left: 1, right: 1 }), ..same };
    let weights = random(&mut rng, same.weights_len());
    let weights_b = backend.upload(&weights);
    let mut input = random(&mut rng, same.input_len());
    let mut input_b = backend.upload(&input);
    for (step, op) in [("first", same), ("another border", lower), ("the first again", same)] {
        reads_input(backend, &input, &input_b, (&weights, &weights_b), &op, step).await?;
    }
    input = random(&mut rng, same.input_len());
    backend.write(&mut input_b, &input);
    for (step, op) in [("input written, another border", lower), ("input written", same)] {
        reads_input(backend, &input, &input_b, (&weights, &weights_b), &op, step).await?;
    }
    Scalar.activate(&mut input, Activation::Relu);
    backend.activate(&mut input_b, Activation::Relu);
    reads_input(backend, &input, &input_b, (&weights, &weights_b), &same, "input changed in place").await
}

/// The forward pass, the filter gradient and the input gradient of `op` on `input` (uploaded as
/// `input_b`; dY is `input`'s values over again) against the scalar's.
async fn reads_input<B: Backend>(
    backend: &B,
    input: &HostBuffer,
    input_b: &B::Buffer,
    (weights, weights_b): (&HostBuffer, &B::Buffer),
    op: &Conv2d,
    step: &str,
) -> Result<(), String> {
    let taps = op.window.kernel_h * op.window.kernel_w;
    let mut expected = zeros(op.output_len());
    Scalar.conv2d(input, weights, &mut expected, op);
    let actual = poisoned(backend, op.output_len(), |out| backend.conv2d(input_b, weights_b, out, op)).await;
    compare(&actual, &expected, sum_tolerance(taps * op.in_per_group()), &(step, "forward", op))?;
    // The output's gradient: the input's values over again, so that it changes with the input.
    let dy: HostBuffer = input.iter().cycle().take(op.output_len()).copied().collect();
    let dy_b = backend.upload(&dy);
    let mut expected = zeros(op.weights_len());
    Scalar.conv2d_backward_filter(input, &dy, &mut expected, op);
    let actual = poisoned(backend, op.weights_len(), |dw| backend.conv2d_backward_filter(input_b, &dy_b, dw, op)).await;
    compare(&actual, &expected, sum_tolerance(op.output_len() / op.out_channels), &(step, "filter", op))?;
    let mut expected = zeros(op.input_len());
    Scalar.conv2d_backward_input(&dy, weights, &mut expected, op);
    let actual = poisoned(backend, op.input_len(), |dx| backend.conv2d_backward_input(&dy_b, weights_b, dx, op)).await;
    compare(&actual, &expected, sum_tolerance(taps * op.out_per_group()), &(step, "input", op))
}

/// A convolution run again after its weights changed computes with the new weights: weights written whole
/// (how a model's weights load into a buffer made before) and weights updated in place by an optimiser step
/// (how training changes them). A backend that keeps a packed form of the weights must make it again.
pub async fn conv2d_weights_changed<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(41);
    let window = |height, width| Window {
        batch: 1,
        height,
        width,
        kernel_h: 3,
        kernel_w: 3,
        stride_h: 1,
        stride_w: 1,
        padding: Padding::Same,
    };
    // Pixels split over threads; more channels than pixels (split by columns); two groups.
    let cases = [(window(9, 7), 5, 20, 1), (window(3, 3), 6, 40, 1), (window(6, 5), 8, 12, 2)];
    for (window, in_channels, out_channels, groups) in cases {
        let op = Conv2d { window, in_channels, out_channels, groups };
        let input = random(&mut rng, op.input_len());
        let input_b = backend.upload(&input);
        let conv = |weights: &HostBuffer| {
            let mut expected = zeros(op.output_len());
            Scalar.conv2d(&input, weights, &mut expected, &op);
            expected
        };
        let tolerance = sum_tolerance(9 * op.in_per_group());
        let mut weights = random(&mut rng, op.weights_len());
        let mut weights_b = backend.upload(&weights);
        for step in ["first run", "second run"] {
            let actual = poisoned(backend, op.output_len(), |out| backend.conv2d(&input_b, &weights_b, out, &op)).await;
            compare(&actual, &conv(&weights), tolerance, &(step, &op))?;
        }
        weights = random(&mut rng, op.weights_len());
        backend.write(&mut weights_b, &weights);
        let actual = poisoned(backend, op.output_len(), |out| backend.conv2d(&input_b, &weights_b, out, &op)).await;
        compare(&actual, &conv(&weights), tolerance, &("weights written", &op))?;
        let (gradient, mut velocity) = (random(&mut rng, weights.len()), zeros(weights.len()));
        let (gradient_b, mut velocity_b) = (backend.upload(&gradient), backend.upload(&velocity));
        Scalar.sgd_momentum(&mut weights, &gradient, &mut velocity, 0.5, 0.9);
        backend.sgd_momentum(&mut weights_b, &gradient_b, &mut velocity_b, 0.5, 0.9);
        let actual = poisoned(backend, op.output_len(), |out| backend.conv2d(&input_b, &weights_b, out, &op)).await;
        compare(&actual, &conv(&weights), tolerance, &("weights stepped", &op))?;
    }
    Ok(())
}

/// Int8 inference (`simd::int8::SimdInt8`) on the ops it covers — matmul in each transposition, dense
/// convolutions of every padding and stride — against the scalar reference in float: exact integer
/// arithmetic (float on the dequantised input and weights, up to float rounding) and within the stated
/// bound (`int8::error_bound`) of float on the original input. Not a backend's check: its answers differ from
/// float by design, by at most that bound.
pub async fn int8_ops() -> Result<(), String> {
    use crate::compress::quantise::{int8, Granularity};
    use crate::engine::simd::int8::{error_bound, quantised_weights, SimdInt8};
    let dequantised_input = |values: &[f32]| -> HostBuffer {
        let (q, scales) = int8(values, 1, Granularity::Tensor);
        q.iter().map(|&q| f32::from(q) * scales[0]).collect()
    };
    // Column-major int8 weights and their scales back to a row-major [k, n] float matrix.
    let dequantised_weights = |columns: &[i8], scales: &[f32], k: usize| -> HostBuffer {
        let n = scales.len();
        (0..k * n).map(|i| f32::from(columns[(i % n) * k + i / n]) * scales[i % n]).collect()
    };
    let check = |case: &dyn std::fmt::Debug, int8: &[f32], exact: &[f32], float: &[f32], bound: &[f32], depth| {
        compare(int8, exact, sum_tolerance(depth), case)?;
        for (i, (q, f)) in int8.iter().zip(float).enumerate() {
            let limit = bound[i % bound.len()] * (1.0 + 1e-5) + 1e-5;
            if (q - f).abs() > limit {
                return Err(format!("{case:?}: element {i} is {q}, float {f}: beyond the bound {limit}"));
            }
        }
        Ok(())
    };
    let mut rng = Rng::new(8);
    for _ in 0..CASES {
        let (m, k, n) = (pick(&mut rng, &ROWS), pick(&mut rng, &DEPTHS), pick(&mut rng, &AWKWARD));
        let op = Matmul { m, n, k, transpose_a: rng.below(2) == 1, transpose_b: rng.below(2) == 1 };
        let (a, b) = (random(&mut rng, m * k), random(&mut rng, k * n));
        let int8 =
            poisoned(&SimdInt8, m * n, |out| SimdInt8.matmul(&SimdInt8.upload(&a), &SimdInt8.upload(&b), out, &op))
                .await;
        // The oracle's operands as plain [m, k] and [k, n], quantised as the backend quantises them.
        let a: HostBuffer = (0..m * k).map(|i| if op.transpose_a { a[(i % k) * m + i / k] } else { a[i] }).collect();
        let b: HostBuffer = (0..k * n).map(|i| if op.transpose_b { b[(i % n) * k + i / n] } else { b[i] }).collect();
        let (columns, scales) = quantised_weights(&b, k, n);
        let b = dequantised_weights(&columns, &scales, k);
        let plain = Matmul::new(m, n, k);
        let exact = poisoned(&Scalar, m * n, |out| Scalar.matmul(&dequantised_input(&a), &b, out, &plain)).await;
        let float = poisoned(&Scalar, m * n, |out| Scalar.matmul(&a, &b, out, &plain)).await;
        check(&("int8 matmul", op), &int8, &exact, &float, &error_bound(&a, &columns, &scales, k), k)?;
    }
    for _ in 0..CASES {
        let window = random_window(&mut rng);
        let op = dense_conv(&mut rng, window);
        let (input, weights) = (random(&mut rng, op.input_len()), random(&mut rng, op.weights_len()));
        let (x, w) = (SimdInt8.upload(&input), SimdInt8.upload(&weights));
        let int8 = poisoned(&SimdInt8, op.output_len(), |out| SimdInt8.conv2d(&x, &w, out, &op)).await;
        let depth = op.window.kernel_h * op.window.kernel_w * op.in_channels;
        let (columns, scales) = quantised_weights(&weights, depth, op.out_channels);
        let w = dequantised_weights(&columns, &scales, depth);
        let len = op.output_len();
        let exact = poisoned(&Scalar, len, |out| Scalar.conv2d(&dequantised_input(&input), &w, out, &op)).await;
        let float = poisoned(&Scalar, len, |out| Scalar.conv2d(&input, &w, out, &op)).await;
        let bound = error_bound(&input, &columns, &scales, depth);
        check(&("int8 conv2d", op), &int8, &exact, &float, &bound, depth)?;
    }
    Ok(())
}

/// A recurrent layer's forward pass composed from the engine's plain ops on the scalar backend, step by
/// step: h[t−1] · W by matmul, the sum with the step's pre-activations, the gates' activations, and for
/// the LSTM the cell's products and sums. The fused ops (`Backend::recurrent_forward`) must equal it.
pub fn composed_recurrent(pre: &[f32], weight: &[f32], op: &Recurrent) -> Vec<f32> {
    let Recurrent { cell, batch, steps, hidden: units } = *op;
    let width = op.width();
    let activated = |z: &[f32], activation| {
        let mut z = HostBuffer::from(z.to_vec());
        Scalar.activate(&mut z, activation);
        z
    };
    let binary = |a: &HostBuffer, b: &HostBuffer, f: fn(&Scalar, &HostBuffer, &HostBuffer, &mut HostBuffer)| {
        let mut out = zeros(a.len());
        f(&Scalar, a, b, &mut out);
        out
    };
    let mut hidden = zeros(op.hidden_len());
    let (mut last, mut last_cell) = (zeros(batch * units), zeros(batch * units));
    let weight = HostBuffer::from(weight.to_vec());
    for t in 0..steps {
        let step_pre: HostBuffer =
            (0..batch).flat_map(|b| pre[(b * steps + t) * width..][..width].iter().copied()).collect();
        let mut product = zeros(batch * width);
        Scalar.matmul(&last, &weight, &mut product, &Matmul::new(batch, width, units));
        let z = binary(&step_pre, &product, Scalar::add);
        let h = match cell {
            Cell::Tanh => activated(&z, Activation::Tanh),
            Cell::Lstm => {
                let mut gates = [(); 4].map(|_| zeros(batch * units));
                let mut parts: Vec<_> = gates.iter_mut().map(|g| (g, units)).collect();
                Scalar.split_channels(&z, &mut parts, batch);
                let [i, f, g, o] = gates;
                let (i, f, g, o) = (
                    activated(&i, Activation::Sigmoid),
                    activated(&f, Activation::Sigmoid),
                    activated(&g, Activation::Tanh),
                    activated(&o, Activation::Sigmoid),
                );
                let kept = binary(&f, &last_cell, Scalar::mul);
                let written = binary(&i, &g, Scalar::mul);
                last_cell = binary(&kept, &written, Scalar::add);
                binary(&o, &activated(&last_cell, Activation::Tanh), Scalar::mul)
            }
        };
        for b in 0..batch {
            hidden[(b * steps + t) * units..][..units].copy_from_slice(&h[b * units..][..units]);
        }
        last = h;
    }
    hidden.into()
}

/// Random layers of both cells: the forward pass against the composed oracle, backward through time
/// and the weight's gradient against the scalar backend's (itself held to finite differences by
/// crate/tests/gradient_checks.rs).
pub async fn recurrent<B: Backend>(backend: &B) -> Result<(), String> {
    let mut rng = Rng::new(20);
    for case in 0..CASES {
        let cell = Cell::ALL[case as usize % 2];
        let op = Recurrent {
            cell,
            batch: pick(&mut rng, &SMALL),
            steps: pick(&mut rng, &AWKWARD[..10]),
            hidden: pick(&mut rng, &AWKWARD[..10]),
        };
        let pre = random(&mut rng, op.pre_len());
        // Recurrent weights of about 1 / √hidden keep the state in the tanh's working range.
        let scale = 1.0 / (op.hidden as f32).sqrt();
        let weight: HostBuffer = random(&mut rng, op.weight_len()).iter().map(|w| w * scale).collect();
        let dhidden = random(&mut rng, op.hidden_len());
        let expected = composed_recurrent(&pre, &weight, &op);
        let tolerance = 1e-5 * op.steps as f32;
        let (pre_b, weight_b) = (backend.upload(&pre), backend.upload(&weight));
        let mut memory = backend.upload(&vec![f32::NAN; op.memory_len()]);
        let hidden =
            poisoned(backend, op.hidden_len(), |h| backend.recurrent_forward(&pre_b, &weight_b, h, &mut memory, &op))
                .await;
        compare(&hidden, &expected, tolerance, &("recurrent forward", op))?;

        let mut scalar_memory = zeros(op.memory_len());
        let mut scalar_hidden = zeros(op.hidden_len());
        Scalar.recurrent_forward(&pre, &weight, &mut scalar_hidden, &mut scalar_memory, &op);
        let (mut dpre, mut state, mut dweight) = (zeros(op.pre_len()), zeros(op.state_len()), zeros(op.weight_len()));
        Scalar.recurrent_backward(&scalar_memory, &weight, &dhidden, &mut dpre, &mut state, &op);
        Scalar.recurrent_weight_gradient(&scalar_hidden, &dpre, &mut dweight, &op);

        let hidden_b = backend.upload(&hidden);
        let dhidden_b = backend.upload(&dhidden);
        let mut dpre_b = backend.upload(&vec![f32::NAN; op.pre_len()]);
        let mut state_b = backend.upload(&vec![f32::NAN; op.state_len()]);
        backend.recurrent_backward(&memory, &weight_b, &dhidden_b, &mut dpre_b, &mut state_b, &op);
        let dweight_b =
            poisoned(backend, op.weight_len(), |dw| backend.recurrent_weight_gradient(&hidden_b, &dpre_b, dw, &op))
                .await;
        compare(&backend.read(&dpre_b).await, &dpre, tolerance, &("recurrent backward: dpre", op))?;
        compare(&backend.read(&state_b).await, &state, tolerance, &("recurrent backward: state", op))?;
        let depth = op.batch * op.steps;
        compare(&dweight_b, &dweight, tolerance.max(sum_tolerance(depth)), &("recurrent weight gradient", op))?;
    }
    Ok(())
}

/// Declares the checks once: the two lists of names, and `run`, which calls a check by its name.
macro_rules! checks {
    (kernels: [$($kernel:ident),+ $(,)?], host_memory: [$($host:ident),+ $(,)?] $(,)?) => {
        /// The checks of the arithmetic-bound ops, which every backend computes with kernels of its own.
        const KERNEL_CHECKS: [&str; [$(stringify!($kernel)),+].len()] = [$(stringify!($kernel)),+];

        /// The checks of the memory-bound ops, which the host-memory backends (scalar, SIMD) share: the
        /// scalar reference's loops, in the one macro that writes them (`scalar::host_memory_methods`).
        pub const HOST_MEMORY_CHECKS: [&str; [$(stringify!($host)),+].len()] = [$(stringify!($host)),+];

        /// Runs the check called `name` on `backend`.
        pub async fn run<B: Backend>(backend: &B, name: &str) -> Result<(), String> {
            match name {
                $(stringify!($kernel) => $kernel(backend).await,)+
                $(stringify!($host) => $host(backend).await,)+
                other => Err(format!("no check called {other}")),
            }
        }
    };
}

checks! {
    kernels: [
        matmul,
        matmul_bias_activation,
        conv2d,
        conv2d_bias_activation,
        conv2d_backward_input,
        conv2d_backward_filter,
        conv2d_weights_changed,
        conv2d_input_changed,
        pool2d,
        pool2d_backward,
        bias_activation,
        activation_backward,
        bias_backward,
        recurrent,
        large_shapes,
    ],
    host_memory: [
        elementwise,
        softmax,
        concat_and_split,
        upsample,
        resize_bilinear,
        losses,
        optimisers,
        batch_norm,
        max_unpool,
    ],
}

/// Every check, by name: what `run` accepts.
pub const CHECKS: [&str; KERNEL_CHECKS.len() + HOST_MEMORY_CHECKS.len()] = concat(KERNEL_CHECKS, HOST_MEMORY_CHECKS);

const fn concat<const A: usize, const B: usize, const C: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; C] {
    assert!(A + B == C, "the lengths of the two lists add up to the whole");
    let mut all = [""; C];
    let mut i = 0;
    while i < C {
        all[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    all
}

/// The checks of the ops `backend` computes with code of its own, in suite order.
pub fn own_checks<B: Backend>(backend: &B) -> Vec<&'static str> {
    CHECKS.into_iter().filter(|check| !backend.borrowed_checks().contains(check)).collect()
}
