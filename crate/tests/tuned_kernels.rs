//! The product kernels' autotune is remembered per adapter: a connection handed the choice an earlier one
//! made (under its key) runs those kernels without tuning, and a choice kept for another key is not used.
//! Natively on lavapipe.

use playground::engine::webgpu::{ProductKernel, ProductKernels, TunedKernels, WebGpu};

/// A kernel other than `kernel`.
fn another(kernel: ProductKernel) -> ProductKernel {
    match kernel {
        ProductKernel::Staged => ProductKernel::Unstaged,
        ProductKernel::Unstaged => ProductKernel::Wide,
        ProductKernel::Wide => ProductKernel::Staged,
    }
}

fn connect(remembered: impl FnOnce(&str) -> Option<ProductKernels>) -> WebGpu {
    pollster::block_on(WebGpu::connect_remembering(remembered)).expect("a GPU adapter (npm test installs lavapipe)")
}

#[test]
fn a_remembered_choice_is_used_on_its_adapter_alone() {
    let tuned = connect(|_| None).tuned();
    assert!(!tuned.remembered, "nothing was remembered: {tuned:?}");
    // Not what this adapter's autotune chose: if a connection runs it, it was remembered.
    let kept = ProductKernels { deep: another(tuned.kernels.deep), large: another(tuned.kernels.large) };

    let again = connect(|key| (key == tuned.key).then_some(kept)).tuned();
    assert_eq!(again, TunedKernels { key: tuned.key.clone(), kernels: kept, remembered: true });

    let elsewhere = connect(|key| (key != tuned.key).then_some(kept)).tuned();
    assert!(!elsewhere.remembered, "kept for another adapter, yet used: {elsewhere:?}");
    assert_eq!(elsewhere.key, tuned.key, "one adapter, one key");
}
