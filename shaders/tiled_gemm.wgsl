// The tiled GEMM core that matmul.wgsl and window.wgsl's `gemm` share (compiled in front of them).
//
// A workgroup computes a 64 × 64 tile of C. Its 256 invocations (16 × 16) each keep a 4 × 4 block of
// that tile in registers. The shared depth is walked 16 at a time: the workgroup stages a 64 × 16 slice
// of A and a 16 × 64 slice of B in workgroup memory (8 KiB), every invocation loads 4 values of each, and
// then `multiply_staged` reuses each staged value 4 times from registers. 256 invocations is the WebGPU
// default limit and a multiple of every GPU's SIMD width.

const TILE: u32 = 64u;
const DEPTH: u32 = 16u;
const THREADS: u32 = 256u;

var<workgroup> a_tile: array<array<f32, TILE>, DEPTH>;
var<workgroup> b_tile: array<array<f32, TILE>, DEPTH>;

/// Adds the staged slices' product to this invocation's block: rows local.y·4 + i, columns local.x·4 + j.
fn multiply_staged(acc: ptr<function, array<array<f32, 4>, 4>>, local: vec3u) {
    for (var kk = 0u; kk < DEPTH; kk++) {
        var a_regs: array<f32, 4>;
        var b_regs: array<f32, 4>;
        for (var i = 0u; i < 4u; i++) {
            a_regs[i] = a_tile[kk][local.y * 4u + i];
            b_regs[i] = b_tile[kk][local.x * 4u + i];
        }
        for (var i = 0u; i < 4u; i++) {
            for (var j = 0u; j < 4u; j++) {
                (*acc)[i][j] = fma(a_regs[i], b_regs[j], (*acc)[i][j]);
            }
        }
    }
}

