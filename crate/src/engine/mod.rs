//! The tensor engine: f32 ops (NHWC activations, HWIO weights) on interchangeable backends.
//!
//! - `ops`: what each op computes, independent of where it runs;
//! - `backend`: the one trait every backend implements;
//! - `kind`: backends by name, and the one dispatch from a name to code generic over the backend;
//! - `host_buffer`: the CPU backends' buffer, which keeps a form made from its values until they change;
//! - `scalar`: plain loops, the reference every other backend is tested against;
//! - `simd`: 4-lane SIMD kernels (wasm SIMD128 in the browser, the same code natively);
//! - `webgpu`: WGSL compute pipelines through wgpu (Vulkan/Metal/DX12 natively, WebGPU in the browser);
//! - `conformance`: the one test suite every backend must pass against the scalar one.

pub mod backend;
pub mod conformance;
pub mod host_buffer;
pub mod kind;
pub mod ops;
pub mod scalar;
pub mod simd;
pub mod webgpu;

pub use backend::Backend;
pub use host_buffer::HostBuffer;
pub use kind::{BackendKind, PerBackend};
