//! Int8 inference on the SIMD backend (the compression lab's "SIMD int8"). Matmuls and convolutions
//! quantise their input per tensor (symmetric, scale = max|x| / 127, found for each call) and their weights
//! per output channel, multiply int8 by int8 with integer dot products accumulated in i32, and rescale each
//! output once: y = acc · s_x · s_w[channel]. Every other op is the float SIMD backend's, so a network runs
//! on this backend through the same graph as on any other.
//!
//! The integer arithmetic is exact, so against float arithmetic on the same dequantised weights the only
//! error is the input's rounding, at most s_x / 2 per input: |Δy| ≤ s_x / 2 · Σ_k |w̃_k| for each output
//! (`error_bound`, which the tests hold every covered op to). Grouped and depthwise convolutions are not
//! covered: they run in float.

use super::Simd;
use crate::activation::Activation;
use crate::compress::quantise::{int8, Granularity};
use crate::engine::backend::Backend;
use crate::engine::ops::{Adam, Conv2d, Image, Matmul, Pool2d, Recurrent, Resize};
use crate::engine::scalar::host_memory_methods;
use crate::engine::scalar::window::tap;
use crate::engine::HostBuffer;

#[derive(Clone, Copy, Debug, Default)]
pub struct SimdInt8;

/// `values` as int8 with one scale for all: the input side of every covered op.
fn quantised_input(values: &[f32]) -> (Vec<i8>, f32) {
    let (q, scales) = int8(values, 1, Granularity::Tensor);
    (q, scales[0])
}

/// A [k, n] weight matrix (`at(kk, j)` reads element (kk, j)) quantised per column, stored column-major
/// (each output channel's k weights contiguous, as the dot products read them), with each column's scale.
fn quantised_columns(k: usize, n: usize, at: impl Fn(usize, usize) -> f32) -> (Vec<i8>, Vec<f32>) {
    let row_major: Vec<f32> = (0..k * n).map(|i| at(i / n, i % n)).collect();
    let (q, scales) = int8(&row_major, n, Granularity::Channel);
    let columns = (0..n * k).map(|i| q[(i % k) * n + i / k]).collect();
    (columns, scales)
}

/// The largest difference each output of an int8 op may have from the same op in float on the dequantised
/// weights: half the input's quantisation step times the sum of the column's |weights|, for the input
/// scale of `input` and the weights `columns` (column-major, `k` each) with their `scales`.
pub fn error_bound(input: &[f32], columns: &[i8], scales: &[f32], k: usize) -> Vec<f32> {
    let (_, input_scale) = quantised_input(input);
    columns
        .chunks_exact(k)
        .zip(scales)
        .map(|(column, scale)| input_scale / 2.0 * column.iter().map(|&q| f32::from(q).abs() * scale).sum::<f32>())
        .collect()
}

/// The weights of a matmul's B, or a convolution's filters, as `SimdInt8` quantises them: column-major
/// int8, one scale per output channel. For the tests' bound and oracle.
pub fn quantised_weights(weights: &[f32], k: usize, n: usize) -> (Vec<i8>, Vec<f32>) {
    quantised_columns(k, n, |kk, j| weights[kk * n + j])
}

/// Σ a[i] · b[i], exactly, in i32.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn dot(a: &[i8], b: &[i8]) -> i32 {
    use core::arch::wasm32::*;
    assert_eq!(a.len(), b.len());
    let vectors = a.len() / 16;
    let mut sum = i32x4_splat(0);
    for v in 0..vectors {
        // SAFETY: sixteen bytes from v · 16 are in bounds of both (v < len / 16); v128_load accepts
        // unaligned addresses.
        let (x, y) = unsafe {
            (v128_load(a.as_ptr().add(v * 16) as *const v128), v128_load(b.as_ptr().add(v * 16) as *const v128))
        };
        // Sign-extended to i16, then each pair of products summed into an i32 lane: no product overflows.
        sum = i32x4_add(sum, i32x4_dot_i16x8(i16x8_extend_low_i8x16(x), i16x8_extend_low_i8x16(y)));
        sum = i32x4_add(sum, i32x4_dot_i16x8(i16x8_extend_high_i8x16(x), i16x8_extend_high_i8x16(y)));
    }
    let lanes = i32x4_extract_lane::<0>(sum)
        + i32x4_extract_lane::<1>(sum)
        + i32x4_extract_lane::<2>(sum)
        + i32x4_extract_lane::<3>(sum);
    lanes + a[vectors * 16..].iter().zip(&b[vectors * 16..]).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum::<i32>()
}

/// Σ a[i] · b[i], exactly, in i32 (the compiler vectorises the loop natively).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn dot(a: &[i8], b: &[i8]) -> i32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum()
}

/// out[r, j] = (rows[r] · columns[j]) · input_scale · scales[j]: rows and columns both `k` long.
fn rescaled_products(rows: &[i8], columns: &[i8], k: usize, input_scale: f32, scales: &[f32], out: &mut [f32]) {
    let n = scales.len();
    for (row, out_row) in rows.chunks_exact(k).zip(out.chunks_exact_mut(n)) {
        for ((o, column), scale) in out_row.iter_mut().zip(columns.chunks_exact(k)).zip(scales) {
            *o = dot(row, column) as f32 * (input_scale * scale);
        }
    }
}

impl Backend for SimdInt8 {
    type Buffer = HostBuffer;

    host_memory_methods!();

    fn name(&self) -> String {
        format!("{} int8", Simd.name())
    }

    fn matmul(&self, a: &HostBuffer, b: &HostBuffer, out: &mut HostBuffer, op: &Matmul) {
        let ((a_row, a_col), (b_row, b_col)) = (op.a_strides(), op.b_strides());
        let rows: Vec<f32> = (0..op.m * op.k).map(|i| a[(i / op.k) * a_row + (i % op.k) * a_col]).collect();
        let (rows, input_scale) = quantised_input(&rows);
        let (columns, scales) = quantised_columns(op.k, op.n, |kk, j| b[kk * b_row + j * b_col]);
        rescaled_products(&rows, &columns, op.k, input_scale, &scales, out);
    }

    fn conv2d(&self, input: &HostBuffer, weights: &HostBuffer, out: &mut HostBuffer, op: &Conv2d) {
        op.validate();
        if op.groups > 1 {
            return Simd.conv2d(input, weights, out, op);
        }
        let w = &op.window;
        let o = w.output();
        let depth = w.kernel_h * w.kernel_w * op.in_channels;
        let (quantised, input_scale) = quantised_input(input);
        // Each output pixel's window as one row (padding is an exact zero), in the filters' [ky, kx, ci] order.
        let mut rows = vec![0i8; w.batch * o.height * o.width * depth];
        let mut windows = rows.chunks_exact_mut(depth);
        for n in 0..w.batch {
            for oy in 0..o.height {
                for ox in 0..o.width {
                    let row = windows.next().expect("one row per output pixel");
                    for ky in 0..w.kernel_h {
                        for kx in 0..w.kernel_w {
                            let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                            let from = ((n * w.height + y) * w.width + x) * op.in_channels;
                            let to = (ky * w.kernel_w + kx) * op.in_channels;
                            row[to..to + op.in_channels].copy_from_slice(&quantised[from..from + op.in_channels]);
                        }
                    }
                }
            }
        }
        let (columns, scales) = quantised_weights(weights, depth, op.out_channels);
        rescaled_products(&rows, &columns, depth, input_scale, &scales, out);
    }

    fn conv2d_backward_input(&self, dy: &HostBuffer, weights: &HostBuffer, dx: &mut HostBuffer, op: &Conv2d) {
        Simd.conv2d_backward_input(dy, weights, dx, op);
    }

    fn conv2d_backward_filter(&self, input: &HostBuffer, dy: &HostBuffer, dw: &mut HostBuffer, op: &Conv2d) {
        Simd.conv2d_backward_filter(input, dy, dw, op);
    }

    fn pool2d(&self, input: &HostBuffer, out: &mut HostBuffer, op: &Pool2d) {
        Simd.pool2d(input, out, op);
    }

    fn pool2d_backward(
        &self,
        input: &HostBuffer,
        dy: &HostBuffer,
        dx: &mut HostBuffer,
        op: &Pool2d,
        activation: Activation,
    ) {
        Simd.pool2d_backward(input, dy, dx, op, activation);
    }

    fn bias_activation(&self, x: &mut HostBuffer, bias: &HostBuffer, activation: Activation) {
        Simd.bias_activation(x, bias, activation);
    }

    fn activation_backward(&self, y: &HostBuffer, dy: &HostBuffer, dx: &mut HostBuffer, activation: Activation) {
        Simd.activation_backward(y, dy, dx, activation);
    }

    fn bias_backward(&self, dy: &HostBuffer, db: &mut HostBuffer) {
        Simd.bias_backward(dy, db);
    }

    fn recurrent_forward(
        &self,
        pre: &HostBuffer,
        weight: &HostBuffer,
        hidden: &mut HostBuffer,
        memory: &mut HostBuffer,
        op: &Recurrent,
    ) {
        Simd.recurrent_forward(pre, weight, hidden, memory, op);
    }

    fn recurrent_backward(
        &self,
        memory: &HostBuffer,
        weight: &HostBuffer,
        dhidden: &HostBuffer,
        dpre: &mut HostBuffer,
        state: &mut HostBuffer,
        op: &Recurrent,
    ) {
        Simd.recurrent_backward(memory, weight, dhidden, dpre, state, op);
    }

    fn recurrent_weight_gradient(
        &self,
        hidden: &HostBuffer,
        dpre: &HostBuffer,
        dweight: &mut HostBuffer,
        op: &Recurrent,
    ) {
        Simd.recurrent_weight_gradient(hidden, dpre, dweight, op);
    }
}
