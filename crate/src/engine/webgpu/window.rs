//! Window ops over NHWC images — convolutions, pools and their backward passes (window.wgsl and
//! window_backward.wgsl, both on window_geometry.wgsl and tiled_gemm.wgsl).

use super::commands::{grid, per_element};
use super::epilogue::{Epilogue, EpilogueParams, Finishing, BIAS};
use super::matmul::{self, ProductKernel, GEMM_INVOCATIONS, GEMM_TILE, SHALLOW_INVOCATIONS, SHALLOW_TILE};
use super::shader::{shader_files, shader_params, Shader};
use super::{codes, GpuBuffer, WebGpu};
use crate::activation::Activation;
use crate::engine::ops::{Conv2d, Matmul, Pool2d, PoolKind};

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
        // Leaky ReLU's slope, for the pools' backward passes (activation.wgsl) and the forward convolutions'
        // epilogue (epilogue.wgsl), which reads `biased` too.
        alpha: f32,
        biased: u32,
    }
}

impl Finishing for WindowParams {
    fn finishing(self, EpilogueParams { alpha, biased }: EpilogueParams) -> Self {
        Self { alpha, biased, ..self }
    }
}

const FORWARD: Shader<WindowParams> = Shader::new(
    "window",
    shader_files!(
        "dispatch.wgsl",
        "window_geometry.wgsl",
        "tiled_gemm.wgsl",
        "activation.wgsl",
        "epilogue.wgsl",
        "window.wgsl"
    ),
);
const BACKWARD: Shader<WindowParams> = Shader::new(
    "window_backward",
    shader_files!(
        "dispatch.wgsl",
        "window_geometry.wgsl",
        "tiled_gemm.wgsl",
        "activation.wgsl",
        "window_backward.wgsl"
    ),
);

/// The sources of the convolutions' kernels, whose implicit GEMMs run the autotune's choice too
/// (`matmul::tuning_key`).
pub(super) fn sources() -> [String; 2] {
    [FORWARD.source(false), BACKWARD.source(false)]
}

/// Channels per group up to which a convolution's product is too narrow for a GEMM tile, which would be
/// at least three quarters padding (the MNIST CNN's first layer ran 6× slower as a GEMM on lavapipe).
const NARROW_GEMM: usize = GEMM_TILE / 4;

/// Channels one invocation of `direct` and the `…_quads` kernels computes: a vec4.
const QUAD: usize = 4;

/// Whether one of a convolution's three products runs as an implicit GEMM: its tile's columns are
/// `columns` channels per group, and the channels on the `other` side times the taps are its depth (or,
/// for the filter's gradient, its rows). A group with one channel there (depthwise) makes that a handful
/// of taps, and narrow columns waste the tile; those run the direct or gathering kernels.
fn fills_gemm(columns: usize, other: usize) -> bool {
    columns > NARROW_GEMM && other > 1
}

/// The filter gradient's GEMM has few tiles (taps × output channels) and a long sum over every output
/// pixel of the batch: the pixels are split until about this many workgroups share the work...
const FILTER_WORKGROUPS: usize = 128;
/// ...with at least this many pixels each, so that the partial products stay few to add up.
const MIN_PIXELS_PER_SPLIT: usize = 1024;

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
            ..Default::default()
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

/// out = epilogue(conv(input, weights)): with a layer's bias and activation, or none.
pub(super) fn conv2d(
    gpu: &WebGpu,
    input: &GpuBuffer,
    weights: &GpuBuffer,
    out: &mut GpuBuffer,
    op: &Conv2d,
    epilogue: Epilogue,
) {
    op.validate();
    if let Some(product) = op.as_matmul() {
        // The product's kernels need no window arithmetic, and its shallow one no workgroup memory: on
        // SwiftShader (natively) a 112 × 112 × 32 → 64 pointwise convolution took 417 ms as an implicit
        // GEMM and 55 ms as a product.
        return matmul::matmul(gpu, input, weights, out, &product, epilogue);
    }
    if !fills_gemm(op.out_per_group(), op.in_per_group()) {
        let bias = epilogue.bias_binding(weights);
        let buffers = [(1, &input.buffer), (2, &weights.buffer), (3, &out.buffer), (BIAS, bias)];
        let entry = if op.in_per_group() == 1 && op.out_per_group() == 1 && op.out_channels.is_multiple_of(QUAD) {
            "depthwise_quads"
        } else if op.out_per_group().is_multiple_of(QUAD) {
            "direct_quads"
        } else {
            "direct"
        };
        let invocations = op.output_len() / op.out_channels * op.out_channels.div_ceil(QUAD);
        let params = WindowParams::of(op).finishing(epilogue.params());
        let kernel = (&FORWARD, entry);
        gpu.dispatch_activated(kernel, epilogue.activation, &buffers, params, per_element(invocations));
    } else {
        let o = op.window.output();
        let pixels = op.window.batch * o.height * o.width;
        let depth = op.window.kernel_h * op.window.kernel_w * op.in_per_group();
        let (entry, side, invocations, most_splits) = match gpu.products.get().deep {
            // Convolutions have no wide kernel (`autotune` chooses it only for large products).
            ProductKernel::Staged | ProductKernel::Wide => ("gemm", GEMM_TILE, GEMM_INVOCATIONS, depth),
            // Its splits share the input channels: at most one split a channel.
            ProductKernel::Unstaged => ("gemm_unstaged", SHALLOW_TILE, SHALLOW_INVOCATIONS, op.in_per_group()),
        };
        let (columns, rows) = (op.out_per_group().div_ceil(side), pixels.div_ceil(side));
        let splits = matmul::depth_splits(columns * rows * op.groups * invocations, depth).min(most_splits);
        let params = WindowParams::of(op);
        let grid = ([columns, rows, op.groups], splits);
        matmul::dispatch_split_finished(gpu, (&FORWARD, entry), [input, weights], out, params, grid, epilogue);
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
    if let Some(product) = op.as_matmul() {
        // dx = dy · Wᵀ, where W is channels-in × channels-out.
        let transposed = Matmul { m: product.m, n: product.k, k: product.n, transpose_a: false, transpose_b: true };
        return matmul::matmul(gpu, dy, weights, dx, &transposed, Epilogue::NONE);
    }
    let buffers = [(1, &dy.buffer), (2, &weights.buffer), (3, &dx.buffer)];
    if !fills_gemm(op.in_per_group(), op.out_per_group()) {
        let (entry, workgroups) = if op.in_per_group().is_multiple_of(QUAD) {
            ("conv_backward_input_quads", per_element(op.input_len() / QUAD))
        } else {
            ("conv_backward_input", per_element(op.input_len()))
        };
        gpu.dispatch((&BACKWARD, entry), &buffers, WindowParams::of(op), workgroups);
    } else {
        let w = &op.window;
        let pixels = w.batch * w.height * w.width;
        let workgroups =
            [op.in_per_group().div_ceil(GEMM_TILE) as u32, pixels.div_ceil(GEMM_TILE) as u32, op.groups as u32];
        gpu.dispatch((&BACKWARD, "backward_input_gemm"), &buffers, WindowParams::of(op), workgroups);
    }
}

pub(super) fn conv2d_backward_filter(gpu: &WebGpu, input: &GpuBuffer, dy: &GpuBuffer, dw: &mut GpuBuffer, op: &Conv2d) {
    op.validate();
    if !fills_gemm(op.out_per_group(), op.in_per_group()) {
        let buffers = [(1, &dy.buffer), (2, &input.buffer), (3, &dw.buffer)];
        let (entry, workgroups) = if op.out_per_group().is_multiple_of(QUAD) {
            ("conv_backward_filter_quads", grid(op.weights_len() / QUAD))
        } else {
            ("conv_backward_filter", grid(op.weights_len()))
        };
        gpu.dispatch((&BACKWARD, entry), &buffers, WindowParams::of(op), workgroups);
        return;
    }
    let w = &op.window;
    let o = w.output();
    let pixels = w.batch * o.height * o.width;
    let taps = w.kernel_h * w.kernel_w * op.in_per_group();
    let tiles = op.out_per_group().div_ceil(GEMM_TILE) * taps.div_ceil(GEMM_TILE) * op.groups;
    let splits = (FILTER_WORKGROUPS / tiles).min(pixels / MIN_PIXELS_PER_SPLIT).max(1);
    let workgroups = [op.out_per_group().div_ceil(GEMM_TILE), taps.div_ceil(GEMM_TILE), op.groups];
    let (kernel, params) = ((&BACKWARD, "backward_filter_gemm"), WindowParams::of(op));
    matmul::dispatch_split(gpu, kernel, [dy, input], dw, params, (workgroups, splits), None);
}

/// The pool's gradient, times the slope of `activation` where `input` is its output (`Backend::pool2d_backward`).
pub(super) fn pool2d_backward(
    gpu: &WebGpu,
    input: &GpuBuffer,
    dy: &GpuBuffer,
    dx: &mut GpuBuffer,
    op: &Pool2d,
    activation: Activation,
) {
    let entry = match op.kind {
        PoolKind::Max => "max_pool_backward",
        PoolKind::Average => "average_pool_backward",
    };
    let buffers = [(1, &dy.buffer), (2, &input.buffer), (3, &dx.buffer)];
    let params = WindowParams { alpha: codes::activation_code(activation).1, ..WindowParams::of_pool(op) };
    gpu.dispatch_activated((&BACKWARD, entry), activation, &buffers, params, per_element(op.input_len()));
}
