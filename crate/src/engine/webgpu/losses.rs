//! Losses with their gradients (losses.wgsl): one dispatch of one workgroup each.

use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};

shader_params! {
    /// `classes` per row for the softmax cross-entropy; 1 for the elementwise losses.
    struct LossParams {
        len: u32,
        classes: u32,
    }
}

const LOSSES: Shader<LossParams> = Shader::reducing("losses", shader_files!("losses.wgsl"));

/// Records `entry`: `grad` and the mean `loss` of `prediction` against `targets`.
pub(super) fn record(
    gpu: &WebGpu,
    entry: &'static str,
    (prediction, targets): (&GpuBuffer, &GpuBuffer),
    (grad, loss): (&mut GpuBuffer, &mut GpuBuffer),
    classes: usize,
) {
    let buffers = [(1, &prediction.buffer), (2, &targets.buffer), (3, &grad.buffer), (4, &loss.buffer)];
    let params = LossParams { len: prediction.len as u32, classes: classes as u32 };
    gpu.dispatch((&LOSSES, entry), &buffers, params, [1, 1, 1]);
}
