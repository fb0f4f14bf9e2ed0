//! Max and average pooling on the SIMD backend: four channels per vector, the window's in-image taps only.

use super::f32x4::{F32x4, LANES};
use crate::engine::ops::{Pool2d, PoolKind};
use crate::engine::scalar::window::tap;

pub fn pool2d(input: &[f32], out: &mut [f32], op: &Pool2d) {
    let w = &op.window;
    let o = w.output();
    let channels = op.channels;
    let vector_end = channels - channels % LANES;
    let (start, combine): (f32, fn(F32x4, F32x4) -> F32x4) = match op.kind {
        PoolKind::Max => (f32::NEG_INFINITY, F32x4::max),
        PoolKind::Average => (0.0, |a, b| a + b),
    };
    let combine_scalar = |a: f32, b: f32| match op.kind {
        PoolKind::Max => a.max(b),
        PoolKind::Average => a + b,
    };
    let mut acc = vec![F32x4::splat(start); vector_end / LANES];
    let mut rest = vec![start; channels - vector_end];
    for n in 0..w.batch {
        for oy in 0..o.height {
            for ox in 0..o.width {
                acc.fill(F32x4::splat(start));
                rest.fill(start);
                let mut taps = 0;
                for ky in 0..w.kernel_h {
                    for kx in 0..w.kernel_w {
                        let Some((y, x)) = tap(oy, ox, ky, kx, w, &o) else { continue };
                        let pixel = &input[((n * w.height + y) * w.width + x) * channels..][..channels];
                        for (v, a) in acc.iter_mut().enumerate() {
                            *a = combine(*a, F32x4::load(&pixel[v * LANES..]));
                        }
                        for (r, &value) in rest.iter_mut().zip(&pixel[vector_end..]) {
                            *r = combine_scalar(*r, value);
                        }
                        taps += 1;
                    }
                }
                let scale = match op.kind {
                    PoolKind::Max => 1.0,
                    PoolKind::Average => 1.0 / taps as f32,
                };
                let out_pixel = &mut out[((n * o.height + oy) * o.width + ox) * channels..][..channels];
                for (v, a) in acc.iter().enumerate() {
                    (*a * F32x4::splat(scale)).store(&mut out_pixel[v * LANES..]);
                }
                for (o, r) in out_pixel[vector_end..].iter_mut().zip(&rest) {
                    *o = r * scale;
                }
            }
        }
    }
}
