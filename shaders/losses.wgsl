// Losses: value and gradient in one dispatch of a single workgroup. Its REDUCE_THREADS invocations each take
// every REDUCE_THREADS-th row (or element), write its gradient and keep a partial sum; `workgroup_sum` (by
// subgroups where the device has them, else a tree in workgroup memory: engine/webgpu/shader.rs) adds the
// partials and invocation 0 writes the mean. One workgroup is plenty for training batches (a few thousand
// values) and keeps the sum's order fixed on a device.
//
// - softmax_cross_entropy: rows of `classes` logits; loss = mean over rows of −Σ t · log softmax;
//   grad = (softmax − t) / rows.
// - sigmoid_cross_entropy: loss = mean of max(z, 0) − z t + log(1 + e^−|z|) (binary cross-entropy of
//   σ(z), finite for any logit); grad = (σ(z) − t) / len.
// - mean_squared_error: loss = mean (p − t)²; grad = 2 (p − t) / len.

// Binding 0 is `params`, declared in front of this file from `LossParams` (engine/webgpu/losses.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> prediction: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> loss: array<f32>;

/// Invocation 0 writes the mean of the invocations' `sum`s over `count` values.
fn write_mean(sum: f32, count: f32, at: Invocation) {
    let total = workgroup_sum(sum, at);
    if (at.thread == 0u) {
        loss[0] = total / count;
    }
}

@compute @workgroup_size(REDUCE_THREADS)
fn softmax_cross_entropy(at: Invocation) {
    let rows = params.len / params.classes;
    var sum = 0.0;
    for (var row = at.thread; row < rows; row += REDUCE_THREADS) {
        let start = row * params.classes;
        var largest = prediction[start];
        for (var c = 1u; c < params.classes; c++) {
            largest = max(largest, prediction[start + c]);
        }
        var exps = 0.0;
        for (var c = 0u; c < params.classes; c++) {
            exps += exp(prediction[start + c] - largest);
        }
        let log_sum = log(exps) + largest;
        for (var c = 0u; c < params.classes; c++) {
            let log_p = prediction[start + c] - log_sum;
            sum -= targets[start + c] * log_p;
            grad[start + c] = (exp(log_p) - targets[start + c]) / f32(rows);
        }
    }
    write_mean(sum, f32(rows), at);
}

@compute @workgroup_size(REDUCE_THREADS)
fn sigmoid_cross_entropy(at: Invocation) {
    var sum = 0.0;
    for (var i = at.thread; i < params.len; i += REDUCE_THREADS) {
        let z = prediction[i];
        let t = targets[i];
        sum += max(z, 0.0) - z * t + log(1.0 + exp(-abs(z)));
        grad[i] = (1.0 / (1.0 + exp(-z)) - t) / f32(params.len);
    }
    write_mean(sum, f32(params.len), at);
}

@compute @workgroup_size(REDUCE_THREADS)
fn mean_squared_error(at: Invocation) {
    var sum = 0.0;
    for (var i = at.thread; i < params.len; i += REDUCE_THREADS) {
        let d = prediction[i] - targets[i];
        sum += d * d;
        grad[i] = 2.0 * d / f32(params.len);
    }
    write_mean(sum, f32(params.len), at);
}
