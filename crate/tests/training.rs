//! A MNIST-sized training run (28 × 28 images, the workshop CNN, a few hundred SGD steps) gives the same
//! loss curve on every backend, and the loss falls.
//!
//! The images are synthetic so the test needs no dataset: each class has a fixed random template, and an
//! image is its class's template plus noise, which a CNN learns to tell apart within the run.

use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::models::mnist_cnn::{MnistCnn, CLASSES, SIDE};
use playground::rng::Rng;

const BATCH: usize = 16;
const STEPS: usize = 300;

/// `STEPS` batches of (images, one-hot targets).
fn batches() -> Vec<(Vec<f32>, Vec<f32>)> {
    let mut rng = Rng::new(11);
    let templates: Vec<Vec<f32>> = (0..CLASSES).map(|_| (0..SIDE * SIDE).map(|_| rng.uniform()).collect()).collect();
    (0..STEPS)
        .map(|_| {
            let mut images = Vec::with_capacity(BATCH * SIDE * SIDE);
            let mut targets = vec![0.0; BATCH * CLASSES];
            for row in 0..BATCH {
                let label = rng.below(CLASSES);
                images.extend(templates[label].iter().map(|t| t + 0.5 * rng.uniform_in(-1.0, 1.0)));
                targets[row * CLASSES + label] = 1.0;
            }
            (images, targets)
        })
        .collect()
}

fn loss_curve<B: Backend>(backend: &B, batches: &[(Vec<f32>, Vec<f32>)]) -> Vec<f32> {
    let mut model = MnistCnn::new(backend, BATCH, 5);
    batches
        .iter()
        .map(|(images, targets)| {
            model.train_step(&backend.upload(images), &backend.upload(targets), 0.01, 0.9);
            pollster::block_on(model.loss())
        })
        .collect()
}

#[test]
fn every_backend_follows_the_scalar_loss_curve() {
    let batches = batches();
    let reference = loss_curve(&Scalar, &batches);
    let mean = |losses: &[f32]| losses.iter().sum::<f32>() / losses.len() as f32;
    let (start, end) = (mean(&reference[..20]), mean(&reference[STEPS - 20..]));
    assert!(end < 0.2 * start, "the loss did not fall: {start} → {end}");
    let simd = loss_curve(&Simd, &batches);
    let webgpu = loss_curve(&WebGpu::new().expect("the WebGPU backend needs a GPU adapter"), &batches);
    for (name, curve) in [("simd", simd), ("webgpu", webgpu)] {
        for (step, (actual, expected)) in curve.iter().zip(&reference).enumerate() {
            assert!(
                (actual - expected).abs() <= 1e-3 * (1.0 + expected.abs()),
                "{name} step {step}: loss {actual}, scalar {expected}"
            );
        }
    }
}
