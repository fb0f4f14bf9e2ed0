//! The GAN lab for the plane: trained on a two-mode Gaussian mixture, the generator's points come within a
//! stated histogram distance of the target's within a bounded number of iterations, where the untrained
//! generator's points are far from it. (A GAN circles its target rather than settling on it, so the test
//! asks for the bound to be reached, as a run in the lab shows it, not kept.)

use playground::engine::simd::Simd;
use playground::labs::gan::{histogram_distance, GanTraining, Mixture, PlaneGan, DISTANCE_CELLS, SQUARE, VIEW_POINTS};
use playground::rng::Rng;

/// Iterations allowed, how often the distance (on the view's points) is measured on the way, and the bound.
const ITERATIONS: usize = 4000;
const EVERY: usize = 250;
const BOUND: f32 = 0.2;

#[test]
fn the_plane_gan_comes_close_to_a_two_mode_mixture() {
    let target = Mixture { centres: vec![[-1.0, 0.5], [1.0, -0.5]], spread: 0.2 };
    let mut gan = PlaneGan::new(&Simd, &[32, 32], target.clone(), GanTraining::default()).unwrap();
    let before = pollster::block_on(gan.view()).distance;
    let mut history = Vec::new();
    for i in 1..=ITERATIONS {
        pollster::block_on(gan.iterate());
        if i % EVERY == 0 {
            history.push(pollster::block_on(gan.view()).distance);
        }
    }
    println!("before {before}, then every {EVERY}: {history:?}");
    // Two independent samples of the target are this far apart on the grid: the floor.
    let (low, high) = SQUARE;
    let [a, b] = [7, 8].map(|seed| target.sample(VIEW_POINTS, &mut Rng::new(seed)));
    println!("floor {}", histogram_distance(&a, &b, DISTANCE_CELLS, low, high));
    assert!(before > 0.6, "the untrained generator is already close: {before}");
    let best = history.iter().copied().fold(f32::INFINITY, f32::min);
    assert!(best < BOUND, "closest in {ITERATIONS} iterations: {best} ({history:?})");
}

/// The view's arrows are the generator loss's descent direction at each fake point: checked against central
/// differences of −log D through the discriminator's forward pass.
#[test]
fn the_view_s_arrows_follow_the_generator_loss_downhill() {
    let target = Mixture::ring(3, 1.0, 0.2);
    let mut gan = PlaneGan::new(&Simd, &[16, 16], target, GanTraining::default()).unwrap();
    for _ in 0..20 {
        pollster::block_on(gan.iterate());
    }
    let view = pollster::block_on(gan.view());
    assert_eq!(view.discriminator.len(), view.cells * view.cells);
    assert!(view.discriminator.iter().all(|p| (0.0..=1.0).contains(p)));
    assert_eq!(view.mesh.len(), 2 * view.mesh_lines * view.mesh_lines);
    let generator_loss = |gan: &mut PlaneGan<Simd>, x: f32, y: f32| {
        let logit = pollster::block_on(gan.discriminator.forward(&[x, y]))[0] as f64;
        (1.0 + (-logit).exp()).ln()
    };
    // Small, so few differences straddle a ReLU's kink (the networks are piecewise linear).
    let h = 1e-3;
    for point in (0..view.fakes.len() / 2).step_by(37) {
        let (x, y) = (view.fakes[2 * point], view.fakes[2 * point + 1]);
        let along_x = (generator_loss(&mut gan, x - h, y) - generator_loss(&mut gan, x + h, y)) / (2.0 * h as f64);
        let along_y = (generator_loss(&mut gan, x, y - h) - generator_loss(&mut gan, x, y + h)) / (2.0 * h as f64);
        for (arrow, expected) in [(view.pull[2 * point], along_x), (view.pull[2 * point + 1], along_y)] {
            assert!(
                (arrow as f64 - expected).abs() < 1e-3 + 0.02 * expected.abs(),
                "point {point}: arrow {arrow}, differences {expected}"
            );
        }
    }
}
