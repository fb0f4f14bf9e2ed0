//! Matrix products (matmul.wgsl on tiled_gemm.wgsl), and the choice of kernel for deep ones.

use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};
use crate::clock::now_ms;
use crate::engine::backend::Backend;
use crate::engine::ops::Matmul;

/// How a product deeper than `SHALLOW_DEPTH` is multiplied. Which is faster depends on the adapter, so
/// `autotune` times both when the backend connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProductKernel {
    /// Slices of A and B staged in workgroup memory and shared by the workgroup (`main`): what a GPU's
    /// fast GEMMs do.
    Staged,
    /// Each invocation's 4 × 4 block straight from storage (`shallow`). On a software adapter, workgroup
    /// memory and its barriers cost more than they save: on SwiftShader (natively, zeroing workgroup
    /// memory as browsers do) a 1024³ product took 1.67 s unstaged against 2.36 s staged, and 256³ 29 ms
    /// against 70 ms.
    Unstaged,
}

/// Side of the output tile one GEMM workgroup computes (tiled_gemm.wgsl).
pub(super) const GEMM_TILE: usize = 64;

/// Depth up to which a product runs matmul.wgsl's `shallow` kernel, which stages nothing.
const SHALLOW_DEPTH: usize = 64;
/// Side of the output tile of a `shallow` workgroup.
const SHALLOW_TILE: usize = 32;

shader_params! {
    /// op(A)[r, k] = a[r · a_row + k · a_col], op(B)[k, c] = b[k · b_row + c · b_col].
    struct MatmulParams {
        m: u32,
        n: u32,
        k: u32,
        a_row: u32,
        a_col: u32,
        b_row: u32,
        b_col: u32,
    }
}

const MATMUL: Shader<MatmulParams> = Shader::new("matmul", shader_files!("tiled_gemm.wgsl", "matmul.wgsl"));

pub(super) fn matmul(gpu: &WebGpu, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer, op: &Matmul) {
    let ((a_row, a_col), (b_row, b_col)) = (op.a_strides(), op.b_strides());
    let params = MatmulParams {
        m: op.m as u32,
        n: op.n as u32,
        k: op.k as u32,
        a_row: a_row as u32,
        a_col: a_col as u32,
        b_row: b_row as u32,
        b_col: b_col as u32,
    };
    let buffers = [(1, &a.buffer), (2, &b.buffer), (3, &out.buffer)];
    if op.k <= SHALLOW_DEPTH || gpu.deep_products.get() == ProductKernel::Unstaged {
        let workgroups = [op.n.div_ceil(SHALLOW_TILE) as u32, op.m.div_ceil(SHALLOW_TILE) as u32, 1];
        gpu.dispatch((&MATMUL, "shallow"), &buffers, params, workgroups);
    } else {
        let workgroups = [op.n.div_ceil(GEMM_TILE) as u32, op.m.div_ceil(GEMM_TILE) as u32, 1];
        gpu.dispatch((&MATMUL, "main"), &buffers, params, workgroups);
    }
}

/// Times the two kernels on a 256³ product (after a run that compiles each) and returns the faster. The
/// margin is wide where it matters (on SwiftShader, 29 ms against 70 ms), so one timed run each will do:
/// this delays every WebGPU connection.
pub(super) async fn autotune(gpu: &WebGpu) -> ProductKernel {
    const SIDE: usize = 256;
    let op = Matmul::new(SIDE, SIDE, SIDE);
    // Vectors, not arrays: an array literal this size would sit in the wasm module as 256 KiB of data.
    let (a, b) = (gpu.upload(&vec![0.5; SIDE * SIDE]), gpu.upload(&vec![0.25; SIDE * SIDE]));
    let mut c = gpu.upload(&vec![0.0; SIDE * SIDE]);
    let mut fastest = (f64::INFINITY, ProductKernel::Staged);
    for kernel in [ProductKernel::Staged, ProductKernel::Unstaged] {
        gpu.deep_products.set(kernel);
        matmul(gpu, &a, &b, &mut c, &op);
        gpu.finish().await;
        let start = now_ms();
        matmul(gpu, &a, &b, &mut c, &op);
        gpu.finish().await;
        let took = now_ms() - start;
        if took < fastest.0 {
            fastest = (took, kernel);
        }
    }
    fastest.1
}
