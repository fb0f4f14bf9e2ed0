//! A MNIST-sized training run (28 × 28 images, the workshop CNN, 150 SGD steps) gives the same
//! loss curve on every backend, and the loss falls.
//!
//! The images are synthetic so the test needs no dataset: each class has a fixed random template, and an
//! image is its class's template plus noise, which a CNN learns to tell apart within the run.

use playground::activation::Activation;
use playground::engine::ops::PoolKind;
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::models::cnn::{Cnn, CnnSpec, ConvBlock};
use playground::nn::Optimiser;
use playground::rng::Rng;

const BATCH: usize = 16;
const SIDE: usize = 28;
const CLASSES: usize = 10;
const STEPS: usize = 150;

/// `STEPS` batches of (images, labels).
fn batches() -> Vec<(Vec<f32>, Vec<u8>)> {
    let mut rng = Rng::new(11);
    let templates: Vec<Vec<f32>> = (0..CLASSES).map(|_| (0..SIDE * SIDE).map(|_| rng.uniform()).collect()).collect();
    (0..STEPS)
        .map(|_| {
            let mut images = Vec::with_capacity(BATCH * SIDE * SIDE);
            let mut labels = Vec::with_capacity(BATCH);
            for _ in 0..BATCH {
                let label = rng.below(CLASSES);
                images.extend(templates[label].iter().map(|t| t + 0.5 * rng.uniform_in(-1.0, 1.0)));
                labels.push(label as u8);
            }
            (images, labels)
        })
        .collect()
}

fn loss_curve<B: Backend>(
    backend: &B,
    spec: &CnnSpec,
    optimiser: Optimiser,
    batches: &[(Vec<f32>, Vec<u8>)],
) -> Vec<f32> {
    let mut model = Cnn::new(backend, spec, 5).unwrap();
    batches
        .iter()
        .map(|(images, labels)| {
            model.train_step(images, labels, optimiser);
            pollster::block_on(model.last_loss())
        })
        .collect()
}

/// Trains `spec` on the first `steps` batches on every backend; the loss must fall by `factor` and every
/// backend's curve must follow the scalar one.
fn check_every_backend(spec: &CnnSpec, optimiser: Optimiser, steps: usize, factor: f32) {
    let batches = &batches()[..steps];
    let reference = loss_curve(&Scalar, spec, optimiser, batches);
    let mean = |losses: &[f32]| losses.iter().sum::<f32>() / losses.len() as f32;
    let (start, end) = (mean(&reference[..10]), mean(&reference[steps - 10..]));
    assert!(end < factor * start, "the loss did not fall: {start} → {end}");
    let simd = loss_curve(&Simd, spec, optimiser, batches);
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter");
    let webgpu = loss_curve(&gpu, spec, optimiser, batches);
    for (name, curve) in [("simd", simd), ("webgpu", webgpu)] {
        for (step, (actual, expected)) in curve.iter().zip(&reference).enumerate() {
            assert!(
                (actual - expected).abs() <= 1e-3 * (1.0 + expected.abs()),
                "{name} step {step}: loss {actual}, scalar {expected}"
            );
        }
    }
}

#[test]
fn every_backend_follows_the_scalar_loss_curve() {
    check_every_backend(&CnnSpec::default(), Optimiser::Sgd { learning_rate: 0.01, momentum: 0.9 }, STEPS, 0.2);
}

#[test]
fn an_edited_network_trains_alike_on_every_backend() {
    let block = |filters, pooling| ConvBlock { filters, kernel: 5, pooling, fire: false };
    let spec = CnnSpec {
        blocks: vec![block(4, PoolKind::Average), block(6, PoolKind::Max), block(5, PoolKind::Average)],
        activation: Activation::Tanh,
        hidden: Some(12),
        ..CnnSpec::default()
    };
    check_every_backend(&spec, Optimiser::adam(0.003), 80, 0.6);
}
