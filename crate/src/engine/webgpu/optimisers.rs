//! Optimiser steps (optimisers.wgsl), one invocation per parameter.

use super::commands::per_element;
use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};
use crate::engine::ops::Adam;

shader_params! {
    /// SGD reads `learning_rate` and `momentum`; Adam the rest, with its bias corrections 1 − βᵗ
    /// computed here.
    struct OptimiserParams {
        len: u32,
        learning_rate: f32,
        momentum: f32,
        beta1: f32,
        beta2: f32,
        epsilon: f32,
        correction1: f32,
        correction2: f32,
    }
}

const OPTIMISERS: Shader<OptimiserParams> =
    Shader::new("optimisers", shader_files!("dispatch.wgsl", "optimisers.wgsl"));

pub(super) fn sgd_momentum(
    gpu: &WebGpu,
    param: &mut GpuBuffer,
    grad: &GpuBuffer,
    velocity: &mut GpuBuffer,
    learning_rate: f32,
    momentum: f32,
) {
    let buffers = [(1, &param.buffer), (2, &grad.buffer), (3, &velocity.buffer)];
    let params = OptimiserParams { len: param.len as u32, learning_rate, momentum, ..OptimiserParams::default() };
    gpu.dispatch((&OPTIMISERS, "sgd_momentum"), &buffers, params, per_element(param.len));
}

pub(super) fn adam(
    gpu: &WebGpu,
    param: &mut GpuBuffer,
    grad: &GpuBuffer,
    m: &mut GpuBuffer,
    v: &mut GpuBuffer,
    op: &Adam,
) {
    let buffers = [(1, &param.buffer), (2, &grad.buffer), (3, &m.buffer), (4, &v.buffer)];
    let params = OptimiserParams {
        len: param.len as u32,
        learning_rate: op.learning_rate,
        momentum: 0.0,
        beta1: op.beta1,
        beta2: op.beta2,
        epsilon: op.epsilon,
        correction1: 1.0 - op.beta1.powi(op.step as i32),
        correction2: 1.0 - op.beta2.powi(op.step as i32),
    };
    gpu.dispatch((&OPTIMISERS, "adam"), &buffers, params, per_element(param.len));
}
