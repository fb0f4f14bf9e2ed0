//! What the convolutions' and products' kernels do to each sum as they store it (epilogue.wgsl): a layer's
//! bias and activation, applied in the convolution's own dispatch instead of a pass over its output after it.

use super::codes;
use super::shader::ShaderParams;
use super::{GpuBuffer, WebGpu};
use crate::activation::Activation;
use crate::engine::backend::Backend;

/// The binding of the bias, as epilogue.wgsl declares it.
pub(super) const BIAS: u32 = 4;

/// The bias and the activation a kernel applies to the sums it stores.
#[derive(Clone, Copy)]
pub(super) struct Epilogue<'a> {
    pub(super) bias: Option<&'a GpuBuffer>,
    pub(super) activation: Activation,
}

/// The epilogue's part of a family's parameters, as epilogue.wgsl and activation.wgsl read them; the
/// activation itself is compiled into the pipeline (`WebGpu::dispatch_activated`).
#[derive(Clone, Copy)]
pub(super) struct EpilogueParams {
    /// Leaky ReLU's negative slope.
    pub(super) alpha: f32,
    /// 1 where there is a bias to add, else 0.
    pub(super) biased: u32,
}

/// The parameters of a family whose kernels store through epilogue.wgsl's `finish`.
pub(super) trait Finishing: ShaderParams {
    /// These parameters, their epilogue's fields set to `epilogue`.
    fn finishing(self, epilogue: EpilogueParams) -> Self;
}

impl<'a> Epilogue<'a> {
    /// Sums stored as they are: a plain convolution or product.
    pub(super) const NONE: Self = Self { bias: None, activation: Activation::Linear };

    pub(super) fn params(&self) -> EpilogueParams {
        EpilogueParams { alpha: codes::activation_code(self.activation).1, biased: u32::from(self.bias.is_some()) }
    }

    /// The buffer to bind as the bias: the bias, or where there is none `stand_in`, one of the dispatch's
    /// read-only buffers, which the kernel does not read there.
    pub(super) fn bias_binding(&self, stand_in: &'a GpuBuffer) -> &'a wgpu::Buffer {
        &self.bias.unwrap_or(stand_in).buffer
    }

    /// Applies the epilogue to `out` in a pass of its own (elementwise.wgsl's), for sums a kernel could not
    /// finish as it stored them.
    pub(super) fn apply(&self, gpu: &WebGpu, out: &mut GpuBuffer) {
        gpu.bias_activation_of(out, self.bias, self.activation);
    }
}
