//! The conformance suite (crate/src/engine/conformance.rs) on every native backend but the scalar one,
//! which is its reference: the SIMD kernels, and WebGPU through wgpu (Mesa's lavapipe on a machine
//! without a GPU) with either kernel for deep matrix products. Each backend is checked on the ops it computes itself; the SIMD backend borrows the
//! memory-bound ones from the scalar reference, and checking those would compare the scalar with itself.

macro_rules! backend_suite {
    ($module:ident, $backend:expr, $($check:ident),+) => {
        mod $module {
            #[test]
            fn covers_every_op_of_its_own() {
                let backend = $backend;
                assert_eq!(vec![$(stringify!($check)),+], playground::engine::conformance::own_checks(&backend));
            }
            $(
                #[test]
                fn $check() {
                    let backend = $backend;
                    let result = pollster::block_on(playground::engine::conformance::run(&backend, stringify!($check)));
                    if let Err(mismatch) = result {
                        panic!("{mismatch}");
                    }
                }
            )+
        }
    };
}

macro_rules! every_check {
    ($module:ident, $backend:expr) => {
        backend_suite!(
            $module,
            $backend,
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
            elementwise,
            softmax,
            concat_and_split,
            upsample,
            resize_bilinear,
            losses,
            optimisers,
            batch_norm,
            max_unpool
        );
    };
}

backend_suite!(
    simd,
    playground::engine::simd::Simd,
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
    large_shapes
);
/// The WebGPU backend with every deep matrix product on `kernel`, whichever its adapter would choose.
fn webgpu(kernel: playground::engine::webgpu::ProductKernel) -> playground::engine::webgpu::WebGpu {
    let gpu = playground::engine::webgpu::WebGpu::new()
        .expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    gpu.choose_products(playground::engine::webgpu::ProductKernels::all(kernel));
    gpu
}

every_check!(webgpu_staged, super::webgpu(playground::engine::webgpu::ProductKernel::Staged));
every_check!(webgpu_unstaged, super::webgpu(playground::engine::webgpu::ProductKernel::Unstaged));
every_check!(webgpu_wide, super::webgpu(playground::engine::webgpu::ProductKernel::Wide));

/// The checks of the ops that sum over a workgroup, on WebGPU without subgroups, as on a device that has
/// none, while the suite above runs them by subgroups where the adapter has them, as lavapipe does.
mod webgpu_without_subgroups {
    #[test]
    fn sums_over_a_workgroup_agree_with_the_reference_either_way() {
        let gpu = super::webgpu(playground::engine::webgpu::ProductKernel::Staged);
        assert!(gpu.subgroups(), "lavapipe offers subgroups, so the suite above checks the sums by them");
        gpu.reduce_without_subgroups();
        assert!(!gpu.subgroups());
        for check in ["bias_backward", "batch_norm", "losses"] {
            if let Err(mismatch) = pollster::block_on(playground::engine::conformance::run(&gpu, check)) {
                panic!("{check} without subgroups: {mismatch}");
            }
        }
    }
}
