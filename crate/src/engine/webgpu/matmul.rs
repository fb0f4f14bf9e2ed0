//! Matrix products (matmul.wgsl on tiled_gemm.wgsl).

use super::shader::{shader_files, shader_params, Shader};
use super::{GpuBuffer, WebGpu};
use crate::engine::ops::Matmul;

/// Side of the output tile one GEMM workgroup computes (tiled_gemm.wgsl).
pub(super) const GEMM_TILE: usize = 64;

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
    let workgroups = [op.n.div_ceil(GEMM_TILE) as u32, op.m.div_ceil(GEMM_TILE) as u32, 1];
    let buffers = [(1, &a.buffer), (2, &b.buffer), (3, &out.buffer)];
    gpu.dispatch((&MATMUL, "main"), &buffers, params, workgroups);
}
