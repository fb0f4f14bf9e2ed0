//! The SIMD backend: kernels over a 4-lane f32 vector (`f32x4.rs`), so the same code is wasm SIMD128 in
//! the browser and SSE/NEON natively. Buffers are host memory, as for the scalar backend, whose
//! memory-bound ops it shares; the arithmetic-bound ones (matmul, convolution forward and backward,
//! pooling, bias + activation) are its own.

mod conv;
mod f32x4;
mod gemm;
pub mod int8;
mod pool;
mod shared_memory;
pub mod threads;

use super::backend::Backend;
use super::ops::{Adam, Conv2d, Image, Matmul, Pool2d, Recurrent, Resize};
use super::scalar::host_memory_methods;
use super::scalar::recurrent::{self, View};
use crate::activation::Activation;
use crate::engine::HostBuffer;
use f32x4::{F32x4, LANES};
use gemm::{MatrixMut, MatrixRef, PreparedB};

#[derive(Clone, Copy, Debug, Default)]
pub struct Simd;

impl Backend for Simd {
    type Buffer = HostBuffer;

    host_memory_methods!();

    fn name(&self) -> String {
        if cfg!(target_feature = "relaxed-simd") {
            "simd (relaxed-simd)".into()
        } else {
            "simd".into()
        }
    }

    fn threads(&self) -> usize {
        threads::threads()
    }

    fn matmul(&self, a: &HostBuffer, b: &HostBuffer, out: &mut HostBuffer, op: &Matmul) {
        let (a_row, a_col) = op.a_strides();
        let (b_row, b_col) = op.b_strides();
        let b =
            PreparedB::new(MatrixRef { data: b, offset: 0, row_stride: b_row, col_stride: b_col }, op.k, op.n, op.m);
        let a = MatrixRef { data: a, offset: 0, row_stride: a_row, col_stride: a_col };
        b.multiply(a, op.m, &mut MatrixMut { data: out, offset: 0, row_stride: op.n, accumulate: false });
    }

    fn conv2d(&self, input: &HostBuffer, weights: &HostBuffer, out: &mut HostBuffer, op: &Conv2d) {
        conv::conv2d(input, weights, out, op);
    }

    fn conv2d_backward_input(&self, dy: &HostBuffer, weights: &HostBuffer, dx: &mut HostBuffer, op: &Conv2d) {
        conv::conv2d_backward_input(dy, weights, dx, op);
    }

    fn conv2d_backward_filter(&self, input: &HostBuffer, dy: &HostBuffer, dw: &mut HostBuffer, op: &Conv2d) {
        conv::conv2d_backward_filter(input, dy, dw, op);
    }

    fn pool2d(&self, input: &HostBuffer, out: &mut HostBuffer, op: &Pool2d) {
        pool::pool2d(input, out, op);
    }

    fn pool2d_backward(&self, input: &HostBuffer, dy: &HostBuffer, dx: &mut HostBuffer, op: &Pool2d) {
        pool::pool2d_backward(input, dy, dx, op);
    }

    fn recurrent_forward(
        &self,
        pre: &HostBuffer,
        weight: &HostBuffer,
        hidden: &mut HostBuffer,
        memory: &mut HostBuffer,
        op: &Recurrent,
    ) {
        recurrent::forward(pre, weight, hidden, memory, op, product);
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
        recurrent::backward(memory, weight, dhidden, (dpre, state), op, product);
    }

    fn recurrent_weight_gradient(
        &self,
        hidden: &HostBuffer,
        dpre: &HostBuffer,
        dweight: &mut HostBuffer,
        op: &Recurrent,
    ) {
        recurrent::weight_gradient(hidden, dpre, dweight, op, product);
    }

    fn bias_activation(&self, x: &mut HostBuffer, bias: &HostBuffer, activation: Activation) {
        let channels = bias.len();
        let pixels = threads::rows_per_task(x.len() / channels, channels, 1);
        threads::for_each_chunk_mut(x, pixels * channels, |_, x| bias_activation(x, bias, activation));
    }
}

/// x = activation(x + bias), pixel by pixel.
fn bias_activation(x: &mut [f32], bias: &[f32], activation: Activation) {
    let channels = bias.len();
    // Piecewise-linear activations are vector min/max; the others go lane by lane.
    let zero = F32x4::splat(0.0);
    match activation {
        Activation::Linear => bias_then(x, bias, channels, activation, |v| v),
        Activation::Relu => bias_then(x, bias, channels, activation, |v| v.max(zero)),
        Activation::Relu6 => bias_then(x, bias, channels, activation, |v| v.max(zero).min(F32x4::splat(6.0))),
        // max(x, slope · x) is leaky ReLU for slopes in [0, 1], darknet's 0.1 among them.
        Activation::LeakyRelu(slope) if (0.0..=1.0).contains(&slope) => {
            let slope = F32x4::splat(slope);
            bias_then(x, bias, channels, activation, |v| v.max(v * slope))
        }
        _ => x.chunks_exact_mut(channels).for_each(|pixel| {
            pixel.iter_mut().zip(bias).for_each(|(v, b)| *v = activation.apply(*v + b));
        }),
    }
}

/// The recurrent layers' products on the GEMM: c += a · b, each read through its strides.
fn product(
    (a, av): (&[f32], View),
    (b, bv): (&[f32], View),
    (c, cv): (&mut [f32], View),
    (m, n, k): (usize, usize, usize),
) {
    assert_eq!(cv.col_stride, 1, "the GEMM writes rows of contiguous values");
    let b = PreparedB::new(
        MatrixRef { data: b, offset: bv.offset, row_stride: bv.row_stride, col_stride: bv.col_stride },
        k,
        n,
        m,
    );
    let a = MatrixRef { data: a, offset: av.offset, row_stride: av.row_stride, col_stride: av.col_stride };
    b.multiply(a, m, &mut MatrixMut { data: c, offset: cv.offset, row_stride: cv.row_stride, accumulate: true });
}

/// x = f(x + bias) four channels at a time; the channels past the last full vector through `activation`.
fn bias_then(x: &mut [f32], bias: &[f32], channels: usize, activation: Activation, f: impl Fn(F32x4) -> F32x4) {
    let vector_end = channels - channels % LANES;
    for pixel in x.chunks_exact_mut(channels) {
        for c in (0..vector_end).step_by(LANES) {
            f(F32x4::load(&pixel[c..]) + F32x4::load(&bias[c..])).store(&mut pixel[c..]);
        }
        for c in vector_end..channels {
            pixel[c] = activation.apply(pixel[c] + bias[c]);
        }
    }
}
