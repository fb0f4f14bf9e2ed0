//! The SIMD backend: kernels over a 4-lane f32 vector (`f32x4.rs`), so the same code is wasm SIMD128 in
//! the browser and SSE/NEON natively. Buffers are host memory, as for the scalar backend, whose
//! memory-bound ops it shares; the arithmetic-bound ones (matmul, convolution forward and backward,
//! pooling, bias and activation forward and backward) are its own.

mod activation;
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
        conv::conv2d(input, weights, out, op, &conv::Epilogue::NONE);
    }

    fn conv2d_bias_activation(
        &self,
        input: &HostBuffer,
        weights: &HostBuffer,
        bias: Option<&HostBuffer>,
        out: &mut HostBuffer,
        op: &Conv2d,
        activation: Activation,
    ) {
        match conv::Epilogue::new(bias.map(|bias| &bias[..]), activation) {
            Some(epilogue) => conv::conv2d(input, weights, out, op, &epilogue),
            None => {
                conv::conv2d(input, weights, out, op, &conv::Epilogue::NONE);
                self.bias_activation_of(out, bias, activation);
            }
        }
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

    fn pool2d_backward(
        &self,
        input: &HostBuffer,
        dy: &HostBuffer,
        dx: &mut HostBuffer,
        op: &Pool2d,
        activation: Activation,
    ) {
        pool::pool2d_backward(input, dy, dx, op, activation);
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
        activation::bias_activation(x, bias, activation);
    }

    fn activation_backward(&self, y: &HostBuffer, dy: &HostBuffer, dx: &mut HostBuffer, activation: Activation) {
        activation::activation_backward(y, dy, dx, activation);
    }

    fn bias_backward(&self, dy: &HostBuffer, db: &mut HostBuffer) {
        activation::bias_backward(dy, db);
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
