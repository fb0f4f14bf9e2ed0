// Recurrent layers over whole sequences, batch-major ([batch, steps, values per step]); the scalar
// reference is crate/src/engine/scalar/recurrent.rs, which says what each buffer holds. A step depends on
// the one before, so each step is a dispatch of its own (all of them in one submission), with
// `params.step` saying which.
//
// - forward_step:      one invocation per (sequence, unit): its gates' pre-activations plus the last
//                      hidden state times the recurrent weight, then the cell.
// - backward_step:     one invocation per (sequence, unit), from the last step down: ∂L/∂h (the loss's
//                      gradient plus dz of the next step times Wᵀ), the LSTM's ∂L/∂c, and dz.
// - weight_gradient:   one invocation per weight: Σ over sequences and steps of h[t−1] · dz[t].

// Binding 0 is `params`, declared in front of this file from `RecurrentParams`
// (engine/webgpu/recurrent.rs); the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> pre: array<f32>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> hidden: array<f32>;
@group(0) @binding(4) var<storage, read_write> memory: array<f32>;
@group(0) @binding(5) var<storage, read> dhidden: array<f32>;
@group(0) @binding(6) var<storage, read_write> dpre: array<f32>;
@group(0) @binding(7) var<storage, read_write> state: array<f32>;
@group(0) @binding(8) var<storage, read_write> dweight: array<f32>;

// The LSTM's values per unit in `memory`, after its gates' activations.
const INPUT: u32 = 0u;
const FORGET: u32 = 1u;
const CANDIDATE: u32 = 2u;
const OUTPUT: u32 = 3u;
const CELL: u32 = 4u;

fn gates() -> u32 {
    return select(1u, 4u, params.cell == CELL_LSTM);
}

fn width() -> u32 {
    return gates() * params.hidden;
}

fn kept() -> u32 {
    return select(1u, 5u, params.cell == CELL_LSTM) * params.hidden;
}

fn carried() -> u32 {
    return select(1u, 2u, params.cell == CELL_LSTM) * params.hidden;
}

fn sigmoid(x: f32) -> f32 {
    return 1.0 / (1.0 + exp(-x));
}

// Clamped: some drivers overflow past ±44.
fn tanh_clamped(x: f32) -> f32 {
    return tanh(clamp(x, -20.0, 20.0));
}

// Gate `gate`'s pre-activation for unit j of row (sequence, step): pre plus the last state times W.
fn pre_activation(row: u32, gate: u32, j: u32) -> f32 {
    let column = gate * params.hidden + j;
    var z = pre[row * width() + column];
    if (params.step > 0u) {
        let last = (row - 1u) * params.hidden;
        for (var k = 0u; k < params.hidden; k++) {
            z += hidden[last + k] * weight[k * width() + column];
        }
    }
    return z;
}

@compute @workgroup_size(64)
fn forward_step(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index >= params.batch * params.hidden) {
        return;
    }
    let b = index / params.hidden;
    let j = index % params.hidden;
    let row = b * params.steps + params.step;
    let at = row * kept() + j;
    if (params.cell == CELL_TANH) {
        let h = tanh_clamped(pre_activation(row, 0u, j));
        memory[at] = h;
        hidden[row * params.hidden + j] = h;
        return;
    }
    let i = sigmoid(pre_activation(row, INPUT, j));
    let f = sigmoid(pre_activation(row, FORGET, j));
    let g = tanh_clamped(pre_activation(row, CANDIDATE, j));
    let o = sigmoid(pre_activation(row, OUTPUT, j));
    var last_cell = 0.0;
    if (params.step > 0u) {
        last_cell = memory[at - kept() + CELL * params.hidden];
    }
    let c = f * last_cell + i * g;
    let u = params.hidden;
    memory[at + INPUT * u] = i;
    memory[at + FORGET * u] = f;
    memory[at + CANDIDATE * u] = g;
    memory[at + OUTPUT * u] = o;
    memory[at + CELL * u] = c;
    hidden[row * params.hidden + j] = o * tanh_clamped(c);
}

@compute @workgroup_size(64)
fn backward_step(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index >= params.batch * params.hidden) {
        return;
    }
    let b = index / params.hidden;
    let j = index % params.hidden;
    let row = b * params.steps + params.step;
    let later = params.step + 1u < params.steps;
    var dh = dhidden[row * params.hidden + j];
    if (later) {
        let next = (row + 1u) * width();
        for (var n = 0u; n < width(); n++) {
            dh += dpre[next + n] * weight[j * width() + n];
        }
    }
    state[row * carried() + j] = dh;
    let at = row * kept() + j;
    let dz = row * width() + j;
    if (params.cell == CELL_TANH) {
        let h = memory[at];
        dpre[dz] = dh * (1.0 - h * h);
        return;
    }
    let u = params.hidden;
    let i = memory[at + INPUT * u];
    let f = memory[at + FORGET * u];
    let g = memory[at + CANDIDATE * u];
    let o = memory[at + OUTPUT * u];
    let tanh_c = tanh_clamped(memory[at + CELL * u]);
    var dc = dh * o * (1.0 - tanh_c * tanh_c);
    if (later) {
        dc += state[(row + 1u) * carried() + u + j] * memory[at + kept() + FORGET * u];
    }
    state[row * carried() + u + j] = dc;
    var last_cell = 0.0;
    if (params.step > 0u) {
        last_cell = memory[at - kept() + CELL * u];
    }
    dpre[dz + INPUT * u] = dc * g * i * (1.0 - i);
    dpre[dz + FORGET * u] = dc * last_cell * f * (1.0 - f);
    dpre[dz + CANDIDATE * u] = dc * i * (1.0 - g * g);
    dpre[dz + OUTPUT * u] = dh * tanh_c * o * (1.0 - o);
}

@compute @workgroup_size(64)
fn weight_gradient(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index >= params.hidden * width()) {
        return;
    }
    let k = index / width();
    let n = index % width();
    var sum = 0.0;
    for (var b = 0u; b < params.batch; b++) {
        for (var t = 1u; t < params.steps; t++) {
            let row = b * params.steps + t;
            sum += hidden[(row - 1u) * params.hidden + k] * dpre[row * width() + n];
        }
    }
    dweight[index] = sum;
}
