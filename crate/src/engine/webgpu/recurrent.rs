//! Recurrent layers over whole sequences (recurrent.wgsl): one dispatch per step, all in the step's
//! submission, so a sequence costs no round trip.

use super::codes;
use super::commands::per_element;
use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};
use crate::engine::ops::Recurrent;

shader_params! {
    /// The layer (`ops::Recurrent`) and the step a dispatch computes.
    struct RecurrentParams {
        cell: u32,
        batch: u32,
        steps: u32,
        hidden: u32,
        step: u32,
    }
}

const RECURRENT: Shader<RecurrentParams> = Shader::new("recurrent", shader_files!("dispatch.wgsl", "recurrent.wgsl"));

// Bindings, as recurrent.wgsl declares them.
const PRE: u32 = 1;
const WEIGHT: u32 = 2;
const HIDDEN: u32 = 3;
const MEMORY: u32 = 4;
const DHIDDEN: u32 = 5;
const DPRE: u32 = 6;
const STATE: u32 = 7;
const DWEIGHT: u32 = 8;

impl RecurrentParams {
    fn new(op: &Recurrent, step: usize) -> Self {
        Self {
            cell: codes::cell_code(op.cell),
            batch: op.batch as u32,
            steps: op.steps as u32,
            hidden: op.hidden as u32,
            step: step as u32,
        }
    }
}

pub(super) fn forward(
    gpu: &WebGpu,
    (pre, weight): (&GpuBuffer, &GpuBuffer),
    (hidden, memory): (&mut GpuBuffer, &mut GpuBuffer),
    op: &Recurrent,
) {
    let buffers = [(PRE, &pre.buffer), (WEIGHT, &weight.buffer), (HIDDEN, &hidden.buffer), (MEMORY, &memory.buffer)];
    for t in 0..op.steps {
        let params = RecurrentParams::new(op, t);
        gpu.dispatch((&RECURRENT, "forward_step"), &buffers, params, per_element(op.batch * op.hidden));
    }
}

pub(super) fn backward(
    gpu: &WebGpu,
    (memory, weight, dhidden): (&GpuBuffer, &GpuBuffer, &GpuBuffer),
    (dpre, state): (&mut GpuBuffer, &mut GpuBuffer),
    op: &Recurrent,
) {
    let buffers = [
        (WEIGHT, &weight.buffer),
        (MEMORY, &memory.buffer),
        (DHIDDEN, &dhidden.buffer),
        (DPRE, &dpre.buffer),
        (STATE, &state.buffer),
    ];
    for t in (0..op.steps).rev() {
        let params = RecurrentParams::new(op, t);
        gpu.dispatch((&RECURRENT, "backward_step"), &buffers, params, per_element(op.batch * op.hidden));
    }
}

pub(super) fn weight_gradient(
    gpu: &WebGpu,
    hidden: &GpuBuffer,
    dpre: &GpuBuffer,
    dweight: &mut GpuBuffer,
    op: &Recurrent,
) {
    let buffers = [(HIDDEN, &hidden.buffer), (DPRE, &dpre.buffer), (DWEIGHT, &dweight.buffer)];
    gpu.dispatch((&RECURRENT, "weight_gradient"), &buffers, RecurrentParams::new(op, 0), per_element(op.weight_len()));
}
