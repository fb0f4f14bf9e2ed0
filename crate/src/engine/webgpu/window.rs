//! Window ops over NHWC images — convolutions, pools and their backward passes (window.wgsl and
//! window_backward.wgsl, both on window_geometry.wgsl).

use super::commands::{grid, per_element};
use super::matmul::GEMM_TILE;
use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};
use crate::engine::ops::{Conv2d, Pool2d, PoolKind};

shader_params! {
    /// A window op's geometry; for pools, every channel is its own group.
    struct WindowParams {
        batch: u32,
        height: u32,
        width: u32,
        in_channels: u32,
        out_channels: u32,
        kernel_h: u32,
        kernel_w: u32,
        stride_h: u32,
        stride_w: u32,
        pad_top: u32,
        pad_left: u32,
        out_height: u32,
        out_width: u32,
        in_per_group: u32,
        out_per_group: u32,
    }
}

const FORWARD: Shader<WindowParams> =
    Shader::new("window", shader_files!("dispatch.wgsl", "window_geometry.wgsl", "tiled_gemm.wgsl", "window.wgsl"));
const BACKWARD: Shader<WindowParams> =
    Shader::new("window_backward", shader_files!("dispatch.wgsl", "window_geometry.wgsl", "window_backward.wgsl"));

/// Output channels per group up to which a convolution runs window.wgsl's `direct` kernel: a GEMM tile
/// would be at least three quarters padding.
const NARROW_GEMM: usize = GEMM_TILE / 4;

impl WindowParams {
    fn of(op: &Conv2d) -> Self {
        let w = &op.window;
        let o = w.output();
        Self {
            batch: w.batch as u32,
            height: w.height as u32,
            width: w.width as u32,
            in_channels: op.in_channels as u32,
            out_channels: op.out_channels as u32,
            kernel_h: w.kernel_h as u32,
            kernel_w: w.kernel_w as u32,
            stride_h: w.stride_h as u32,
            stride_w: w.stride_w as u32,
            pad_top: o.pad_top as u32,
            pad_left: o.pad_left as u32,
            out_height: o.height as u32,
            out_width: o.width as u32,
            in_per_group: op.in_per_group() as u32,
            out_per_group: op.out_per_group() as u32,
        }
    }

    /// A pool's geometry: every channel its own group.
    fn of_pool(op: &Pool2d) -> Self {
        Self::of(&Conv2d {
            window: op.window,
            in_channels: op.channels,
            out_channels: op.channels,
            groups: op.channels,
        })
    }
}

pub(super) fn conv2d(gpu: &WebGpu, input: &GpuBuffer, weights: &GpuBuffer, out: &mut GpuBuffer, op: &Conv2d) {
    op.validate();
    let buffers = [(1, &input.buffer), (2, &weights.buffer), (3, &out.buffer)];
    if op.in_per_group() == 1 || op.out_per_group() <= NARROW_GEMM {
        gpu.dispatch((&FORWARD, "direct"), &buffers, WindowParams::of(op), per_element(op.output_len()));
    } else {
        let o = op.window.output();
        let pixels = op.window.batch * o.height * o.width;
        let workgroups =
            [op.out_per_group().div_ceil(GEMM_TILE) as u32, pixels.div_ceil(GEMM_TILE) as u32, op.groups as u32];
        gpu.dispatch((&FORWARD, "gemm"), &buffers, WindowParams::of(op), workgroups);
    }
}

pub(super) fn pool2d(gpu: &WebGpu, input: &GpuBuffer, out: &mut GpuBuffer, op: &Pool2d) {
    let entry = match op.kind {
        PoolKind::Max => "max_pool",
        PoolKind::Average => "average_pool",
    };
    let buffers = [(1, &input.buffer), (3, &out.buffer)];
    gpu.dispatch((&FORWARD, entry), &buffers, WindowParams::of_pool(op), per_element(op.output_len()));
}

pub(super) fn max_pool_gather(gpu: &WebGpu, input: &GpuBuffer, dy: &GpuBuffer, out: &mut GpuBuffer, op: &Pool2d) {
    let buffers = [(1, &input.buffer), (2, &dy.buffer), (3, &out.buffer)];
    let workgroups = per_element(op.output_len());
    gpu.dispatch((&FORWARD, "max_pool_gather"), &buffers, WindowParams::of_pool(op), workgroups);
}

pub(super) fn conv2d_backward_input(
    gpu: &WebGpu,
    dy: &GpuBuffer,
    weights: &GpuBuffer,
    dx: &mut GpuBuffer,
    op: &Conv2d,
) {
    op.validate();
    let buffers = [(1, &dy.buffer), (2, &weights.buffer), (3, &dx.buffer)];
    let workgroups = per_element(op.input_len());
    gpu.dispatch((&BACKWARD, "conv_backward_input"), &buffers, WindowParams::of(op), workgroups);
}

pub(super) fn conv2d_backward_filter(gpu: &WebGpu, input: &GpuBuffer, dy: &GpuBuffer, dw: &mut GpuBuffer, op: &Conv2d) {
    op.validate();
    let buffers = [(1, &dy.buffer), (2, &input.buffer), (3, &dw.buffer)];
    let workgroups = grid(op.weights_len());
    gpu.dispatch((&BACKWARD, "conv_backward_filter"), &buffers, WindowParams::of(op), workgroups);
}

pub(super) fn pool2d_backward(gpu: &WebGpu, input: &GpuBuffer, dy: &GpuBuffer, dx: &mut GpuBuffer, op: &Pool2d) {
    let entry = match op.kind {
        PoolKind::Max => "max_pool_backward",
        PoolKind::Average => "average_pool_backward",
    };
    let buffers = [(1, &dy.buffer), (2, &input.buffer), (3, &dx.buffer)];
    gpu.dispatch((&BACKWARD, entry), &buffers, WindowParams::of_pool(op), per_element(op.input_len()));
}
