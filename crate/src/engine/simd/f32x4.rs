//! A 4-lane f32 vector, the one type the SIMD kernels are written in. Each instruction set has its own
//! file: wasm SIMD128 in the browser, portable lanes elsewhere (which the compiler turns into SSE/NEON),
//! so `cargo test` runs the very kernel code the browser runs.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[path = "f32x4_wasm.rs"]
mod isa;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[path = "f32x4_portable.rs"]
mod isa;

pub use isa::F32x4;

/// Lanes per vector.
pub const LANES: usize = 4;
