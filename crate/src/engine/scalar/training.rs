//! Losses (value and gradient in one pass) and optimiser updates.

use crate::engine::ops::Adam;

/// Mean over rows of −Σ target · log softmax(logits); grad = (softmax − target) / rows.
/// `targets` are probabilities per row (one-hot for class labels).
pub fn softmax_cross_entropy(logits: &[f32], targets: &[f32], grad: &mut [f32], classes: usize) -> f32 {
    let rows = logits.len() / classes;
    let mut loss = 0.0;
    for ((row, target), grad) in
        logits.chunks_exact(classes).zip(targets.chunks_exact(classes)).zip(grad.chunks_exact_mut(classes))
    {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let log_sum = row.iter().map(|v| (v - max).exp()).sum::<f32>().ln() + max;
        for ((g, &v), &t) in grad.iter_mut().zip(row).zip(target) {
            loss -= t * (v - log_sum);
            *g = ((v - log_sum).exp() - t) / rows as f32;
        }
    }
    loss / rows as f32
}

/// Mean over every value of −t · log σ(z) − (1 − t) · log(1 − σ(z)), written max(z, 0) − z · t +
/// log(1 + e^−|z|) so that no logit overflows it; grad = (σ(z) − t) / n.
pub fn sigmoid_cross_entropy(logits: &[f32], targets: &[f32], grad: &mut [f32]) -> f32 {
    let n = logits.len() as f32;
    let mut loss = 0.0;
    for ((g, &z), &t) in grad.iter_mut().zip(logits).zip(targets) {
        loss += z.max(0.0) - z * t + (-z.abs()).exp().ln_1p();
        *g = (1.0 / (1.0 + (-z).exp()) - t) / n;
    }
    loss / n
}

/// Mean of (prediction − target)²; grad = 2 (prediction − target) / n.
pub fn mean_squared_error(prediction: &[f32], target: &[f32], grad: &mut [f32]) -> f32 {
    let n = prediction.len() as f32;
    let mut loss = 0.0;
    for ((g, p), t) in grad.iter_mut().zip(prediction).zip(target) {
        let d = p - t;
        loss += d * d;
        *g = 2.0 * d / n;
    }
    loss / n
}

/// velocity = momentum · velocity + grad; param −= learning_rate · velocity (PyTorch's form).
pub fn sgd_momentum(param: &mut [f32], grad: &[f32], velocity: &mut [f32], learning_rate: f32, momentum: f32) {
    for ((p, g), v) in param.iter_mut().zip(grad).zip(velocity.iter_mut()) {
        *v = momentum * *v + g;
        *p -= learning_rate * *v;
    }
}

/// Adam with bias correction (Kingma & Ba, algorithm 1).
pub fn adam(param: &mut [f32], grad: &[f32], m: &mut [f32], v: &mut [f32], op: &Adam) {
    let correction1 = 1.0 - op.beta1.powi(op.step as i32);
    let correction2 = 1.0 - op.beta2.powi(op.step as i32);
    for (((p, g), m), v) in param.iter_mut().zip(grad).zip(m.iter_mut()).zip(v.iter_mut()) {
        *m = op.beta1 * *m + (1.0 - op.beta1) * g;
        *v = op.beta2 * *v + (1.0 - op.beta2) * g * g;
        *p -= op.learning_rate * (*m / correction1) / ((*v / correction2).sqrt() + op.epsilon);
    }
}

/// The reference has no outside oracle but arithmetic: values worked out by hand (e = 2.718281828…).
#[cfg(test)]
mod hand_worked {
    use super::*;
    use crate::engine::scalar::elementwise::softmax;

    fn close(actual: &[f32], expected: &[f32]) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() < 1e-6, "{actual:?} is not {expected:?}");
        }
    }

    #[test]
    fn softmax_of_one_two_three() {
        // e¹, e², e³ over their sum 30.19287485.
        let mut out = [0.0; 3];
        softmax(&[1.0, 2.0, 3.0], &mut out, 3);
        close(&out, &[0.090_030_57, 0.244_728_47, 0.665_240_96]);
    }

    #[test]
    fn cross_entropy_is_log_sum_exp_minus_the_label_logit() {
        // Row 1: ln(e¹ + e² + e³) − 1 = 2.40760596 (label 0). Row 2: zeros, label 2: ln 3 = 1.09861229.
        let logits = [1.0, 2.0, 3.0, 0.0, 0.0, 0.0];
        let targets = [1.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        let mut grad = [0.0; 6];
        let loss = softmax_cross_entropy(&logits, &targets, &mut grad, 3);
        assert!((loss - 1.753_109_1).abs() < 1e-6, "mean loss {loss}");
        // (softmax − one-hot) / 2 rows.
        let third = 1.0 / 3.0;
        close(
            &grad,
            &[(0.090_030_57 - 1.0) / 2.0, 0.244_728_47 / 2.0, 0.665_240_96 / 2.0, third / 2.0, third / 2.0, -third],
        );
    }

    #[test]
    fn sigmoid_cross_entropy_of_two_logits() {
        // z = 0, t = 1: ln 2 = 0.69314718, σ − t = −0.5. z = 2, t = 0: 2 + ln(1 + e⁻²) = 2.12692801,
        // σ(2) = 0.88079708. Means over the two.
        let mut grad = [0.0; 2];
        let loss = sigmoid_cross_entropy(&[0.0, 2.0], &[1.0, 0.0], &mut grad);
        assert!((loss - 1.410_037_6).abs() < 1e-6, "{loss}");
        assert!((grad[0] + 0.25).abs() < 1e-6 && (grad[1] - 0.44039854).abs() < 1e-6, "{grad:?}");
    }

    #[test]
    fn mean_squared_error_of_a_known_pair() {
        // Differences 1 and −2: (1 + 4) / 2 = 2.5; gradient 2d / 2.
        let mut grad = [0.0; 2];
        assert_eq!(mean_squared_error(&[1.0, 2.0], &[0.0, 4.0], &mut grad), 2.5);
        assert_eq!(grad, [1.0, -2.0]);
    }

    #[test]
    fn two_momentum_steps() {
        // v = 0.5, p = 1 − 0.1·0.5 = 0.95; then v = 0.9·0.5 + 0.5 = 0.95, p = 0.95 − 0.095 = 0.855.
        let (mut param, mut velocity) = ([1.0], [0.0]);
        sgd_momentum(&mut param, &[0.5], &mut velocity, 0.1, 0.9);
        close(&param, &[0.95]);
        sgd_momentum(&mut param, &[0.5], &mut velocity, 0.1, 0.9);
        close(&velocity, &[0.95]);
        close(&param, &[0.855]);
    }

    #[test]
    fn adam_corrects_its_bias_at_steps_one_and_two() {
        let (mut param, mut m, mut v) = ([1.0], [0.0], [0.0]);
        // t = 1, g = 0.5: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25: the step is the learning rate.
        adam(&mut param, &[0.5], &mut m, &mut v, &Adam::new(0.1, 1));
        close(&m, &[0.05]);
        close(&v, &[0.000_25]);
        close(&param, &[0.9]);
        // t = 2, g = −1: m = −0.055, v = 0.00124975; m̂ = −0.055 / 0.19, v̂ = 0.00124975 / 0.001999.
        adam(&mut param, &[-1.0], &mut m, &mut v, &Adam::new(0.1, 2));
        close(&m, &[-0.055]);
        close(&v, &[0.001_249_75]);
        close(&param, &[0.936_610_35]);
    }
}
