//! Elementwise and per-channel ops, forward and backward.

use crate::activation::Activation;

/// Elementwise ops pair buffers up element by element; in debug builds, buffers of different lengths
/// are a bug that panics rather than a result silently cut short.
pub(crate) fn same_lengths(op: &str, lengths: &[usize]) {
    debug_assert!(lengths.windows(2).all(|pair| pair[0] == pair[1]), "{op}: buffers of lengths {lengths:?}");
}

pub fn bias_activation(x: &mut [f32], bias: &[f32], activation: Activation) {
    for pixel in x.chunks_exact_mut(bias.len()) {
        pixel.iter_mut().zip(bias).for_each(|(v, b)| *v = activation.apply(*v + b));
    }
}

/// dx = dy · f′, with f′ taken from the activation's output y.
pub fn activation_backward(y: &[f32], dy: &[f32], dx: &mut [f32], activation: Activation) {
    same_lengths("activation_backward", &[y.len(), dy.len(), dx.len()]);
    for ((dx, y), dy) in dx.iter_mut().zip(y).zip(dy) {
        *dx = dy * activation.slope_from_output(*y);
    }
}

/// db[c] = Σ dy over every pixel's channel c.
pub fn bias_backward(dy: &[f32], db: &mut [f32]) {
    db.fill(0.0);
    for pixel in dy.chunks_exact(db.len()) {
        db.iter_mut().zip(pixel).for_each(|(d, g)| *d += g);
    }
}

pub fn add(a: &[f32], b: &[f32], out: &mut [f32]) {
    same_lengths("add", &[a.len(), b.len(), out.len()]);
    out.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (a, b))| *o = a + b);
}

pub fn sub(a: &[f32], b: &[f32], out: &mut [f32]) {
    same_lengths("sub", &[a.len(), b.len(), out.len()]);
    out.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (a, b))| *o = a - b);
}

/// out = a · x + b · y: a running average's update, among others.
pub fn axpby(a: f32, x: &[f32], b: f32, y: &[f32], out: &mut [f32]) {
    same_lengths("axpby", &[x.len(), y.len(), out.len()]);
    out.iter_mut().zip(x.iter().zip(y)).for_each(|(o, (x, y))| *o = a * x + b * y);
}

pub fn clamp(x: &[f32], min: f32, max: f32, out: &mut [f32]) {
    same_lengths("clamp", &[x.len(), out.len()]);
    out.iter_mut().zip(x).for_each(|(o, x)| *o = x.clamp(min, max));
}

/// −1, 0 or 1 (unlike `f32::signum`, which gives 1 at zero).
pub fn sign(x: &[f32], out: &mut [f32]) {
    same_lengths("sign", &[x.len(), out.len()]);
    out.iter_mut().zip(x).for_each(|(o, &x)| {
        *o = if x > 0.0 {
            1.0
        } else if x < 0.0 {
            -1.0
        } else {
            0.0
        }
    });
}

pub fn mul(a: &[f32], b: &[f32], out: &mut [f32]) {
    same_lengths("mul", &[a.len(), b.len(), out.len()]);
    out.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (a, b))| *o = a * b);
}

pub fn scale(x: &[f32], factor: f32, out: &mut [f32]) {
    same_lengths("scale", &[x.len(), out.len()]);
    out.iter_mut().zip(x).for_each(|(o, x)| *o = x * factor);
}

/// x = x · scale[c] + shift[c]: batch-norm in inference form.
pub fn channel_affine(x: &mut [f32], scale: &[f32], shift: &[f32]) {
    for pixel in x.chunks_exact_mut(scale.len()) {
        for ((v, s), t) in pixel.iter_mut().zip(scale).zip(shift) {
            *v = *v * s + t;
        }
    }
}

/// Softmax over each row of `classes` values, shifted by the row's maximum so exp never overflows.
pub fn softmax(x: &[f32], out: &mut [f32], classes: usize) {
    for (row, out) in x.chunks_exact(classes).zip(out.chunks_exact_mut(classes)) {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for (o, &v) in out.iter_mut().zip(row) {
            *o = (v - max).exp();
            sum += *o;
        }
        out.iter_mut().for_each(|o| *o /= sum);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "add: buffers of lengths [3, 2, 3]")]
    fn mismatched_lengths_panic_in_debug_builds() {
        super::add(&[1.0, 2.0, 3.0], &[1.0, 2.0], &mut [0.0; 3]);
    }

    #[test]
    fn sign_is_zero_at_zero_and_clamp_keeps_the_range() {
        let mut out = [9.0; 3];
        super::sign(&[-0.5, 0.0, 2.0], &mut out);
        assert_eq!(out, [-1.0, 0.0, 1.0]);
        super::clamp(&[-0.5, 0.25, 2.0], 0.0, 1.0, &mut out);
        assert_eq!(out, [0.0, 0.25, 1.0]);
        super::sub(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0], &mut out);
        assert_eq!(out, [-2.0, 0.0, 2.0]);
    }
}
