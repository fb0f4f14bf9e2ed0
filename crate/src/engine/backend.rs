//! The one trait every backend implements.
//!
//! A backend owns where tensors live (`Buffer`: host memory for the CPU backends, a GPU buffer for
//! WebGPU) and runs the ops of `ops.rs` on them. Every op writes into output buffers the caller owns, so a
//! training step or a webcam frame can reuse its buffers and allocate nothing. Ops may be queued rather
//! than run at once (the WebGPU backend records them into one submission); `read` returns finished values.
//! Losses write their value into a one-element buffer for the same reason: nothing waits until asked.
//!
//! The scalar backend is the reference: `crate/tests/backend_suite.rs` runs one suite of random cases
//! against every other backend and compares with it, and checks the scalar backward ops against finite
//! differences of its forward ops.

use super::ops::{Adam, Conv2d, Image, Matmul, Pool2d, Recurrent, Resize};
use crate::activation::Activation;
use std::future::Future;

pub trait Backend {
    type Buffer;

    /// Short name, as the CLI and benchmarks print it.
    fn name(&self) -> String;

    /// Threads the backend computes on (the CPU's: a GPU backend's host side is one). A backend that says
    /// more than one lets its buffers, and itself, be used from those threads (`nn::shards` hands a training
    /// batch's shards to them): the SIMD backend's are host memory; WebGPU's handles stay on their thread.
    fn threads(&self) -> usize {
        1
    }

    /// The conformance checks (conformance::CHECKS) whose ops this backend borrows from the scalar
    /// reference instead of computing them with code of its own: checking those against the scalar backend
    /// would compare it with itself, so the suite leaves them out for this backend.
    fn borrowed_checks(&self) -> &'static [&'static str] {
        &[]
    }

    /// A buffer holding a copy of `data`.
    fn upload(&self, data: &[f32]) -> Self::Buffer;

    /// A buffer of `len` zeros.
    fn zeros(&self, len: usize) -> Self::Buffer {
        self.upload(&vec![0.0; len])
    }

    /// How many values `buffer` holds.
    fn len(&self, buffer: &Self::Buffer) -> usize;

    /// Overwrites `buffer` (of the same length) with `data`, after every op queued before it has run:
    /// how a training loop feeds each batch into the same input buffer.
    fn write(&self, buffer: &mut Self::Buffer, data: &[f32]);

    /// Every value of `buffer`, once all queued work that writes it has finished. Asynchronous because
    /// a browser cannot block on the GPU; native code waits with `pollster::block_on`.
    fn read(&self, buffer: &Self::Buffer) -> impl Future<Output = Vec<f32>>;

    /// `read` of each buffer. WebGPU reads them all through one submission and one wait, where reading
    /// them one by one waits for the GPU once per buffer.
    fn read_all(&self, buffers: &[&Self::Buffer]) -> impl Future<Output = Vec<Vec<f32>>> {
        async move {
            let mut values = Vec::with_capacity(buffers.len());
            for buffer in buffers {
                values.push(self.read(buffer).await);
            }
            values
        }
    }

    /// Resolves when every queued op has finished (for timing).
    fn finish(&self) -> impl Future<Output = ()>;

    /// Starts the device's own clock, where it has one, for `finish_timed`.
    fn start_clock(&self) {}

    /// `finish`, and the milliseconds the device spent running the ops queued since `start_clock` by its own
    /// clock (WebGPU's timestamp queries): kernel time apart from recording, submitting and waiting. None
    /// where there is no such clock: adapters without timestamps, and the CPU backends, whose ops run as
    /// they are queued.
    fn finish_timed(&self) -> impl Future<Output = Option<f64>> {
        async {
            self.finish().await;
            None
        }
    }

    /// Drops what the backend compiled for the ops it ran (WebGPU's shader modules and pipelines), so the
    /// next run compiles afresh, as the first run of a page does: a benchmark's cold run. Nothing to drop on
    /// the host-memory backends.
    fn forget_compiled(&self) {}

    // Dense and window ops.

    /// out = op(A) · op(B). Its gradients are matmuls too: for C = A·B, dA = dC·Bᵀ and dB = Aᵀ·dC.
    fn matmul(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer, op: &Matmul);

    /// out = activation(op(A) · op(B) + bias), the bias (one per column) where there is one: a dense layer's
    /// forward pass. As with `conv2d_bias_activation`, a backend may add the bias and apply the activation
    /// as it stores the product, where this default makes a pass over the output for them.
    fn matmul_bias_activation(
        &self,
        a: &Self::Buffer,
        b: &Self::Buffer,
        bias: Option<&Self::Buffer>,
        out: &mut Self::Buffer,
        op: &Matmul,
        activation: Activation,
    ) {
        self.matmul(a, b, out, op);
        self.bias_activation_of(out, bias, activation);
    }

    /// out = conv(input, weights), no bias.
    fn conv2d(&self, input: &Self::Buffer, weights: &Self::Buffer, out: &mut Self::Buffer, op: &Conv2d);

    /// out = activation(conv(input, weights) + bias), the bias where there is one: a convolution layer's
    /// forward pass. A backend may add the bias and apply the activation as it stores the convolution's
    /// output, where this default makes a pass over the output for them.
    fn conv2d_bias_activation(
        &self,
        input: &Self::Buffer,
        weights: &Self::Buffer,
        bias: Option<&Self::Buffer>,
        out: &mut Self::Buffer,
        op: &Conv2d,
        activation: Activation,
    ) {
        self.conv2d(input, weights, out, op);
        self.bias_activation_of(out, bias, activation);
    }

    /// dx = ∂(Σ dy · conv(x, w)) / ∂x.
    fn conv2d_backward_input(&self, dy: &Self::Buffer, weights: &Self::Buffer, dx: &mut Self::Buffer, op: &Conv2d);

    /// dw = ∂(Σ dy · conv(x, w)) / ∂w.
    fn conv2d_backward_filter(&self, input: &Self::Buffer, dy: &Self::Buffer, dw: &mut Self::Buffer, op: &Conv2d);

    fn pool2d(&self, input: &Self::Buffer, out: &mut Self::Buffer, op: &Pool2d);

    /// Max pooling sends each gradient to its window's maximum (the first, on ties); average pooling
    /// shares it among the window's in-image taps. Where `input` is the output of `activation`, that
    /// activation's backward is taken in the same pass: dx = f′(input) · the pool's gradient, as
    /// `activation_backward` of it would give (`Activation::Linear` for the pool's gradient alone).
    fn pool2d_backward(
        &self,
        input: &Self::Buffer,
        dy: &Self::Buffer,
        dx: &mut Self::Buffer,
        op: &Pool2d,
        activation: Activation,
    );

    /// out[o] = dy at the maximum of window o of `input` (the first, on ties): the backward of max
    /// unpooling, which places pooled values at their maxima with `pool2d_backward`.
    fn max_pool_gather(&self, input: &Self::Buffer, dy: &Self::Buffer, out: &mut Self::Buffer, op: &Pool2d);

    // Elementwise and per-channel ops; the channels are the innermost dimension, as many as a bias, scale
    // or shift has values.

    /// In place: x = activation(x + bias[channel]).
    fn bias_activation(&self, x: &mut Self::Buffer, bias: &Self::Buffer, activation: Activation);

    /// In place: x = activation(x + bias[channel]), or activation(x) where there is no bias (not an op of
    /// its own: one of the two, or nothing for a linear activation without a bias).
    fn bias_activation_of(&self, x: &mut Self::Buffer, bias: Option<&Self::Buffer>, activation: Activation) {
        match bias {
            Some(bias) => self.bias_activation(x, bias, activation),
            None if activation != Activation::Linear => self.activate(x, activation),
            None => {}
        }
    }

    /// In place: x = activation(x).
    fn activate(&self, x: &mut Self::Buffer, activation: Activation);

    /// dx = dy · activation′, from the activation's output y.
    fn activation_backward(&self, y: &Self::Buffer, dy: &Self::Buffer, dx: &mut Self::Buffer, activation: Activation);

    /// db[c] = Σ dy[·, c].
    fn bias_backward(&self, dy: &Self::Buffer, db: &mut Self::Buffer);

    fn add(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer);

    fn mul(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer);

    /// out = a − b.
    fn sub(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer);

    /// out = min(max(x, min), max): keeps an adversarial image a valid image.
    fn clamp(&self, x: &Self::Buffer, min: f32, max: f32, out: &mut Self::Buffer);

    /// out = −1, 0 or 1 as x is negative, zero or positive (the fast gradient sign method's step).
    fn sign(&self, x: &Self::Buffer, out: &mut Self::Buffer);

    /// out = x · factor (with factor 1, a copy: how a gradient is handed to both inputs of a sum).
    fn scale(&self, x: &Self::Buffer, factor: f32, out: &mut Self::Buffer);

    /// In place: x = x · scale[channel] + shift[channel], batch-norm in inference form (`fold_batch_norm`).
    fn channel_affine(&self, x: &mut Self::Buffer, scale: &Self::Buffer, shift: &Self::Buffer);

    /// out = a · x + b · y.
    fn axpby(&self, a: f32, x: &Self::Buffer, b: f32, y: &Self::Buffer, out: &mut Self::Buffer);

    // Batch normalisation with the batch's statistics (`scalar/normalisation.rs`): `statistics` holds each
    // channel's mean, then its biased variance.

    /// Each channel's mean and variance over every pixel of x.
    fn channel_moments(&self, x: &Self::Buffer, statistics: &mut Self::Buffer);

    /// out = γ · (x − mean) / √(variance + ε) + β, per channel.
    #[allow(clippy::too_many_arguments)]
    fn batch_norm(
        &self,
        x: &Self::Buffer,
        gamma: &Self::Buffer,
        beta: &Self::Buffer,
        statistics: &Self::Buffer,
        out: &mut Self::Buffer,
        epsilon: f32,
    );

    /// dx, dγ and dβ of `batch_norm` when `statistics` are x's own moments (so they vary with x too).
    #[allow(clippy::too_many_arguments)]
    fn batch_norm_backward(
        &self,
        x: &Self::Buffer,
        dy: &Self::Buffer,
        gamma: &Self::Buffer,
        statistics: &Self::Buffer,
        dx: &mut Self::Buffer,
        dgamma: &mut Self::Buffer,
        dbeta: &mut Self::Buffer,
        epsilon: f32,
    );

    /// Softmax over each row of `classes` values.
    fn softmax(&self, x: &Self::Buffer, out: &mut Self::Buffer, classes: usize);

    // Layout.

    /// The parts (buffer, its channels), each `pixels` long, side by side along channels.
    fn concat_channels(&self, parts: &[(&Self::Buffer, usize)], out: &mut Self::Buffer, pixels: usize);

    /// The inverse of `concat_channels`, and so its backward.
    fn split_channels(&self, x: &Self::Buffer, parts: &mut [(&mut Self::Buffer, usize)], pixels: usize);

    /// Nearest-neighbour ×2; `shape` is the input's.
    fn upsample_nearest2x(&self, x: &Self::Buffer, out: &mut Self::Buffer, shape: &Image);

    fn upsample_nearest2x_backward(&self, dy: &Self::Buffer, dx: &mut Self::Buffer, shape: &Image);

    fn resize_bilinear(&self, x: &Self::Buffer, out: &mut Self::Buffer, op: &Resize);

    // Recurrent layers over whole sequences (`ops::Recurrent`): every step runs here, none costs a round
    // trip to the caller (on WebGPU the steps are dispatches of one submission).

    /// hidden[b, t] = cell(pre[b, t] + hidden[b, t−1] · weight), from a zero state; `memory` keeps what
    /// backward needs (`Cell::memory`).
    fn recurrent_forward(
        &self,
        pre: &Self::Buffer,
        weight: &Self::Buffer,
        hidden: &mut Self::Buffer,
        memory: &mut Self::Buffer,
        op: &Recurrent,
    );

    /// Backpropagation through time from `dhidden`, the loss's gradient at each step's output: dpre, and
    /// in `state` what reaches each step's state from that step and all later ones (`Cell::state`).
    #[allow(clippy::too_many_arguments)]
    fn recurrent_backward(
        &self,
        memory: &Self::Buffer,
        weight: &Self::Buffer,
        dhidden: &Self::Buffer,
        dpre: &mut Self::Buffer,
        state: &mut Self::Buffer,
        op: &Recurrent,
    );

    /// dweight = Σ over sequences and steps of hidden[b, t−1]ᵀ · dpre[b, t].
    fn recurrent_weight_gradient(
        &self,
        hidden: &Self::Buffer,
        dpre: &Self::Buffer,
        dweight: &mut Self::Buffer,
        op: &Recurrent,
    );

    // Training.

    /// loss[0] = mean over rows of cross-entropy(softmax(logits), targets); grad = its gradient.
    fn softmax_cross_entropy(
        &self,
        logits: &Self::Buffer,
        targets: &Self::Buffer,
        grad: &mut Self::Buffer,
        loss: &mut Self::Buffer,
        classes: usize,
    );

    /// loss[0] = mean over every value of the binary cross-entropy of sigmoid(logits) with targets in
    /// [0, 1], computed from the logits so it stays finite; grad = its gradient.
    fn sigmoid_cross_entropy(
        &self,
        logits: &Self::Buffer,
        targets: &Self::Buffer,
        grad: &mut Self::Buffer,
        loss: &mut Self::Buffer,
    );

    /// loss[0] = mean (prediction − target)²; grad = its gradient.
    fn mean_squared_error(
        &self,
        prediction: &Self::Buffer,
        target: &Self::Buffer,
        grad: &mut Self::Buffer,
        loss: &mut Self::Buffer,
    );

    fn sgd_momentum(
        &self,
        param: &mut Self::Buffer,
        grad: &Self::Buffer,
        velocity: &mut Self::Buffer,
        learning_rate: f32,
        momentum: f32,
    );

    fn adam(
        &self,
        param: &mut Self::Buffer,
        grad: &Self::Buffer,
        m: &mut Self::Buffer,
        v: &mut Self::Buffer,
        op: &Adam,
    );
}
