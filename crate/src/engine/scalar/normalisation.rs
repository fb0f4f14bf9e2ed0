//! Batch normalisation over each channel (the innermost dimension), with the statistics of the batch.
//!
//! `statistics` holds 2 · channels values: each channel's mean, then its biased variance (divided by the
//! count, as the normalisation uses it). x̂ = (x − mean) / √(variance + ε), y = γ · x̂ + β.

/// Each channel's mean and biased variance over every pixel of `x`, in two passes (the variance from
/// the centred values, which stays accurate when the mean is large).
pub fn channel_moments(x: &[f32], statistics: &mut [f32]) {
    let channels = statistics.len() / 2;
    let (mean, variance) = statistics.split_at_mut(channels);
    let count = (x.len() / channels) as f32;
    mean.fill(0.0);
    variance.fill(0.0);
    for pixel in x.chunks_exact(channels) {
        mean.iter_mut().zip(pixel).for_each(|(m, v)| *m += v);
    }
    mean.iter_mut().for_each(|m| *m /= count);
    for pixel in x.chunks_exact(channels) {
        for ((s, m), v) in variance.iter_mut().zip(mean.iter()).zip(pixel) {
            *s += (v - m) * (v - m);
        }
    }
    variance.iter_mut().for_each(|s| *s /= count);
}

pub fn batch_norm(x: &[f32], gamma: &[f32], beta: &[f32], statistics: &[f32], out: &mut [f32], epsilon: f32) {
    let channels = gamma.len();
    let (mean, variance) = statistics.split_at(channels);
    for (pixel, out) in x.chunks_exact(channels).zip(out.chunks_exact_mut(channels)) {
        for c in 0..channels {
            out[c] = gamma[c] * (pixel[c] - mean[c]) / (variance[c] + epsilon).sqrt() + beta[c];
        }
    }
}

/// The gradients of `batch_norm` with the batch's own statistics (which depend on x too):
/// dβ = Σ dy, dγ = Σ dy · x̂, dx = γ / (count · √(variance + ε)) · (count · dy − dβ − x̂ · dγ).
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_backward(
    x: &[f32],
    dy: &[f32],
    gamma: &[f32],
    statistics: &[f32],
    dx: &mut [f32],
    dgamma: &mut [f32],
    dbeta: &mut [f32],
    epsilon: f32,
) {
    let channels = gamma.len();
    let (mean, variance) = statistics.split_at(channels);
    let inverse: Vec<f32> = variance.iter().map(|v| 1.0 / (v + epsilon).sqrt()).collect();
    let count = (x.len() / channels) as f32;
    dgamma.fill(0.0);
    dbeta.fill(0.0);
    for (pixel, dy) in x.chunks_exact(channels).zip(dy.chunks_exact(channels)) {
        for c in 0..channels {
            dbeta[c] += dy[c];
            dgamma[c] += dy[c] * (pixel[c] - mean[c]) * inverse[c];
        }
    }
    for ((pixel, dy), dx) in x.chunks_exact(channels).zip(dy.chunks_exact(channels)).zip(dx.chunks_exact_mut(channels))
    {
        for c in 0..channels {
            let normalised = (pixel[c] - mean[c]) * inverse[c];
            dx[c] = gamma[c] * inverse[c] / count * (count * dy[c] - dbeta[c] - normalised * dgamma[c]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_pixels_normalise_to_minus_one_and_one() {
        // Channel 0: 1 and 3 → mean 2, variance 1; channel 1: 5 and 5 → mean 5, variance 0.
        let x = [1.0, 5.0, 3.0, 5.0];
        let mut statistics = [0.0; 4];
        channel_moments(&x, &mut statistics);
        assert_eq!(statistics, [2.0, 5.0, 1.0, 0.0]);
        let mut y = [0.0; 4];
        batch_norm(&x, &[2.0, 1.0], &[0.5, 0.25], &statistics, &mut y, 0.0);
        // γ · (±1) + β on channel 0; channel 1 is 0 / √ε … with ε = 0 that is 0/0: use ε below.
        assert_eq!([y[0], y[2]], [-1.5, 2.5]);
        batch_norm(&x, &[2.0, 1.0], &[0.5, 0.25], &statistics, &mut y, 1e-5);
        assert_eq!([y[1], y[3]], [0.25, 0.25]);
    }
}
