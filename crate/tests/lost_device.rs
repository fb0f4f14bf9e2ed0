//! A GPU can go away under a running lab (a driver reset, an unplugged adapter): the WebGPU backend then
//! answers reads with NaN and says it was lost, instead of panicking or waiting for ever, so the lab can
//! move to another backend. Natively on lavapipe; the browser's side is in tests/e2e.

use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;

#[test]
fn a_destroyed_device_answers_reads_with_nan_and_says_it_was_lost() {
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    let x = gpu.upload(&[1.0, -2.0, 3.0]);
    let mut y = gpu.zeros(3);
    gpu.add(&x, &x, &mut y);
    assert_eq!(pollster::block_on(gpu.read(&y)), [2.0, -4.0, 6.0]);
    assert_eq!(gpu.lost(), None);

    gpu.destroy();
    // Work queued on a lost device runs nowhere and reports nothing.
    let mut z = gpu.zeros(3);
    gpu.add(&x, &y, &mut z);
    let after = pollster::block_on(gpu.read(&y));
    assert_eq!(after.len(), 3);
    assert!(after.iter().all(|v| v.is_nan()), "{after:?}");
    pollster::block_on(gpu.finish());
    assert!(gpu.lost().is_some_and(|reason| reason.contains("Destroyed")), "{:?}", gpu.lost());
}
