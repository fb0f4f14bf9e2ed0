//! The GAN lab for the plane: trained on a two-mode Gaussian mixture, the generator's points come within a
//! stated histogram distance of the target's within a bounded number of iterations, where the untrained
//! generator's points are far from it. (A GAN circles its target rather than settling on it, so the test
//! asks for the bound to be reached, as a run in the lab shows it, not kept.)

use playground::engine::simd::Simd;
use playground::labs::gan::{histogram_distance, GanTraining, Mixture, PlaneGan, DISTANCE_CELLS, SQUARE};
use playground::rng::Rng;

/// Points compared; iterations allowed and how often the distance is measured on the way.
const POINTS: usize = 4000;
const ITERATIONS: usize = 4000;
const EVERY: usize = 250;
const BOUND: f32 = 0.2;

#[test]
fn the_plane_gan_comes_close_to_a_two_mode_mixture() {
    let target = Mixture { centres: vec![[-1.0, 0.5], [1.0, -0.5]], spread: 0.2 };
    let mut gan = PlaneGan::new(&Simd, &[32, 32], target.clone(), GanTraining::default()).unwrap();
    let real = target.sample(POINTS, &mut Rng::new(99));
    let before = pollster::block_on(gan.distance_to(&real, POINTS));
    let mut history = Vec::new();
    for i in 1..=ITERATIONS {
        pollster::block_on(gan.iterate());
        if i % EVERY == 0 {
            history.push(pollster::block_on(gan.distance_to(&real, POINTS)));
        }
    }
    println!("before {before}, then every {EVERY}: {history:?}");
    // Two independent samples of the target are this far apart on the grid: the floor.
    let (low, high) = SQUARE;
    let floor = histogram_distance(&target.sample(POINTS, &mut Rng::new(7)), &real, DISTANCE_CELLS, low, high);
    println!("floor {floor}");
    assert!(before > 0.6, "the untrained generator is already close: {before}");
    let best = history.iter().copied().fold(f32::INFINITY, f32::min);
    assert!(best < BOUND, "closest in {ITERATIONS} iterations: {best} ({history:?})");
}
