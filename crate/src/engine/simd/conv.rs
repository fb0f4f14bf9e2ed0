//! Convolution on the SIMD backend.
//!
//! - Pointwise (1×1, stride 1, no padding): the NHWC input already is the [pixels, in_channels] matrix,
//!   so it is one GEMM with the weights.
//! - Other kernels: im2col in chunks of rows (each row one output pixel's receptive field, zeros in the
//!   padding), then GEMM. HWIO weights are exactly the [kh·kw·in_channels, out_channels] matrix that needs.
//! - Depthwise with multiplier 1: a direct kernel, four channels per vector, because its GEMM would be
//!   1 column wide.
//!
//! Groups run one after another, each on its slice of channels.

use super::f32x4::{F32x4, LANES};
use super::gemm::{MatrixMut, MatrixRef, PreparedB};
use crate::engine::ops::Conv2d;
use crate::engine::scalar::window::tap;

/// Output pixels per im2col chunk: small enough that a chunk (256 × kh·kw·in_channels floats, 590 KB for
/// a 3 × 3 × 64 kernel) is still in L2 when the GEMM reads it back.
const IM2COL_ROWS: usize = 256;

pub fn conv2d(input: &[f32], weights: &[f32], out: &mut [f32], op: &Conv2d) {
    op.validate();
    if op.is_depthwise() && op.out_per_group() == 1 {
        return depthwise(input, weights, out, op);
    }
    let w = &op.window;
    let o = w.output();
    let (cin_g, cout_g) = (op.in_per_group(), op.out_per_group());
    let depth = w.kernel_h * w.kernel_w * cin_g;
    let pixels = w.batch * o.height * o.width;
    let pointwise = w.kernel_h == 1 && w.kernel_w == 1 && w.stride_h == 1 && w.stride_w == 1 && o.pad_top == 0;
    let pointwise = pointwise && o.pad_left == 0 && o.height == w.height && o.width == w.width;
    let mut columns = if pointwise { Vec::new() } else { vec![0.0; IM2COL_ROWS.min(pixels) * depth] };
    for group in 0..op.groups {
        let group_weights =
            MatrixRef { data: weights, offset: group * cout_g, row_stride: op.out_channels, col_stride: 1 };
        let packed = PreparedB::new(group_weights, depth, cout_g, pixels);
        let mut output =
            MatrixMut { data: out, offset: group * cout_g, row_stride: op.out_channels, accumulate: false };
        if pointwise {
            let a = MatrixRef { data: input, offset: group * cin_g, row_stride: op.in_channels, col_stride: 1 };
            packed.multiply(a, pixels, &mut output);
            continue;
        }
        for first in (0..pixels).step_by(IM2COL_ROWS) {
            let rows = IM2COL_ROWS.min(pixels - first);
            im2col(input, op, group, first, rows, &mut columns[..rows * depth]);
            output.offset = first * op.out_channels + group * cout_g;
            let a = MatrixRef { data: &columns, offset: 0, row_stride: depth, col_stride: 1 };
            packed.multiply(a, rows, &mut output);
        }
    }
}

/// The geometry both backward passes share: the GEMM depth, the output pixels, the channels per group.
struct Shape {
    depth: usize,
    pixels: usize,
    cin_g: usize,
    cout_g: usize,
}

fn shape(op: &Conv2d) -> Shape {
    op.validate();
    let w = &op.window;
    let o = w.output();
    let cin_g = op.in_per_group();
    Shape {
        depth: w.kernel_h * w.kernel_w * cin_g,
        pixels: w.batch * o.height * o.width,
        cin_g,
        cout_g: op.out_per_group(),
    }
}

/// dW = im2col(x)ᵀ · dY per group: the GEMM runs over output pixels, chunk by chunk, accumulating.
pub fn conv2d_backward_filter(input: &[f32], dy: &[f32], dw: &mut [f32], op: &Conv2d) {
    let Shape { depth, pixels, cout_g, .. } = shape(op);
    let mut columns = vec![0.0; IM2COL_ROWS.min(pixels) * depth];
    for group in 0..op.groups {
        for first in (0..pixels).step_by(IM2COL_ROWS) {
            let rows = IM2COL_ROWS.min(pixels - first);
            im2col(input, op, group, first, rows, &mut columns[..rows * depth]);
            let gradient = MatrixRef {
                data: dy,
                offset: first * op.out_channels + group * cout_g,
                row_stride: op.out_channels,
                col_stride: 1,
            };
            let packed = PreparedB::new(gradient, rows, cout_g, depth);
            let columns_transposed = MatrixRef { data: &columns, offset: 0, row_stride: 1, col_stride: depth };
            let mut out =
                MatrixMut { data: dw, offset: group * cout_g, row_stride: op.out_channels, accumulate: first > 0 };
            packed.multiply(columns_transposed, depth, &mut out);
        }
    }
}

/// dX = col2im(dY · Wᵀ) per group: the gradient of every im2col cell, added back where it was copied from.
pub fn conv2d_backward_input(dy: &[f32], weights: &[f32], dx: &mut [f32], op: &Conv2d) {
    let Shape { depth, pixels, cin_g, cout_g } = shape(op);
    let w = &op.window;
    let o = w.output();
    dx.fill(0.0);
    let mut columns = vec![0.0; IM2COL_ROWS.min(pixels) * depth];
    for group in 0..op.groups {
        let weights_transposed =
            MatrixRef { data: weights, offset: group * cout_g, row_stride: 1, col_stride: op.out_channels };
        let packed = PreparedB::new(weights_transposed, cout_g, depth, pixels);
        for first in (0..pixels).step_by(IM2COL_ROWS) {
            let rows = IM2COL_ROWS.min(pixels - first);
            let gradient = MatrixRef {
                data: dy,
                offset: first * op.out_channels + group * cout_g,
                row_stride: op.out_channels,
                col_stride: 1,
            };
            let mut out =
                MatrixMut { data: &mut columns[..rows * depth], offset: 0, row_stride: depth, accumulate: false };
            packed.multiply(gradient, rows, &mut out);
            for (row, column) in columns.chunks_exact(depth).take(rows).enumerate() {
                let pixel = first + row;
                let (n, oy, ox) = (pixel / (o.height * o.width), pixel / o.width % o.height, pixel % o.width);
                for ky in 0..w.kernel_h {
                    for kx in 0..w.kernel_w {
                        let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                        let start = ((n * w.height + y) * w.width + x) * op.in_channels + group * cin_g;
                        let cells = &column[(ky * w.kernel_w + kx) * cin_g..][..cin_g];
                        dx[start..][..cin_g].iter_mut().zip(cells).for_each(|(d, c)| *d += c);
                    }
                }
            }
        }
    }
}

/// Rows `first..first + rows` of the im2col matrix of `group`: one row per output pixel, ordered
/// (ky, kx, channel) like the HWIO weights' rows.
fn im2col(input: &[f32], op: &Conv2d, group: usize, first: usize, rows: usize, columns: &mut [f32]) {
    let w = &op.window;
    let o = w.output();
    let cin_g = op.in_per_group();
    let depth = w.kernel_h * w.kernel_w * cin_g;
    for (row, column) in columns.chunks_exact_mut(depth).take(rows).enumerate() {
        let pixel = first + row;
        let (n, oy, ox) = (pixel / (o.height * o.width), pixel / o.width % o.height, pixel % o.width);
        for ky in 0..w.kernel_h {
            for kx in 0..w.kernel_w {
                let cells = &mut column[(ky * w.kernel_w + kx) * cin_g..][..cin_g];
                match tap(oy, ox, ky, kx, w, &o) {
                    Some((y, x)) => {
                        let start = ((n * w.height + y) * w.width + x) * op.in_channels + group * cin_g;
                        cells.copy_from_slice(&input[start..][..cin_g]);
                    }
                    None => cells.fill(0.0),
                }
            }
        }
    }
}

/// Depthwise convolution with one filter per channel: weights [kh, kw, 1, channels].
fn depthwise(input: &[f32], weights: &[f32], out: &mut [f32], op: &Conv2d) {
    let w = &op.window;
    let o = w.output();
    let channels = op.in_channels;
    let vector_end = channels - channels % LANES;
    let mut acc = vec![F32x4::splat(0.0); vector_end / LANES];
    let mut rest = vec![0.0; channels - vector_end];
    for n in 0..w.batch {
        for oy in 0..o.height {
            for ox in 0..o.width {
                let out_pixel = &mut out[((n * o.height + oy) * o.width + ox) * channels..][..channels];
                acc.fill(F32x4::splat(0.0));
                rest.fill(0.0);
                for ky in 0..w.kernel_h {
                    for kx in 0..w.kernel_w {
                        let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                        let pixel = &input[((n * w.height + y) * w.width + x) * channels..][..channels];
                        let filter = &weights[(ky * w.kernel_w + kx) * channels..][..channels];
                        for (v, sum) in acc.iter_mut().enumerate() {
                            let c = v * LANES;
                            *sum = F32x4::load(&pixel[c..]).mul_add(F32x4::load(&filter[c..]), *sum);
                        }
                        for (c, sum) in (vector_end..channels).zip(rest.iter_mut()) {
                            *sum += pixel[c] * filter[c];
                        }
                    }
                }
                for (v, sum) in acc.iter().enumerate() {
                    sum.store(&mut out_pixel[v * LANES..]);
                }
                out_pixel[vector_end..].copy_from_slice(&rest);
            }
        }
    }
}
