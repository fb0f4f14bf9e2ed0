// Optimiser updates, one invocation per parameter, 64 per workgroup, two-dimensional dispatch;
// invocations past the end return at once.
//
// - sgd_momentum: velocity = momentum · velocity + grad; param −= learning_rate · velocity.
// - adam: first and second moments, bias-corrected by `correction1` = 1 − β₁ᵗ and `correction2` = 1 − β₂ᵗ
//   (computed on the host); param −= learning_rate · m̂ / (√v̂ + ε).

// Binding 0 is `params`, declared in front of this file from `OptimiserParams` (engine/webgpu/optimisers.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> first_moment: array<f32>;
@group(0) @binding(4) var<storage, read_write> second_moment: array<f32>;

@compute @workgroup_size(64)
fn sgd_momentum(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        first_moment[i] = params.momentum * first_moment[i] + grad[i];
        param[i] -= params.learning_rate * first_moment[i];
    }
}

@compute @workgroup_size(64)
fn adam(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        let g = grad[i];
        first_moment[i] = params.beta1 * first_moment[i] + (1.0 - params.beta1) * g;
        second_moment[i] = params.beta2 * second_moment[i] + (1.0 - params.beta2) * g * g;
        let m_hat = first_moment[i] / params.correction1;
        let v_hat = second_moment[i] / params.correction2;
        param[i] -= params.learning_rate * m_hat / (sqrt(v_hat) + params.epsilon);
    }
}
