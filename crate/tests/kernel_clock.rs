//! The GPU's own clock (timestamps around its compute passes) against the wall clock: the passes' time is
//! positive, at most the time from queueing them to reading the clock, and it adds up over passes in
//! separate submissions. Natively on lavapipe, which writes timestamps; the CPU backends have no such clock.

use playground::engine::ops::Matmul;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use std::time::Instant;

/// Kernel and wall-clock milliseconds of `passes` products, each submitted on its own (a write between
/// them ends the submission), the least of three tries.
fn timed_products(gpu: &WebGpu, passes: usize) -> (f64, f64) {
    let size = 160;
    let op = Matmul::new(size, size, size);
    let values: Vec<f32> = (0..size * size).map(|i| (i % 7) as f32 - 3.0).collect();
    let (mut a, b, mut c) = (gpu.upload(&values), gpu.upload(&values), gpu.zeros(size * size));
    gpu.matmul(&a, &b, &mut c, &op);
    pollster::block_on(gpu.finish());
    let tries = (0..3).map(|_| {
        let start = Instant::now();
        gpu.start_clock();
        for _ in 0..passes {
            gpu.matmul(&a, &b, &mut c, &op);
            gpu.write(&mut a, &values);
        }
        let kernel = pollster::block_on(gpu.finish_timed()).expect("lavapipe writes timestamps");
        (kernel, start.elapsed().as_secs_f64() * 1e3)
    });
    tries.reduce(|best, this| if this.0 < best.0 { this } else { best }).expect("three tries")
}

#[test]
fn the_gpu_clock_times_every_pass_within_the_wall_clock() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    let (one, one_wall) = timed_products(&gpu, 1);
    let (four, four_wall) = timed_products(&gpu, 4);
    assert!(
        one > 0.0 && one <= one_wall,
        "one product: {one:.3} ms by the GPU's clock, {one_wall:.3} ms by the wall's"
    );
    assert!(four <= four_wall, "four products: {four:.3} ms by the GPU's clock, {four_wall:.3} ms by the wall's");
    // Four times the work, give or take a busy machine: not one pass counted, nor any twice.
    assert!((2.0..8.0).contains(&(four / one)), "four products took {four:.3} ms, one {one:.3} ms");
}

#[test]
fn the_cpu_backends_have_no_kernel_clock() {
    let simd = Simd;
    simd.start_clock();
    assert_eq!(pollster::block_on(simd.finish_timed()), None);
}
