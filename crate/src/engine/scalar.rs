//! The scalar backend: plain loops over host memory, written to be read. It defines what every op
//! computes, and every other backend is tested against it.

use super::backend::Backend;
use super::ops::{Conv2d, Matmul, Pool2d, PoolKind};
use crate::activation::Activation;

#[derive(Clone, Copy, Debug, Default)]
pub struct Scalar;

impl Backend for Scalar {
    type Buffer = Vec<f32>;

    fn name(&self) -> String {
        "scalar".into()
    }

    fn upload(&self, data: &[f32]) -> Vec<f32> {
        data.to_vec()
    }

    fn read(&self, buffer: &Vec<f32>) -> Vec<f32> {
        buffer.clone()
    }

    fn finish(&self) {}

    fn matmul(&self, a: &Vec<f32>, b: &Vec<f32>, out: &mut Vec<f32>, op: &Matmul) {
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

    fn conv2d(&self, input: &Vec<f32>, weights: &Vec<f32>, out: &mut Vec<f32>, op: &Conv2d) {
        op.validate();
        let w = &op.window;
        let o = w.output();
        let (cin_g, cout_g) = (op.in_per_group(), op.out_per_group());
        for n in 0..w.batch {
            for oy in 0..o.height {
                for ox in 0..o.width {
                    for co in 0..op.out_channels {
                        let group = co / cout_g;
                        let mut sum = 0.0;
                        for ky in 0..w.kernel_h {
                            for kx in 0..w.kernel_w {
                                let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                                for ci in 0..cin_g {
                                    let pixel = ((n * w.height + y) * w.width + x) * op.in_channels;
                                    let weight = ((ky * w.kernel_w + kx) * cin_g + ci) * op.out_channels + co;
                                    sum += input[pixel + group * cin_g + ci] * weights[weight];
                                }
                            }
                        }
                        out[((n * o.height + oy) * o.width + ox) * op.out_channels + co] = sum;
                    }
                }
            }
        }
    }

    fn pool2d(&self, input: &Vec<f32>, out: &mut Vec<f32>, op: &Pool2d) {
        let w = &op.window;
        let o = w.output();
        for n in 0..w.batch {
            for oy in 0..o.height {
                for ox in 0..o.width {
                    for c in 0..op.channels {
                        let (mut max, mut sum, mut count) = (f32::NEG_INFINITY, 0.0, 0);
                        for ky in 0..w.kernel_h {
                            for kx in 0..w.kernel_w {
                                let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                                let value = input[((n * w.height + y) * w.width + x) * op.channels + c];
                                max = max.max(value);
                                sum += value;
                                count += 1;
                            }
                        }
                        out[((n * o.height + oy) * o.width + ox) * op.channels + c] = match op.kind {
                            PoolKind::Max => max,
                            PoolKind::Average => sum / count as f32,
                        };
                    }
                }
            }
        }
    }

    fn bias_activation(&self, x: &mut Vec<f32>, bias: &Vec<f32>, channels: usize, activation: Activation) {
        for (i, value) in x.iter_mut().enumerate() {
            *value = activation.apply(*value + bias[i % channels]);
        }
    }
}

/// The input pixel that kernel tap (ky, kx) of output pixel (oy, ox) reads, or None in the padding.
pub(super) fn tap(
    oy: usize,
    ox: usize,
    ky: usize,
    kx: usize,
    w: &super::ops::Window,
    o: &super::ops::WindowOutput,
) -> Option<(usize, usize)> {
    let y = (oy * w.stride_h + ky).checked_sub(o.pad_top)?;
    let x = (ox * w.stride_w + kx).checked_sub(o.pad_left)?;
    (y < w.height && x < w.width).then_some((y, x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ops::{Padding, Window};

    fn window(height: usize, width: usize, kernel: usize, stride: usize, padding: Padding) -> Window {
        Window {
            batch: 1,
            height,
            width,
            kernel_h: kernel,
            kernel_w: kernel,
            stride_h: stride,
            stride_w: stride,
            padding,
        }
    }

    #[test]
    fn matmul_by_hand_with_and_without_transposes() {
        let a = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // [2, 3]
        let b = vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0]; // [3, 2]
        let mut out = vec![0.0; 4];
        Scalar.matmul(&a, &b, &mut out, &Matmul::new(2, 2, 3));
        assert_eq!(out, [4.0, 5.0, 10.0, 11.0]);
        // The same storage read transposed: A as a [2, 3] store of Aᵀ (3 × 2), b as a [3, 2] store of Bᵀ (2 × 3).
        let mut out = vec![0.0; 9];
        let op = Matmul { m: 3, n: 3, k: 2, transpose_a: true, transpose_b: true };
        Scalar.matmul(&a, &b, &mut out, &op);
        // Aᵀ = [[1,4],[2,5],[3,6]], Bᵀ (b read as [3,2] transposed) = [[1,0,1],[0,1,1]].
        assert_eq!(out, [1.0, 4.0, 5.0, 2.0, 5.0, 7.0, 3.0, 6.0, 9.0]);
    }

    #[test]
    fn conv_with_same_padding_by_hand() {
        // A 3×3 image of ones and a 3×3 kernel of ones: each output counts its in-image neighbours.
        let op = Conv2d { window: window(3, 3, 3, 1, Padding::Same), in_channels: 1, out_channels: 1, groups: 1 };
        let mut out = vec![0.0; 9];
        Scalar.conv2d(&vec![1.0; 9], &vec![1.0; 9], &mut out, &op);
        assert_eq!(out, [4.0, 6.0, 4.0, 6.0, 9.0, 6.0, 4.0, 6.0, 4.0]);
    }

    #[test]
    fn depthwise_conv_keeps_channels_apart() {
        // Two channels, 1×1 kernel per channel: channel 0 doubled, channel 1 negated.
        let op = Conv2d { window: window(1, 2, 1, 1, Padding::Valid), in_channels: 2, out_channels: 2, groups: 2 };
        let mut out = vec![0.0; 4];
        Scalar.conv2d(&vec![1.0, 2.0, 3.0, 4.0], &vec![2.0, -1.0], &mut out, &op);
        assert_eq!(out, [2.0, -2.0, 6.0, -4.0]);
    }

    #[test]
    fn pools_ignore_padding() {
        let input: Vec<f32> = (1..=9).map(|v| v as f32).collect();
        let max = Pool2d { window: window(3, 3, 2, 1, Padding::Same), channels: 1, kind: PoolKind::Max };
        let mut out = vec![0.0; 9];
        Scalar.pool2d(&input, &mut out, &max);
        assert_eq!(out, [5.0, 6.0, 6.0, 8.0, 9.0, 9.0, 8.0, 9.0, 9.0]);
        let average = Pool2d { kind: PoolKind::Average, ..max };
        Scalar.pool2d(&input, &mut out, &average);
        assert_eq!(out[8], 9.0);
        assert_eq!(out[0], (1.0 + 2.0 + 4.0 + 5.0) / 4.0);
    }
}
