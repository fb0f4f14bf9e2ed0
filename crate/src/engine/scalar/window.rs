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
