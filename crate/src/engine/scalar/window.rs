//! Window ops, forward and backward: convolution and pooling as the plain loops that define them.

use crate::engine::ops::{Conv2d, Pool2d, PoolKind, Window, WindowOutput};
use std::ops::Range;

/// The input pixel that kernel tap (ky, kx) of output pixel (oy, ox) reads, or None in the padding.
pub fn tap(oy: usize, ox: usize, ky: usize, kx: usize, w: &Window, o: &WindowOutput) -> Option<(usize, usize)> {
    let y = (oy * w.stride_h + ky).checked_sub(o.pad_top)?;
    let x = (ox * w.stride_w + kx).checked_sub(o.pad_left)?;
    (y < w.height && x < w.width).then_some((y, x))
}

/// The kernel offsets along one axis whose taps land inside the input, for output position `out`: the
/// same taps `tap` accepts, as one range, so kernels can loop over them without testing each.
pub fn taps_inside(out: usize, stride: usize, pad_before: usize, kernel: usize, size: usize) -> Range<usize> {
    let start = out * stride;
    pad_before.saturating_sub(start)..kernel.min((size + pad_before).saturating_sub(start))
}

/// Every (input index, weight index, output index) triple a convolution multiplies: forward sums
/// input·weight into output; the two backward passes reuse the same triples.
fn for_each_product(op: &Conv2d, mut visit: impl FnMut(usize, usize, usize)) {
    op.validate();
    let w = &op.window;
    let o = w.output();
    let (cin_g, cout_g) = (op.in_per_group(), op.out_per_group());
    for n in 0..w.batch {
        for oy in 0..o.height {
            for ox in 0..o.width {
                for co in 0..op.out_channels {
                    let group = co / cout_g;
                    let output = ((n * o.height + oy) * o.width + ox) * op.out_channels + co;
                    for ky in 0..w.kernel_h {
                        for kx in 0..w.kernel_w {
                            let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                            let pixel = ((n * w.height + y) * w.width + x) * op.in_channels + group * cin_g;
                            for ci in 0..cin_g {
                                let weight = ((ky * w.kernel_w + kx) * cin_g + ci) * op.out_channels + co;
                                visit(pixel + ci, weight, output);
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn conv2d(input: &[f32], weights: &[f32], out: &mut [f32], op: &Conv2d) {
    out.fill(0.0);
    for_each_product(op, |i, w, o| out[o] += input[i] * weights[w]);
}

/// dInput = Σ dOutput · weight over every product the input took part in.
pub fn conv2d_backward_input(dy: &[f32], weights: &[f32], dx: &mut [f32], op: &Conv2d) {
    dx.fill(0.0);
    for_each_product(op, |i, w, o| dx[i] += dy[o] * weights[w]);
}

/// dWeights = Σ dOutput · input over every product the weight took part in.
pub fn conv2d_backward_filter(input: &[f32], dy: &[f32], dw: &mut [f32], op: &Conv2d) {
    dw.fill(0.0);
    for_each_product(op, |i, w, o| dw[w] += dy[o] * input[i]);
}

/// Calls `visit(output index, taps)` for every output element, with the input indices its window reads.
fn for_each_window(op: &Pool2d, mut visit: impl FnMut(usize, &[usize])) {
    let w = &op.window;
    let o = w.output();
    let mut taps = Vec::with_capacity(w.kernel_h * w.kernel_w);
    for n in 0..w.batch {
        for oy in 0..o.height {
            for ox in 0..o.width {
                for c in 0..op.channels {
                    taps.clear();
                    for ky in 0..w.kernel_h {
                        for kx in 0..w.kernel_w {
                            if let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) {
                                taps.push(((n * w.height + y) * w.width + x) * op.channels + c);
                            }
                        }
                    }
                    visit(((n * o.height + oy) * o.width + ox) * op.channels + c, &taps);
                }
            }
        }
    }
}

/// The tap holding the window's maximum; the first in scan order (ky, then kx) on ties.
pub fn argmax(input: &[f32], taps: &[usize]) -> usize {
    taps.iter().copied().fold(taps[0], |best, t| if input[t] > input[best] { t } else { best })
}

pub fn pool2d(input: &[f32], out: &mut [f32], op: &Pool2d) {
    for_each_window(op, |o, taps| {
        out[o] = match op.kind {
            PoolKind::Max => input[argmax(input, taps)],
            PoolKind::Average => taps.iter().map(|&t| input[t]).sum::<f32>() / taps.len() as f32,
        }
    });
}

/// Max: the gradient goes to the window's maximum. Average: it is shared equally by the window's taps.
pub fn pool2d_backward(input: &[f32], dy: &[f32], dx: &mut [f32], op: &Pool2d) {
    dx.fill(0.0);
    for_each_window(op, |o, taps| match op.kind {
        PoolKind::Max => dx[argmax(input, taps)] += dy[o],
        PoolKind::Average => taps.iter().for_each(|&t| dx[t] += dy[o] / taps.len() as f32),
    });
}

/// out[o] = dy at the maximum of window o of `input`.
pub fn max_pool_gather(input: &[f32], dy: &[f32], out: &mut [f32], op: &Pool2d) {
    for_each_window(op, |o, taps| out[o] = dy[argmax(input, taps)]);
}

/// Window geometry is shared by every backend, so a padding bug would pass the conformance suite everywhere
/// at once: these outputs are worked out by hand on small images (1 channel, values 1.. row by row).
#[cfg(test)]
mod hand_worked {
    use super::*;
    use crate::engine::ops::Padding;

    fn counting(side: usize, first: f32) -> Vec<f32> {
        (0..side * side).map(|i| first + i as f32).collect()
    }

    fn pool(side: usize, kernel: usize, stride: usize, padding: Padding, kind: PoolKind, first: f32) -> Vec<f32> {
        let op = Pool2d { window: Window::new(1, side, side, (kernel, kernel), stride, padding), channels: 1, kind };
        let mut out = vec![f32::NAN; op.output_len()];
        pool2d(&counting(side, first), &mut out, &op);
        out
    }

    /// A convolution with an all-ones kernel: each output is the sum of the input cells its window covers.
    fn window_sums(side: usize, kernel: usize, stride: usize, padding: Padding, first: f32) -> Vec<f32> {
        let window = Window::new(1, side, side, (kernel, kernel), stride, padding);
        let op = Conv2d { window, in_channels: 1, out_channels: 1, groups: 1 };
        let out_len = window.output().height * window.output().width;
        let mut out = vec![f32::NAN; out_len];
        conv2d(&counting(side, first), &vec![1.0; kernel * kernel], &mut out, &op);
        out
    }

    #[test]
    fn same_with_stride_two_and_an_even_kernel_pads_bottom_and_right() {
        // 1 2 3 / 4 5 6 / 7 8 9, 2×2 windows at stride 2: out 2×2, the one padding cell after the input.
        assert_eq!(pool(3, 2, 2, Padding::Same, PoolKind::Max, 1.0), [5.0, 6.0, 8.0, 9.0]);
        // The mean counts only the cells inside: (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9.
        assert_eq!(pool(3, 2, 2, Padding::Same, PoolKind::Average, 1.0), [3.0, 4.5, 7.5, 9.0]);
        assert_eq!(window_sums(3, 2, 2, Padding::Same, 1.0), [12.0, 9.0, 15.0, 9.0]);
    }

    #[test]
    fn a_four_by_four_input_with_two_by_two_windows_at_stride_two() {
        // 0 1 2 3 / 4 5 6 7 / 8 9 10 11 / 12 13 14 15.
        assert_eq!(pool(4, 2, 2, Padding::Valid, PoolKind::Max, 0.0), [5.0, 7.0, 13.0, 15.0]);
        assert_eq!(window_sums(4, 2, 2, Padding::Valid, 0.0), [10.0, 18.0, 42.0, 50.0]);
    }

    #[test]
    fn explicit_asymmetric_padding_shifts_the_windows() {
        // 1..9 with one padding row on top and one padding column on the right, 2×2 windows at stride 1.
        let padding = Padding::Explicit { top: 1, bottom: 0, left: 0, right: 1 };
        assert_eq!(window_sums(3, 2, 1, padding, 1.0), [3.0, 5.0, 3.0, 12.0, 16.0, 9.0, 24.0, 28.0, 15.0]);
        assert_eq!(pool(3, 2, 1, padding, PoolKind::Max, 1.0), [2.0, 3.0, 3.0, 5.0, 6.0, 6.0, 8.0, 9.0, 9.0]);
    }
}
