//! Bias and activation on the SIMD backend, forward and backward: channels are the innermost dimension,
//! so four channels of a pixel make a vector. Each op computes what the scalar reference computes in the
//! same order (the backward multiplies dy by the same slope; the bias gradient adds pixel after pixel), so
//! the two agree to the bit.

use super::f32x4::{F32x4, LANES};
use super::threads;
use crate::activation::Activation;

/// x = activation(x + bias), pixels spread over the threads.
pub fn bias_activation(x: &mut [f32], bias: &[f32], activation: Activation) {
    let channels = bias.len();
    let pixels = threads::rows_per_task(x.len() / channels, channels, 1);
    threads::for_each_chunk_mut(x, pixels * channels, |_, x| bias_activation_on(x, bias, activation));
}

fn bias_activation_on(x: &mut [f32], bias: &[f32], activation: Activation) {
    let channels = bias.len();
    match Rectifier::of(activation) {
        Some(rectifier) => bias_then(x, bias, channels, activation, |v| rectifier.apply(v)),
        None => x.chunks_exact_mut(channels).for_each(|pixel| {
            pixel.iter_mut().zip(bias).for_each(|(v, b)| *v = activation.apply(*v + b));
        }),
    }
}

/// An activation that is a vector max or min or two (the others go lane by lane): applied four values at a
/// time, and by a convolution to its output tiles while they are in registers.
#[derive(Clone, Copy)]
pub enum Rectifier {
    Linear,
    Relu,
    Relu6,
    /// max(x, slope · x), which is leaky ReLU for slopes in [0, 1], darknet's 0.1 among them.
    Leaky(f32),
}

impl Rectifier {
    pub fn of(activation: Activation) -> Option<Self> {
        match activation {
            Activation::Linear => Some(Self::Linear),
            Activation::Relu => Some(Self::Relu),
            Activation::Relu6 => Some(Self::Relu6),
            Activation::LeakyRelu(slope) if (0.0..=1.0).contains(&slope) => Some(Self::Leaky(slope)),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn apply(self, v: F32x4) -> F32x4 {
        let zero = F32x4::splat(0.0);
        match self {
            Self::Linear => v,
            Self::Relu => v.max(zero),
            Self::Relu6 => v.max(zero).min(F32x4::splat(6.0)),
            Self::Leaky(slope) => v.max(v * F32x4::splat(slope)),
        }
    }
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

/// dx = dy · f′, with f′ read off the activation's output y (`Activation::slope_from_output`).
pub fn activation_backward(y: &[f32], dy: &[f32], dx: &mut [f32], activation: Activation) {
    assert!(y.len() == dx.len() && dy.len() == dx.len(), "activation_backward: y, dy and dx differ in length");
    let values = threads::rows_per_task(dx.len(), 1, LANES);
    threads::for_each_chunk_mut(dx, values, |task, dx| {
        let start = task * values;
        let (y, dy) = (&y[start..][..dx.len()], &dy[start..][..dx.len()]);
        let vector_end = dx.len() - dx.len() % LANES;
        let vectors = dx[..vector_end].chunks_exact_mut(LANES).zip(y.chunks_exact(LANES)).zip(dy.chunks_exact(LANES));
        for ((dx, y), dy) in vectors {
            (F32x4::load(dy) * slope_from_output(activation, F32x4::load(y))).store(dx);
        }
        for ((dx, &y), &dy) in dx[vector_end..].iter_mut().zip(&y[vector_end..]).zip(&dy[vector_end..]) {
            *dx = dy * activation.slope_from_output(y);
        }
    });
}

/// dx = dx · f′, with f′ read off the activation's output y: `activation_backward` in place.
pub fn times_slope_in_place(y: &[f32], dx: &mut [f32], activation: Activation) {
    let vector_end = dx.len() - dx.len() % LANES;
    for (dx, y) in dx[..vector_end].chunks_exact_mut(LANES).zip(y.chunks_exact(LANES)) {
        (F32x4::load(dx) * slope_from_output(activation, F32x4::load(y))).store(dx);
    }
    for (dx, &y) in dx[vector_end..].iter_mut().zip(&y[vector_end..]) {
        *dx *= activation.slope_from_output(y);
    }
}

/// `Activation::slope_from_output` four values at a time. (Its match gives the same arm for every vector of
/// a loop: natively `activation_backward` of 2²⁰ values measured no slower than with a loop per arm.)
#[inline(always)]
pub fn slope_from_output(activation: Activation, y: F32x4) -> F32x4 {
    let one = F32x4::splat(1.0);
    let positive = y.greater_mask(F32x4::splat(0.0));
    match activation {
        Activation::Linear => one,
        Activation::Threshold => F32x4::splat(0.0),
        Activation::PiecewiseLinear => one.and(positive).and(one.greater_mask(y)),
        Activation::Sigmoid => y * (one - y),
        Activation::Tanh => one - y * y,
        Activation::Relu => one.and(positive),
        Activation::LeakyRelu(slope) => one.and(positive) + F32x4::splat(slope).and_not(positive),
        Activation::Relu6 => one.and(positive).and(F32x4::splat(6.0).greater_mask(y)),
    }
}

/// db[c] = Σ dy over every pixel's channel c, up to sixteen channels' sums held in registers at once.
pub fn bias_backward(dy: &[f32], db: &mut [f32]) {
    let channels = db.len();
    let vector_end = channels - channels % LANES;
    let mut c = 0;
    while c < vector_end {
        let vectors = (vector_end - c) / LANES;
        c += match vectors {
            1 => channel_sums::<1>(dy, db, c),
            2 => channel_sums::<2>(dy, db, c),
            3 => channel_sums::<3>(dy, db, c),
            _ => channel_sums::<4>(dy, db, c),
        };
    }
    for c in vector_end..channels {
        db[c] = dy.chunks_exact(channels).fold(0.0, |sum, pixel| sum + pixel[c]);
    }
}

/// The sums of channels `first..first + V · LANES` over all pixels, into db; returns how many channels.
#[inline(always)]
fn channel_sums<const V: usize>(dy: &[f32], db: &mut [f32], first: usize) -> usize {
    let mut sums = [F32x4::splat(0.0); V];
    for pixel in dy.chunks_exact(db.len()) {
        for (v, sum) in sums.iter_mut().enumerate() {
            *sum = *sum + F32x4::load(&pixel[first + v * LANES..]);
        }
    }
    for (v, sum) in sums.iter().enumerate() {
        sum.store(&mut db[first + v * LANES..]);
    }
    V * LANES
}
