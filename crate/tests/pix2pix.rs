//! pix2pix on digits: the Sobel edge map is the hand-worked one; within five hundred iterations the
//! generator draws held-out digits from their edges far closer than a blank image is to them; its
//! iterations give the same losses on every backend; the command prints its figures as JSON lines.

use playground::data::image_set::ImageSet;
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::labs::pix2pix::{default_training, sobel_edges, Pix2pix};
use playground::models::pix2pix::Pix2pixSpec;
use support::{assert_agree_with_scalar, json_lines, shared_mnist};

mod support;

fn mnist() -> (ImageSet, ImageSet) {
    playground::data::convert::read_originals(&shared_mnist()).expect("MNIST in ../shared")
}

#[test]
fn the_edge_map_of_a_step_is_the_hand_worked_one() {
    // Five by five, a step of 0.25 between columns 1 and 2. Across the step the Sobel filter sees
    // (0.25 + 2 · 0.25 + 0.25) − 0 = 1, half a full edge; at the right border the image meets the zero
    // outside it, the same step down. Row 0 also sees the zero above: gy there is 0.25 · (0, 1, 3, 4, 3).
    let image: Vec<f32> = (0..25).map(|i| if i % 5 >= 2 { 0.25 } else { 0.0 }).collect();
    let edges = sobel_edges(&image, 5);
    let close = |found: &[f32], expected: &[f32]| found.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-6);
    assert!(close(&edges[10..15], &[0.0, 0.5, 0.5, 0.0, 0.5]), "row 2: {:?}", &edges[10..15]);
    // Row 0, x = 2: gx = 2 · 0.25 + 0.25 − 0 = 0.75, gy = 0 + 2 · 0.25 + 0.25 = 0.75: half of 0.75 · √2.
    assert!((edges[2] - 0.375 * 2f32.sqrt()).abs() < 1e-6, "row 0: {:?}", &edges[0..5]);
    // A full step of 1 is clamped to 1.
    let full: Vec<f32> = image.iter().map(|v| 4.0 * v).collect();
    assert!(close(&sobel_edges(&full, 5)[10..15], &[0.0, 1.0, 1.0, 0.0, 1.0]));
}

/// Measured once: the test pairs' mean absolute difference went 0.20, 0.11, 0.072, 0.053, 0.042 every
/// hundred iterations, where a blank image's is 0.13.
const ITERATIONS: usize = 500;
const TEST_PAIRS: usize = 500;

#[test]
fn within_five_hundred_iterations_held_out_digits_are_drawn_from_their_edges() {
    let (train, test) = mnist();
    let train = train.subset(10_000, 1);
    let blank: f32 = (0..TEST_PAIRS).flat_map(|i| test.image_f32(i)).sum::<f32>() / (TEST_PAIRS * 784) as f32;
    let mut gan = Pix2pix::new(&Simd, Pix2pixSpec::default(), default_training()).unwrap();
    let before = pollster::block_on(gan.test_l1(&test, TEST_PAIRS));
    for _ in 0..ITERATIONS {
        pollster::block_on(gan.iterate(&train));
    }
    let after = pollster::block_on(gan.test_l1(&test, TEST_PAIRS));
    println!("test pairs' mean |difference|: {before} before, {after} after {ITERATIONS} iterations; blank {blank}");
    assert!(before > blank, "the untrained generator is already closer than a blank image: {before}");
    assert!(after < 0.5 * blank, "{before} → {after}, a blank image {blank}");
}

fn losses<B: Backend>(backend: &B, train: &ImageSet) -> Vec<f32> {
    let config = playground::labs::gan::GanTraining { batch: 4, ..default_training() };
    let mut gan = Pix2pix::new(backend, Pix2pixSpec { filters: 2 }, config).unwrap();
    (0..3)
        .flat_map(|_| {
            let l = pollster::block_on(gan.iterate(train));
            [l.discriminator, l.generator, l.l1]
        })
        .collect()
}

#[test]
fn iterations_give_the_scalar_backend_s_losses_on_every_backend() {
    let train = mnist().0.subset(200, 1);
    let reference = losses(&Scalar, &train);
    let gpu = WebGpu::new().expect("a WebGPU adapter (lavapipe)");
    assert_agree_with_scalar(&reference, &[("simd", losses(&Simd, &train)), ("webgpu", losses(&gpu, &train))]);
}

#[test]
fn the_command_prints_the_losses_and_the_test_pairs_difference() {
    let mnist = shared_mnist();
    let args = ["pix2pix", "--idx", mnist.to_str().unwrap()];
    let extra = ["--iterations", "2", "--every", "1", "--filters", "2", "--batch", "2", "--test-images", "8"];
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_playground")).args(args).args(extra).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 2);
    let last = &lines[1];
    assert_eq!(last["iteration"], 2);
    for key in ["discriminator", "generator", "l1", "testL1", "baselineL1"] {
        assert!(last[key].as_f64().is_some_and(|v| v > 0.0), "{key}: {last}");
    }
}
