//! The tensor API that workshop exercises use from the worker (wrapped by web/src/engine/tensors.ts):
//! tensors made from typed arrays on a backend chosen by name, ops that return new tensors, `await
//! data()`, and `free()` to give a tensor's memory back (the wrapper's `tidy` does that for a scope).

use super::engine::connected_gpu;
use crate::activation::Activation;
use crate::engine::ops::{Conv2d, Matmul, Padding, Pool2d, PoolKind, Window};
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::{GpuBuffer, WebGpu};
use crate::engine::{Backend, BackendKind, HostBuffer};
use crate::on_backend;
use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

enum Storage {
    Host(HostBuffer),
    Gpu(GpuBuffer),
}

/// A backend that can hand out and take back its buffers as `Storage`.
trait Stores: Backend {
    fn get<'a>(&self, storage: &'a Storage) -> &'a Self::Buffer;
    fn wrap(&self, buffer: Self::Buffer) -> Storage;
}

macro_rules! host_stores {
    ($backend:ty) => {
        impl Stores for $backend {
            fn get<'a>(&self, storage: &'a Storage) -> &'a Self::Buffer {
                match storage {
                    Storage::Host(values) => values,
                    Storage::Gpu(_) => unreachable!("a host backend only ever makes host tensors"),
                }
            }
            fn wrap(&self, buffer: Self::Buffer) -> Storage {
                Storage::Host(buffer.into())
            }
        }
    };
}
host_stores!(Scalar);
host_stores!(Simd);

impl Stores for WebGpu {
    fn get<'a>(&self, storage: &'a Storage) -> &'a GpuBuffer {
        match storage {
            Storage::Gpu(buffer) => buffer,
            Storage::Host(_) => unreachable!("the GPU backend only ever makes GPU tensors"),
        }
    }
    fn wrap(&self, buffer: GpuBuffer) -> Storage {
        Storage::Gpu(buffer)
    }
}

/// An n-dimensional float32 tensor on the backend of the `Tensors` that made it.
#[wasm_bindgen]
pub struct Tensor {
    shape: Vec<usize>,
    storage: Storage,
}

#[wasm_bindgen]
impl Tensor {
    #[wasm_bindgen(getter)]
    pub fn shape(&self) -> Vec<usize> {
        self.shape.clone()
    }
}

/// Makes tensors on one backend and runs ops on them.
#[wasm_bindgen]
pub struct Tensors {
    backend: BackendKind,
}

fn error(message: impl AsRef<str>) -> JsError {
    JsError::new(message.as_ref())
}

fn dims<const N: usize>(tensor: &Tensor, what: &str) -> Result<[usize; N], JsError> {
    tensor
        .shape
        .as_slice()
        .try_into()
        .map_err(|_| error(format!("{what} must be {N}-dimensional, not {:?}", tensor.shape)))
}

#[wasm_bindgen]
impl Tensors {
    /// "scalar", "simd" or "webgpu" (which connects to the page's GPU).
    pub async fn open(backend: String) -> Result<Tensors, JsError> {
        let backend = super::engine::kind(&backend)?;
        if backend == BackendKind::WebGpu {
            super::engine::gpu().await?;
        }
        Ok(Tensors { backend })
    }

    /// A tensor holding `data` in `shape` (row-major; NHWC for images, HWIO for convolution weights).
    pub fn tensor(&self, data: &[f32], shape: Vec<usize>) -> Result<Tensor, JsError> {
        if shape.iter().product::<usize>() != data.len() {
            return Err(error(format!("{} values do not fill shape {shape:?}", data.len())));
        }
        Ok(on_backend!(self.backend, connected_gpu(), |b| Tensor { shape, storage: b.wrap(b.upload(data)) }))
    }

    /// Every value, once computed.
    pub async fn data(&self, tensor: &Tensor) -> Float32Array {
        let values = on_backend!(self.backend, connected_gpu(), |b| b.read(b.get(&tensor.storage)).await);
        Float32Array::from(values.as_slice())
    }

    /// [m, k] · [k, n].
    pub fn matmul(&self, a: &Tensor, b: &Tensor) -> Result<Tensor, JsError> {
        let ([m, k], [k2, n]) = (dims::<2>(a, "matmul's a")?, dims::<2>(b, "matmul's b")?);
        if k != k2 {
            return Err(error(format!("matmul of {:?} and {:?}: inner sizes differ", a.shape, b.shape)));
        }
        let op = Matmul::new(m, n, k);
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            let mut out = g.upload(&vec![0.0; m * n]);
            g.matmul(g.get(&a.storage), g.get(&b.storage), &mut out, &op);
            Tensor { shape: vec![m, n], storage: g.wrap(out) }
        }))
    }

    /// Convolution of NHWC `x` with HWIO `weights` ([kh, kw, in / groups, out]); padding "same" or "valid".
    pub fn conv2d(
        &self,
        x: &Tensor,
        weights: &Tensor,
        stride: usize,
        padding: &str,
        groups: usize,
    ) -> Result<Tensor, JsError> {
        let [batch, height, width, in_channels] = dims::<4>(x, "conv2d's input")?;
        let [kernel_h, kernel_w, in_per_group, out_channels] = dims::<4>(weights, "conv2d's weights")?;
        let window = window(batch, height, width, (kernel_h, kernel_w), stride, padding)?;
        let op = Conv2d { window, in_channels, out_channels, groups: groups.max(1) };
        if in_channels % op.groups != 0 || out_channels % op.groups != 0 || in_per_group != in_channels / op.groups {
            return Err(error(format!(
                "weights {:?} do not fit input {:?} in {} groups",
                weights.shape, x.shape, op.groups
            )));
        }
        let out = op.window.output();
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            let mut y = g.upload(&vec![0.0; op.output_len()]);
            g.conv2d(g.get(&x.storage), g.get(&weights.storage), &mut y, &op);
            Tensor { shape: vec![batch, out.height, out.width, out_channels], storage: g.wrap(y) }
        }))
    }

    /// Max pooling of NHWC `x` over `size` × `size` windows.
    #[wasm_bindgen(js_name = maxPool)]
    pub fn max_pool(&self, x: &Tensor, size: usize, stride: usize, padding: &str) -> Result<Tensor, JsError> {
        self.pool(x, size, stride, padding, PoolKind::Max)
    }

    /// Average pooling of NHWC `x` over `size` × `size` windows (padding not counted).
    #[wasm_bindgen(js_name = avgPool)]
    pub fn avg_pool(&self, x: &Tensor, size: usize, stride: usize, padding: &str) -> Result<Tensor, JsError> {
        self.pool(x, size, stride, padding, PoolKind::Average)
    }

    fn pool(&self, x: &Tensor, size: usize, stride: usize, padding: &str, kind: PoolKind) -> Result<Tensor, JsError> {
        let [batch, height, width, channels] = dims::<4>(x, "pooling's input")?;
        let op = Pool2d { window: window(batch, height, width, (size, size), stride, padding)?, channels, kind };
        let out = op.window.output();
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            let mut y = g.upload(&vec![0.0; op.output_len()]);
            g.pool2d(g.get(&x.storage), &mut y, &op);
            Tensor { shape: vec![batch, out.height, out.width, channels], storage: g.wrap(y) }
        }))
    }

    /// activation(x + bias), bias along the last dimension. Activations: linear, threshold,
    /// piecewise-linear, sigmoid, tanh, relu, relu6, leaky-relu (slope 0.1).
    #[wasm_bindgen(js_name = biasActivation)]
    pub fn bias_activation(&self, x: &Tensor, bias: &Tensor, activation: &str) -> Result<Tensor, JsError> {
        let channels = *x.shape.last().ok_or_else(|| error("biasActivation needs a tensor with dimensions"))?;
        if bias.shape != [channels] {
            return Err(error(format!(
                "bias {:?} does not match the {channels} channels of {:?}",
                bias.shape, x.shape
            )));
        }
        let activation = parse_activation(activation)?;
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            // The op works in place, so it runs on a copy.
            let mut y = g.zeros(x.shape.iter().product());
            g.scale(g.get(&x.storage), 1.0, &mut y);
            g.bias_activation(&mut y, g.get(&bias.storage), activation);
            Tensor { shape: x.shape.clone(), storage: g.wrap(y) }
        }))
    }

    pub fn add(&self, a: &Tensor, b: &Tensor) -> Result<Tensor, JsError> {
        same_shape(a, b)?;
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            let mut out = g.upload(&vec![0.0; a.shape.iter().product()]);
            g.add(g.get(&a.storage), g.get(&b.storage), &mut out);
            Tensor { shape: a.shape.clone(), storage: g.wrap(out) }
        }))
    }

    pub fn mul(&self, a: &Tensor, b: &Tensor) -> Result<Tensor, JsError> {
        same_shape(a, b)?;
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            let mut out = g.upload(&vec![0.0; a.shape.iter().product()]);
            g.mul(g.get(&a.storage), g.get(&b.storage), &mut out);
            Tensor { shape: a.shape.clone(), storage: g.wrap(out) }
        }))
    }

    /// Softmax over the last dimension.
    pub fn softmax(&self, x: &Tensor) -> Result<Tensor, JsError> {
        let classes = *x.shape.last().ok_or_else(|| error("softmax needs a tensor with dimensions"))?;
        Ok(on_backend!(self.backend, connected_gpu(), |g| {
            let mut y = g.upload(&vec![0.0; x.shape.iter().product()]);
            g.softmax(g.get(&x.storage), &mut y, classes);
            Tensor { shape: x.shape.clone(), storage: g.wrap(y) }
        }))
    }
}

fn same_shape(a: &Tensor, b: &Tensor) -> Result<(), JsError> {
    if a.shape == b.shape {
        Ok(())
    } else {
        Err(error(format!("shapes {:?} and {:?} differ", a.shape, b.shape)))
    }
}

fn window(
    batch: usize,
    height: usize,
    width: usize,
    kernel: (usize, usize),
    stride: usize,
    padding: &str,
) -> Result<Window, JsError> {
    let padding = match padding {
        "same" => Padding::Same,
        "valid" => Padding::Valid,
        other => return Err(error(format!("padding {other}: same or valid"))),
    };
    if stride == 0 || (padding == Padding::Valid && (kernel.0 > height || kernel.1 > width)) {
        return Err(error(format!("a {kernel:?} window with stride {stride} does not fit a {height} × {width} image")));
    }
    Ok(Window::new(batch, height, width, kernel, stride, padding))
}

fn parse_activation(name: &str) -> Result<Activation, JsError> {
    Ok(match name {
        "linear" => Activation::Linear,
        "threshold" => Activation::Threshold,
        "piecewise-linear" => Activation::PiecewiseLinear,
        "sigmoid" => Activation::Sigmoid,
        "tanh" => Activation::Tanh,
        "relu" => Activation::Relu,
        "relu6" => Activation::Relu6,
        "leaky-relu" => Activation::LeakyRelu(0.1),
        other => return Err(error(format!("unknown activation {other}"))),
    })
}
