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
