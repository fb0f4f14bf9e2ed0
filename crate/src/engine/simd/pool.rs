//! Max and average pooling on the SIMD backend, forward and backward: four channels per vector, the
//! window's in-image taps found once per output pixel (`taps_inside`), so the inner loops test nothing.
//!
//! Max pooling's backward pass gives each gradient to the first tap (in scan order) that holds the
//! window's maximum, as the scalar oracle does: the pixel's maxima are found first, then the taps are
//! scanned with the gradient still to deliver, which each maximal tap takes and clears.
//!
//! A pixel's channels go in blocks of up to sixteen whose maxima, sums and pending gradients stay in
//! registers through every tap (`fold_block`, `max_backward_block`); kept in memory, they were loaded and
//! stored again at each tap.
//!
//! The backward takes the backward of the activation beneath the pool too: a max pool whose windows do not
//! overlap multiplies each gradient by the slope at its maximum before it delivers it (the other taps get
//! zero either way); the other pools multiply their images' gradients by the slopes after them. Done as a
//! pass of its own over the batch, that was 6 % of a training step of the MNIST CNN natively.

use super::activation;
use super::f32x4::{F32x4, LANES};
use super::threads;
use crate::activation::Activation;
use crate::engine::ops::{Pool2d, PoolKind};
use crate::engine::scalar::window::taps_inside;
use std::ops::Range;

pub fn pool2d(input: &[f32], out: &mut [f32], op: &Pool2d) {
    let channels = op.channels;
    let w = &op.window;
    let o = w.output();
    // Rows of output pixels spread over the threads.
    let row_len = o.width * channels;
    let rows = threads::rows_per_task(w.batch * o.height, row_len * w.kernel_h * w.kernel_w, 1);
    threads::for_each_chunk_mut(out, rows * row_len, |task, out| {
        let origin = task * rows * row_len;
        for_each_window(op, task * rows..(task * rows + rows).min(w.batch * o.height), |window, output| {
            pool_pixel(&input[window.base..], &mut out[output - origin..][..channels], window.taps, op.kind);
        });
    });
}

/// One output pixel of the pool: its taps' maximum or mean, channel by channel. `input` starts where the
/// taps are counted from.
fn pool_pixel(input: &[f32], out_pixel: &mut [f32], taps: &[usize], kind: PoolKind) {
    match kind {
        PoolKind::Max => fold_taps(out_pixel, input, taps, F32x4::max, f32::max),
        PoolKind::Average => {
            fold_taps(out_pixel, input, taps, |a, b| a + b, |a, b| a + b);
            let scale = 1.0 / taps.len() as f32;
            out_pixel.iter_mut().for_each(|v| *v *= scale);
        }
    }
}

/// The pool's backward, and that of `activation`, whose output `input` is (`Backend::pool2d_backward`).
pub fn pool2d_backward(input: &[f32], dy: &[f32], dx: &mut [f32], op: &Pool2d, activation: Activation) {
    let channels = op.channels;
    let w = &op.window;
    let o = w.output();
    // Windows overlap within an image, never across images: whole images are spread over the threads.
    let image_len = w.height * w.width * channels;
    let images = threads::rows_per_task(w.batch, o.height * o.width * channels * w.kernel_h * w.kernel_w, 1);
    // Windows that do not overlap (a 2 × 2 pool of stride 2) give each input cell one gradient or none,
    // written as it is where overlapping ones add theirs up; windows that tile the input leave no cell to clear.
    let overlapping = w.stride_h < w.kernel_h || w.stride_w < w.kernel_w;
    let tiling = (w.kernel_h, w.kernel_w) == (w.stride_h, w.stride_w)
        && (o.pad_top, o.pad_left) == (0, 0)
        && (o.height * w.stride_h, o.width * w.stride_w) == (w.height, w.width);
    threads::for_each_chunk_mut(dx, images * image_len, |task, dx| {
        let origin = task * images * image_len;
        let rows = task * images * o.height..((task + 1) * images).min(w.batch) * o.height;
        if op.kind == PoolKind::Average || !tiling {
            dx.fill(0.0);
        }
        for_each_window(op, rows, |window, output| {
            let gradient = &dy[output..][..channels];
            let (input, dx, taps) = (&input[window.base..], &mut dx[window.base - origin..], window.taps);
            match op.kind {
                PoolKind::Max if overlapping => {
                    max_backward_pixel::<true>(input, gradient, dx, taps, Activation::Linear)
                }
                PoolKind::Max => max_backward_pixel::<false>(input, gradient, dx, taps, activation),
                PoolKind::Average => {
                    let scale = 1.0 / taps.len() as f32;
                    let share = |d: F32x4, g: F32x4| g.mul_add(F32x4::splat(scale), d);
                    for &t in taps {
                        lane_wise(&mut dx[t..][..channels], gradient, share, |d, g| d + g * scale);
                    }
                }
            }
        });
        // A cell that windows share sums their gradients before the slope is taken, as the activation's
        // own backward would; a window's maximum alone in its windows took it on the way.
        let slope_taken = op.kind == PoolKind::Max && !overlapping;
        if !slope_taken && activation != Activation::Linear {
            activation::times_slope_in_place(&input[origin..][..dx.len()], dx, activation);
        }
    });
}

/// One output pixel's window: the start of each of its in-image taps' input pixels, in scan order (ky, then
/// kx), counted from `base`, the first one's.
struct WindowTaps<'a> {
    base: usize,
    taps: &'a [usize],
}

/// Calls `visit(window, output)` for every output pixel in `rows` (of all the batch's output rows, image
/// after image), with the start of the output pixel. A window wholly inside the image takes the taps every
/// such window shares; one that the border cuts, its own. (Listing every window's taps anew, the MNIST
/// CNN's first 2 × 2 pool took 200 µs forward in Chromium, 155 µs so.)
fn for_each_window(op: &Pool2d, rows: Range<usize>, mut visit: impl FnMut(WindowTaps, usize)) {
    let w = &op.window;
    let o = w.output();
    let pixel = |n: usize, y: usize, x: usize| ((n * w.height + y) * w.width + x) * op.channels;
    let whole: Vec<usize> = (0..w.kernel_h).flat_map(|ky| (0..w.kernel_w).map(move |kx| pixel(0, ky, kx))).collect();
    let mut taps = Vec::with_capacity(whole.len());
    for (n, oy) in rows.map(|row| (row / o.height, row % o.height)) {
        let rows = taps_inside(oy, w.stride_h, o.pad_top, w.kernel_h, w.height);
        for ox in 0..o.width {
            let columns = taps_inside(ox, w.stride_w, o.pad_left, w.kernel_w, w.width);
            let output = ((n * o.height + oy) * o.width + ox) * op.channels;
            if rows.len() == w.kernel_h && columns.len() == w.kernel_w {
                let base = pixel(n, oy * w.stride_h - o.pad_top, ox * w.stride_w - o.pad_left);
                visit(WindowTaps { base, taps: &whole }, output);
                continue;
            }
            // The taps' rows and columns: the window's, less the padding before the image.
            let y = |ky: usize| oy * w.stride_h + ky - o.pad_top;
            let x = |kx: usize| ox * w.stride_w + kx - o.pad_left;
            let base = pixel(n, y(rows.start), x(columns.start));
            taps.clear();
            for ky in rows.clone() {
                taps.extend(columns.clone().map(|kx| pixel(n, y(ky), x(kx)) - base));
            }
            visit(WindowTaps { base, taps: &taps }, output);
        }
    }
}

/// out = the taps' input pixels combined channel by channel: the first, then `vector` / `scalar` with each
/// next one (max for the maxima, + for the sums).
#[inline(always)]
fn fold_taps(
    out: &mut [f32],
    input: &[f32],
    taps: &[usize],
    vector: impl Fn(F32x4, F32x4) -> F32x4,
    scalar: impl Fn(f32, f32) -> f32,
) {
    let channels = out.len();
    let vector_end = channels - channels % LANES;
    let mut c = 0;
    while c < vector_end {
        c += match (vector_end - c) / LANES {
            4.. => store(fold_block::<4>(input, taps, c, &vector), out, c),
            2.. => store(fold_block::<2>(input, taps, c, &vector), out, c),
            _ => store(fold_block::<1>(input, taps, c, &vector), out, c),
        };
    }
    for (c, value) in out.iter_mut().enumerate().skip(vector_end) {
        *value = taps[1..].iter().fold(input[taps[0] + c], |folded, &t| scalar(folded, input[t + c]));
    }
}

/// Channels `first..first + V · LANES` of the taps' input pixels, combined by `vector` in V registers.
#[inline(always)]
fn fold_block<const V: usize>(
    input: &[f32],
    taps: &[usize],
    first: usize,
    vector: impl Fn(F32x4, F32x4) -> F32x4,
) -> [F32x4; V] {
    let pixel = |t: usize| &input[t + first..][..V * LANES];
    let mut folded: [F32x4; V] = std::array::from_fn(|v| F32x4::load(&pixel(taps[0])[v * LANES..]));
    for &t in &taps[1..] {
        let pixel = pixel(t);
        for (v, folded) in folded.iter_mut().enumerate() {
            *folded = vector(*folded, F32x4::load(&pixel[v * LANES..]));
        }
    }
    folded
}

/// Writes V vectors to out from `first` on; returns how many channels.
#[inline(always)]
fn store<const V: usize>(vectors: [F32x4; V], out: &mut [f32], first: usize) -> usize {
    for (v, vector) in vectors.iter().enumerate() {
        vector.store(&mut out[first + v * LANES..]);
    }
    V * LANES
}

/// Max pooling's backward for one output pixel: its gradient times `activation`'s slope at the maximum to
/// the first tap holding each channel's maximum, added to what dx holds (`ADD`) or written over it, zero at
/// the other taps. `input` and `dx` start where the taps are counted from.
#[inline(always)]
fn max_backward_pixel<const ADD: bool>(
    input: &[f32],
    gradient: &[f32],
    dx: &mut [f32],
    taps: &[usize],
    activation: Activation,
) {
    let channels = gradient.len();
    let vector_end = channels - channels % LANES;
    let mut c = 0;
    while c < vector_end {
        c += match (vector_end - c) / LANES {
            4.. => max_backward_block::<4, ADD>(input, gradient, dx, taps, c, activation),
            2.. => max_backward_block::<2, ADD>(input, gradient, dx, taps, c, activation),
            _ => max_backward_block::<1, ADD>(input, gradient, dx, taps, c, activation),
        };
    }
    for c in vector_end..channels {
        let maximum = taps[1..].iter().fold(input[taps[0] + c], |m, &t| m.max(input[t + c]));
        let first = taps.iter().position(|&t| input[t + c] == maximum);
        let gradient = gradient[c] * activation.slope_from_output(maximum);
        for (i, &t) in taps.iter().enumerate() {
            let share = if Some(i) == first { gradient } else { 0.0 };
            if ADD {
                dx[t + c] += share;
            } else {
                dx[t + c] = share;
            }
        }
    }
}

/// Channels `first..first + V · LANES` of `max_backward_pixel`, the maxima and the gradient still to
/// deliver in registers; returns how many channels.
#[inline(always)]
fn max_backward_block<const V: usize, const ADD: bool>(
    input: &[f32],
    gradient: &[f32],
    dx: &mut [f32],
    taps: &[usize],
    first: usize,
    activation: Activation,
) -> usize {
    let maxima = fold_block::<V>(input, taps, first, F32x4::max);
    let mut pending: [F32x4; V] = std::array::from_fn(|v| {
        F32x4::load(&gradient[first + v * LANES..]) * activation::slope_from_output(activation, maxima[v])
    });
    for &t in taps {
        let (x, dx) = (&input[t + first..][..V * LANES], &mut dx[t + first..][..V * LANES]);
        for v in 0..V {
            let is_max = F32x4::load(&x[v * LANES..]).equal_mask(maxima[v]);
            let (d, share) = (&mut dx[v * LANES..], pending[v].and(is_max));
            if ADD {
                (F32x4::load(d) + share).store(d);
            } else {
                share.store(d);
            }
            pending[v] = pending[v].and_not(is_max);
        }
    }
    V * LANES
}

/// out = vector(out, x) four channels at a time, `scalar` on the channels past the last full vector.
#[inline(always)]
fn lane_wise(out: &mut [f32], x: &[f32], vector: impl Fn(F32x4, F32x4) -> F32x4, scalar: impl Fn(f32, f32) -> f32) {
    let vector_end = out.len() - out.len() % LANES;
    for (o, x) in out[..vector_end].chunks_exact_mut(LANES).zip(x.chunks_exact(LANES)) {
        vector(F32x4::load(o), F32x4::load(x)).store(o);
    }
    for (o, &x) in out[vector_end..].iter_mut().zip(&x[vector_end..]) {
        *o = scalar(*o, x);
    }
}
