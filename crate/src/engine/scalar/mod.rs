//! The scalar backend: plain loops over host memory, written to be read. It defines what every op
//! computes, and every other backend is tested against it. The loops live by op family in the files
//! beside this one; the SIMD backend reuses the memory-bound ones.

pub mod elementwise;
pub mod layout;
pub mod normalisation;
pub mod recurrent;
pub mod training;
pub mod window;

use super::backend::Backend;
use super::host_buffer::HostBuffer;
use super::ops::{Adam, Conv2d, Image, Matmul, Pool2d, Recurrent, Resize};
use crate::activation::Activation;

#[derive(Clone, Copy, Debug, Default)]
pub struct Scalar;

/// The `Backend` methods every host-memory backend shares: buffers are `HostBuffer`s, and the memory-bound
/// ops run the scalar loops, since memory traffic, not arithmetic, limits them. The SIMD backend takes
/// these and brings its own kernels for the arithmetic-bound rest.
macro_rules! host_memory_methods {
    () => {
        /// The checks of the ops below, which are the scalar reference's own loops.
        fn borrowed_checks(&self) -> &'static [&'static str] {
            &$crate::engine::conformance::HOST_MEMORY_CHECKS
        }

        fn upload(&self, data: &[f32]) -> Self::Buffer {
            data.to_vec().into()
        }

        fn len(&self, buffer: &Self::Buffer) -> usize {
            buffer.len()
        }

        fn write(&self, buffer: &mut Self::Buffer, data: &[f32]) {
            buffer.copy_from_slice(data);
        }

        fn read(&self, buffer: &Self::Buffer) -> impl std::future::Future<Output = Vec<f32>> {
            std::future::ready(buffer.to_vec())
        }

        fn finish(&self) -> impl std::future::Future<Output = ()> {
            std::future::ready(())
        }

        fn max_pool_gather(&self, input: &Self::Buffer, dy: &Self::Buffer, out: &mut Self::Buffer, op: &Pool2d) {
            $crate::engine::scalar::window::max_pool_gather(input, dy, out, op);
        }

        fn activate(&self, x: &mut Self::Buffer, activation: Activation) {
            x.iter_mut().for_each(|v| *v = activation.apply(*v));
        }

        fn add(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::add(a, b, out);
        }

        fn sub(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::sub(a, b, out);
        }

        fn clamp(&self, x: &Self::Buffer, min: f32, max: f32, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::clamp(x, min, max, out);
        }

        fn sign(&self, x: &Self::Buffer, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::sign(x, out);
        }

        fn mul(&self, a: &Self::Buffer, b: &Self::Buffer, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::mul(a, b, out);
        }

        fn scale(&self, x: &Self::Buffer, factor: f32, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::scale(x, factor, out);
        }

        fn channel_affine(&self, x: &mut Self::Buffer, scale: &Self::Buffer, shift: &Self::Buffer) {
            $crate::engine::scalar::elementwise::channel_affine(x, scale, shift);
        }

        fn channel_moments(&self, x: &Self::Buffer, statistics: &mut Self::Buffer) {
            $crate::engine::scalar::normalisation::channel_moments(x, statistics);
        }

        fn batch_norm(
            &self,
            x: &Self::Buffer,
            gamma: &Self::Buffer,
            beta: &Self::Buffer,
            statistics: &Self::Buffer,
            out: &mut Self::Buffer,
            epsilon: f32,
        ) {
            $crate::engine::scalar::normalisation::batch_norm(x, gamma, beta, statistics, out, epsilon);
        }

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
        ) {
            $crate::engine::scalar::normalisation::batch_norm_backward(
                x, dy, gamma, statistics, dx, dgamma, dbeta, epsilon,
            );
        }

        fn axpby(&self, a: f32, x: &Self::Buffer, b: f32, y: &Self::Buffer, out: &mut Self::Buffer) {
            $crate::engine::scalar::elementwise::axpby(a, x, b, y, out);
        }

        fn softmax(&self, x: &Self::Buffer, out: &mut Self::Buffer, classes: usize) {
            $crate::engine::scalar::elementwise::softmax(x, out, classes);
        }

        fn concat_channels(&self, parts: &[(&Self::Buffer, usize)], out: &mut Self::Buffer, pixels: usize) {
            let parts: Vec<(&[f32], usize)> = parts.iter().map(|(v, c)| (v.as_slice(), *c)).collect();
            $crate::engine::scalar::layout::concat_channels(&parts, out, pixels);
        }

        fn split_channels(&self, x: &Self::Buffer, parts: &mut [(&mut Self::Buffer, usize)], pixels: usize) {
            let mut parts: Vec<(&mut [f32], usize)> = parts.iter_mut().map(|(v, c)| (v.as_mut_slice(), *c)).collect();
            $crate::engine::scalar::layout::split_channels(x, &mut parts, pixels);
        }

        fn upsample_nearest2x(&self, x: &Self::Buffer, out: &mut Self::Buffer, shape: &Image) {
            $crate::engine::scalar::layout::upsample_nearest2x(x, out, shape);
        }

        fn upsample_nearest2x_backward(&self, dy: &Self::Buffer, dx: &mut Self::Buffer, shape: &Image) {
            $crate::engine::scalar::layout::upsample_nearest2x_backward(dy, dx, shape);
        }

        fn resize_bilinear(&self, x: &Self::Buffer, out: &mut Self::Buffer, op: &Resize) {
            $crate::engine::scalar::layout::resize_bilinear(x, out, op);
        }

        fn softmax_cross_entropy(
            &self,
            logits: &Self::Buffer,
            targets: &Self::Buffer,
            grad: &mut Self::Buffer,
            loss: &mut Self::Buffer,
            classes: usize,
        ) {
            loss[0] = $crate::engine::scalar::training::softmax_cross_entropy(logits, targets, grad, classes);
        }

        fn sigmoid_cross_entropy(
            &self,
            logits: &Self::Buffer,
            targets: &Self::Buffer,
            grad: &mut Self::Buffer,
            loss: &mut Self::Buffer,
        ) {
            loss[0] = $crate::engine::scalar::training::sigmoid_cross_entropy(logits, targets, grad);
        }

        fn mean_squared_error(
            &self,
            prediction: &Self::Buffer,
            target: &Self::Buffer,
            grad: &mut Self::Buffer,
            loss: &mut Self::Buffer,
        ) {
            loss[0] = $crate::engine::scalar::training::mean_squared_error(prediction, target, grad);
        }

        fn sgd_momentum(
            &self,
            param: &mut Self::Buffer,
            grad: &Self::Buffer,
            velocity: &mut Self::Buffer,
            learning_rate: f32,
            momentum: f32,
        ) {
            $crate::engine::scalar::training::sgd_momentum(param, grad, velocity, learning_rate, momentum);
        }

        fn adam(
            &self,
            param: &mut Self::Buffer,
            grad: &Self::Buffer,
            m: &mut Self::Buffer,
            v: &mut Self::Buffer,
            op: &Adam,
        ) {
            $crate::engine::scalar::training::adam(param, grad, m, v, op);
        }
    };
}
pub(crate) use host_memory_methods;

impl Backend for Scalar {
    type Buffer = HostBuffer;

    host_memory_methods!();

    fn name(&self) -> String {
        "scalar".into()
    }

    fn matmul(&self, a: &HostBuffer, b: &HostBuffer, out: &mut HostBuffer, op: &Matmul) {
        let (a_row, a_col) = op.a_strides();
        let (b_row, b_col) = op.b_strides();
        for i in 0..op.m {
            for j in 0..op.n {
                let mut sum = 0.0;
                for p in 0..op.k {
                    sum += a[i * a_row + p * a_col] * b[p * b_row + j * b_col];
                }
                out[i * op.n + j] = sum;
            }
        }
    }

    fn conv2d(&self, input: &HostBuffer, weights: &HostBuffer, out: &mut HostBuffer, op: &Conv2d) {
        window::conv2d(input, weights, out, op);
    }

    fn conv2d_backward_input(&self, dy: &HostBuffer, weights: &HostBuffer, dx: &mut HostBuffer, op: &Conv2d) {
        window::conv2d_backward_input(dy, weights, dx, op);
    }

    fn conv2d_backward_filter(&self, input: &HostBuffer, dy: &HostBuffer, dw: &mut HostBuffer, op: &Conv2d) {
        window::conv2d_backward_filter(input, dy, dw, op);
    }

    fn pool2d(&self, input: &HostBuffer, out: &mut HostBuffer, op: &Pool2d) {
        window::pool2d(input, out, op);
    }

    fn pool2d_backward(
        &self,
        input: &HostBuffer,
        dy: &HostBuffer,
        dx: &mut HostBuffer,
        op: &Pool2d,
        activation: Activation,
    ) {
        window::pool2d_backward(input, dy, dx, op);
        dx.iter_mut().zip(input.iter()).for_each(|(dx, &y)| *dx *= activation.slope_from_output(y));
    }

    fn bias_activation(&self, x: &mut HostBuffer, bias: &HostBuffer, activation: Activation) {
        elementwise::bias_activation(x, bias, activation);
    }

    fn activation_backward(&self, y: &HostBuffer, dy: &HostBuffer, dx: &mut HostBuffer, activation: Activation) {
        elementwise::activation_backward(y, dy, dx, activation);
    }

    fn bias_backward(&self, dy: &HostBuffer, db: &mut HostBuffer) {
        elementwise::bias_backward(dy, db);
    }

    fn recurrent_forward(
        &self,
        pre: &HostBuffer,
        weight: &HostBuffer,
        hidden: &mut HostBuffer,
        memory: &mut HostBuffer,
        op: &Recurrent,
    ) {
        recurrent::forward(pre, weight, hidden, memory, op, recurrent::product);
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
        recurrent::backward(memory, weight, dhidden, (dpre, state), op, recurrent::product);
    }

    fn recurrent_weight_gradient(
        &self,
        hidden: &HostBuffer,
        dpre: &HostBuffer,
        dweight: &mut HostBuffer,
        op: &Recurrent,
    ) {
        recurrent::weight_gradient(hidden, dpre, dweight, op, recurrent::product);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ops::{Conv2d, Matmul, Padding, Pool2d, PoolKind, Window};

    fn window(height: usize, width: usize, kernel: usize, stride: usize, padding: Padding) -> Window {
        Window::new(1, height, width, (kernel, kernel), stride, padding)
    }

    #[test]
    fn matmul_by_hand_with_and_without_transposes() {
        let a = Scalar.upload(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]); // [2, 3]
        let b = Scalar.upload(&[1.0, 0.0, 0.0, 1.0, 1.0, 1.0]); // [3, 2]
        let mut out = Scalar.zeros(4);
        Scalar.matmul(&a, &b, &mut out, &Matmul::new(2, 2, 3));
        assert_eq!(*out, [4.0, 5.0, 10.0, 11.0]);
        // The same storage read transposed: A as a [2, 3] store of Aᵀ (3 × 2), b as a [3, 2] store of Bᵀ (2 × 3).
        let mut out = Scalar.zeros(9);
        let op = Matmul { m: 3, n: 3, k: 2, transpose_a: true, transpose_b: true };
        Scalar.matmul(&a, &b, &mut out, &op);
        // Aᵀ = [[1,4],[2,5],[3,6]], Bᵀ (b read as [3,2] transposed) = [[1,0,1],[0,1,1]].
        assert_eq!(*out, [1.0, 4.0, 5.0, 2.0, 5.0, 7.0, 3.0, 6.0, 9.0]);
    }

    #[test]
    fn conv_with_same_padding_by_hand() {
        // A 3×3 image of ones and a 3×3 kernel of ones: each output counts its in-image neighbours.
        let op = Conv2d { window: window(3, 3, 3, 1, Padding::Same), in_channels: 1, out_channels: 1, groups: 1 };
        let mut out = Scalar.zeros(9);
        Scalar.conv2d(&Scalar.upload(&[1.0; 9]), &Scalar.upload(&[1.0; 9]), &mut out, &op);
        assert_eq!(*out, [4.0, 6.0, 4.0, 6.0, 9.0, 6.0, 4.0, 6.0, 4.0]);
    }

    #[test]
    fn depthwise_conv_keeps_channels_apart() {
        // Two channels, 1×1 kernel per channel: channel 0 doubled, channel 1 negated.
        let op = Conv2d { window: window(1, 2, 1, 1, Padding::Valid), in_channels: 2, out_channels: 2, groups: 2 };
        let mut out = Scalar.zeros(4);
        Scalar.conv2d(&Scalar.upload(&[1.0, 2.0, 3.0, 4.0]), &Scalar.upload(&[2.0, -1.0]), &mut out, &op);
        assert_eq!(*out, [2.0, -2.0, 6.0, -4.0]);
    }

    #[test]
    fn pools_ignore_padding() {
        let input: HostBuffer = (1..=9).map(|v| v as f32).collect();
        let max = Pool2d { window: window(3, 3, 2, 1, Padding::Same), channels: 1, kind: PoolKind::Max };
        let mut out = Scalar.zeros(9);
        Scalar.pool2d(&input, &mut out, &max);
        assert_eq!(*out, [5.0, 6.0, 6.0, 8.0, 9.0, 9.0, 8.0, 9.0, 9.0]);
        let average = Pool2d { kind: PoolKind::Average, ..max };
        Scalar.pool2d(&input, &mut out, &average);
        assert_eq!(out[8], 9.0);
        assert_eq!(out[0], (1.0 + 2.0 + 4.0 + 5.0) / 4.0);
    }
}
