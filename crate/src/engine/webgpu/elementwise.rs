//! Elementwise and per-channel ops (elementwise.wgsl): activations, sums and products, bias, softmax.

use super::commands::{channel_sums, per_element};
use super::shader::{shader_files, shader_params, Shader};
use super::{codes, GpuBuffer, WebGpu};
use crate::activation::Activation;
use crate::engine::scalar::elementwise::same_lengths;

shader_params! {
    /// `channels` is the innermost dimension for the per-channel ops; `alpha` is leaky ReLU's slope (the
    /// activation itself is compiled into the pipeline: `WebGpu::dispatch_activated`) or the op's first
    /// number (a scale factor, a lower bound), `beta` its second.
    struct ElementwiseParams {
        len: u32,
        channels: u32,
        alpha: f32,
        beta: f32,
    }
}

const ELEMENTWISE: Shader<ElementwiseParams> =
    Shader::reducing("elementwise", shader_files!("dispatch.wgsl", "activation.wgsl", "elementwise.wgsl"));

// Bindings, as elementwise.wgsl declares them.
const X: u32 = 1;
const OTHER: u32 = 2;
const OUT: u32 = 3;
const SHIFT: u32 = 4;
const INPUT: u32 = 5;

impl ElementwiseParams {
    fn activation((len, channels): (usize, usize), activation: Activation) -> Self {
        let alpha = codes::activation_code(activation).1;
        Self { len: len as u32, channels: channels as u32, alpha, beta: 0.0 }
    }

    fn plain(len: usize) -> Self {
        Self::activation((len, 1), Activation::Linear)
    }

    /// For the ops that read two numbers instead of an activation.
    fn numbers(len: usize, (alpha, beta): (f32, f32)) -> Self {
        Self { alpha, beta, ..Self::plain(len) }
    }
}

/// Records `entry` with `buffers`, one invocation per `invocations`.
fn record(
    gpu: &WebGpu,
    entry: &'static str,
    buffers: &[(u32, &wgpu::Buffer)],
    params: ElementwiseParams,
    invocations: usize,
) {
    gpu.dispatch((&ELEMENTWISE, entry), buffers, params, per_element(invocations));
}

/// `record` of an entry point that applies `activation`.
fn record_activated(
    gpu: &WebGpu,
    (entry, activation): (&'static str, Activation),
    buffers: &[(u32, &wgpu::Buffer)],
    params: ElementwiseParams,
    invocations: usize,
) {
    gpu.dispatch_activated((&ELEMENTWISE, entry), activation, buffers, params, per_element(invocations));
}

pub(super) fn bias_activation(gpu: &WebGpu, x: &mut GpuBuffer, bias: &GpuBuffer, activation: Activation) {
    let params = ElementwiseParams::activation((x.len, bias.len), activation);
    record_activated(gpu, ("bias_activation", activation), &[(X, &x.buffer), (OTHER, &bias.buffer)], params, x.len);
}

pub(super) fn activate(gpu: &WebGpu, x: &mut GpuBuffer, activation: Activation) {
    let params = ElementwiseParams::activation((x.len, 1), activation);
    record_activated(gpu, ("activation_in_place", activation), &[(X, &x.buffer)], params, x.len);
}

pub(super) fn activation_backward(
    gpu: &WebGpu,
    y: &GpuBuffer,
    dy: &GpuBuffer,
    dx: &mut GpuBuffer,
    activation: Activation,
) {
    same_lengths("activation_backward", &[y.len, dy.len, dx.len]);
    let params = ElementwiseParams::activation((y.len, 1), activation);
    let buffers = [(INPUT, &y.buffer), (OTHER, &dy.buffer), (OUT, &dx.buffer)];
    record_activated(gpu, ("activation_backward", activation), &buffers, params, y.len);
}

pub(super) fn bias_backward(gpu: &WebGpu, dy: &GpuBuffer, db: &mut GpuBuffer) {
    let params = ElementwiseParams::activation((dy.len, db.len), Activation::Linear);
    let entries = ("bias_backward", "bias_backward_by_workgroups");
    let (entry, workgroups) = channel_sums(entries, dy.len, db.len);
    gpu.dispatch((&ELEMENTWISE, entry), &[(INPUT, &dy.buffer), (OUT, &db.buffer)], params, workgroups);
}

/// `out = a ∘ b` for the entry points of two operands (add, mul, sub).
pub(super) fn binary(gpu: &WebGpu, entry: &'static str, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
    same_lengths(entry, &[a.len, b.len, out.len]);
    record(
        gpu,
        entry,
        &[(INPUT, &a.buffer), (OTHER, &b.buffer), (OUT, &out.buffer)],
        ElementwiseParams::plain(a.len),
        a.len,
    );
}

pub(super) fn scale(gpu: &WebGpu, x: &GpuBuffer, factor: f32, out: &mut GpuBuffer) {
    same_lengths("scale", &[x.len, out.len]);
    record(
        gpu,
        "scale",
        &[(INPUT, &x.buffer), (OUT, &out.buffer)],
        ElementwiseParams::numbers(x.len, (factor, 0.0)),
        x.len,
    );
}

pub(super) fn axpby(gpu: &WebGpu, a: f32, x: &GpuBuffer, b: f32, y: &GpuBuffer, out: &mut GpuBuffer) {
    same_lengths("axpby", &[x.len, y.len, out.len]);
    let params = ElementwiseParams::numbers(x.len, (a, b));
    record(gpu, "axpby", &[(INPUT, &x.buffer), (OTHER, &y.buffer), (OUT, &out.buffer)], params, x.len);
}

pub(super) fn clamp(gpu: &WebGpu, x: &GpuBuffer, min: f32, max: f32, out: &mut GpuBuffer) {
    same_lengths("clamp", &[x.len, out.len]);
    record(
        gpu,
        "clamp_values",
        &[(INPUT, &x.buffer), (OUT, &out.buffer)],
        ElementwiseParams::numbers(x.len, (min, max)),
        x.len,
    );
}

pub(super) fn sign(gpu: &WebGpu, x: &GpuBuffer, out: &mut GpuBuffer) {
    same_lengths("sign", &[x.len, out.len]);
    record(gpu, "sign_values", &[(INPUT, &x.buffer), (OUT, &out.buffer)], ElementwiseParams::plain(x.len), x.len);
}

pub(super) fn channel_affine(gpu: &WebGpu, x: &mut GpuBuffer, scale: &GpuBuffer, shift: &GpuBuffer) {
    let params = ElementwiseParams::activation((x.len, scale.len), Activation::Linear);
    record(gpu, "channel_affine", &[(X, &x.buffer), (OTHER, &scale.buffer), (SHIFT, &shift.buffer)], params, x.len);
}

pub(super) fn softmax(gpu: &WebGpu, x: &GpuBuffer, out: &mut GpuBuffer, classes: usize) {
    let params = ElementwiseParams::activation((x.len, classes), Activation::Linear);
    record(gpu, "softmax", &[(INPUT, &x.buffer), (OUT, &out.buffer)], params, x.len / classes);
}
