//! A benchmark's first run is cold however many measurements ran before it: on WebGPU it compiles its
//! shaders again, as a page's first run does, so it takes longer than the warm runs. (Natively on lavapipe;
//! the browser's side is in tests/e2e/backends.spec.ts.)

use playground::bench::{measure_work, Budget, Work};
use playground::engine::webgpu::WebGpu;
use std::time::Duration;

#[test]
fn every_measurement_on_webgpu_starts_with_a_cold_run() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    let budget = Budget {
        warmup: 1,
        warmup_time: Duration::ZERO,
        min_repeats: 3,
        repeats: 5,
        sample_time: Duration::ZERO,
        time: Duration::from_millis(200),
    };
    // The second measurement of the same work is the one a shared pipeline cache would make warm.
    for round in 1..=2 {
        let m = pollster::block_on(measure_work(&gpu, "matmul", Work::Matmul { size: 32 }, budget)).unwrap();
        assert!(
            m.first_ms >= 2.0 * m.median_ms,
            "measurement {round}: the first run took {:.3} ms, the warm ones {:.3} ms",
            m.first_ms,
            m.median_ms
        );
    }
}
