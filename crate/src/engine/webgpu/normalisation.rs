//! Batch normalisation with the batch's statistics (normalisation.wgsl).

use super::commands::{channel_sums, per_element};
use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};
use crate::engine::scalar::elementwise::same_lengths;

shader_params! {
    /// `channels` is the innermost dimension, each normalised over all the others.
    struct NormalisationParams {
        len: u32,
        channels: u32,
        epsilon: f32,
    }
}

const NORMALISATION: Shader<NormalisationParams> =
    Shader::reducing("normalisation", shader_files!("dispatch.wgsl", "normalisation.wgsl"));

// Bindings, as normalisation.wgsl declares them.
const X: u32 = 1;
const DY: u32 = 2;
const GAMMA: u32 = 3;
const BETA: u32 = 4;
const STATISTICS: u32 = 5;
const OUT: u32 = 6;
const DGAMMA: u32 = 7;
const DBETA: u32 = 8;

pub(super) fn channel_moments(gpu: &WebGpu, x: &GpuBuffer, statistics: &mut GpuBuffer) {
    let channels = statistics.len / 2;
    let buffers = [(X, &x.buffer), (STATISTICS, &statistics.buffer)];
    let params = NormalisationParams { len: x.len as u32, channels: channels as u32, epsilon: 0.0 };
    let entries = ("channel_moments", "channel_moments_by_workgroups");
    let (entry, workgroups) = channel_sums(entries, x.len, channels);
    gpu.dispatch((&NORMALISATION, entry), &buffers, params, workgroups);
}

pub(super) fn batch_norm(
    gpu: &WebGpu,
    (x, statistics): (&GpuBuffer, &GpuBuffer),
    (gamma, beta): (&GpuBuffer, &GpuBuffer),
    out: &mut GpuBuffer,
    epsilon: f32,
) {
    same_lengths("batch_norm", &[x.len, out.len]);
    let buffers = [
        (X, &x.buffer),
        (GAMMA, &gamma.buffer),
        (BETA, &beta.buffer),
        (STATISTICS, &statistics.buffer),
        (OUT, &out.buffer),
    ];
    let params = NormalisationParams { len: x.len as u32, channels: gamma.len as u32, epsilon };
    gpu.dispatch((&NORMALISATION, "batch_norm"), &buffers, params, per_element(x.len));
}

/// Two dispatches: dγ and dβ reduced per channel, then dx, which needs them.
pub(super) fn batch_norm_backward(
    gpu: &WebGpu,
    (x, dy, statistics): (&GpuBuffer, &GpuBuffer, &GpuBuffer),
    gamma: &GpuBuffer,
    (dx, dgamma, dbeta): (&mut GpuBuffer, &mut GpuBuffer, &mut GpuBuffer),
    epsilon: f32,
) {
    same_lengths("batch_norm_backward", &[x.len, dy.len, dx.len]);
    let params = NormalisationParams { len: x.len as u32, channels: gamma.len as u32, epsilon };
    let reduce = [
        (X, &x.buffer),
        (DY, &dy.buffer),
        (STATISTICS, &statistics.buffer),
        (DGAMMA, &dgamma.buffer),
        (DBETA, &dbeta.buffer),
    ];
    let entries = ("batch_norm_backward_reduce", "batch_norm_backward_reduce_by_workgroups");
    let (entry, workgroups) = channel_sums(entries, x.len, gamma.len);
    gpu.dispatch((&NORMALISATION, entry), &reduce, params, workgroups);
    let input = [
        (X, &x.buffer),
        (DY, &dy.buffer),
        (GAMMA, &gamma.buffer),
        (STATISTICS, &statistics.buffer),
        (OUT, &dx.buffer),
        (DGAMMA, &dgamma.buffer),
        (DBETA, &dbeta.buffer),
    ];
    gpu.dispatch((&NORMALISATION, "batch_norm_backward_input"), &input, params, per_element(x.len));
}
