//! The one trait every backend implements.
//!
//! A backend owns where tensors live (`Buffer`: host memory for the CPU backends, a GPU buffer for
//! WebGPU) and runs the ops of `ops.rs` on them. Every op writes into an output buffer the caller owns, so
//! a training step or a webcam frame can reuse its buffers and allocate nothing. Ops may be queued rather
//! than run at once (the WebGPU backend records them into one submission); `read` returns the finished
//! values.
//!
//! The scalar backend is the reference: `crate/tests/backend_suite.rs` runs one suite of random cases
//! against every other backend and compares with it.

use super::ops::{Conv2d, Matmul, Pool2d};
use crate::activation::Activation;

pub trait Backend {
    type Buffer;

    /// Short name, as the CLI and benchmarks print it.
    fn name(&self) -> String;

    /// A buffer holding a copy of `data`.
    fn upload(&self, data: &[f32]) -> Self::Buffer;

    /// Every value of `buffer`, after all queued work that writes it has finished.
    fn read(&self, buffer: &Self::Buffer) -> Vec<f32>;

    /// Waits until every queued op has finished (for timing).
    fn finish(&self);

    /// out = op(A) · op(B).
    fn matmul(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer, op: &Matmul);

    /// out = conv(input, weights), no bias.
    fn conv2d(&self, input: &Self::Buffer, weights: &Self::Buffer, out: &mut Self::Buffer, op: &Conv2d);

    fn pool2d(&self, input: &Self::Buffer, out: &mut Self::Buffer, op: &Pool2d);

    /// In place, for every element of a tensor whose innermost dimension has `bias.len()` channels:
    /// x = activation(x + bias[channel]).
    fn bias_activation(&self, x: &mut Self::Buffer, bias: &Self::Buffer, channels: usize, activation: Activation);
}
