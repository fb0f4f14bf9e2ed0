// The tiled GEMM core that matmul.wgsl and window.wgsl's `gemm` share (compiled in front of them).
//
// A workgroup computes a 64 × 64 tile of C. Its 256 invocations (16 × 16) each keep a 4 × 4 block of
// that tile in registers, as four vec4 rows. The shared depth is walked 32 at a time: the workgroup stages
// a 64 × 32 slice of A and a 32 × 64 slice of B in workgroup memory (16 KiB, the WebGPU default limit),
// every invocation loads 8 values of each, and then `multiply_staged` reads its 4 rows of A and 4 columns
// of B as one vec4 each per depth step and reuses every value 4 times. 256 invocations is the WebGPU
// default limit and a multiple of every GPU's SIMD width. (The first version staged 16-deep slices as
// scalars: on SwiftShader, where every barrier is a costly switch between invocations, it was 3–5× slower:
// matmul 1024³ 13.4 s against 2.6 s, the 56 × 56 × 64 convolution 1.67 s against 0.35 s.)

const TILE: u32 = 64u;
const DEPTH: u32 = 32u;
const THREADS: u32 = 256u;
/// Values of each operand an invocation stages per depth step.
const STAGED_PER_THREAD: u32 = TILE * DEPTH / THREADS;

// Slices stored as vec4s along the tile's 64 rows (A) or columns (B).
var<workgroup> a_tile: array<array<vec4f, TILE / 4u>, DEPTH>;
var<workgroup> b_tile: array<array<vec4f, TILE / 4u>, DEPTH>;

fn stage_a(k: u32, row: u32, value: f32) {
    a_tile[k][row / 4u][row % 4u] = value;
}

fn stage_b(k: u32, col: u32, value: f32) {
    b_tile[k][col / 4u][col % 4u] = value;
}

/// Adds the staged slices' product to this invocation's block: rows local.y·4 + i, columns local.x·4 + j.
fn multiply_staged(acc: ptr<function, array<vec4f, 4>>, local: vec3u) {
    for (var kk = 0u; kk < DEPTH; kk++) {
        let a = a_tile[kk][local.y];
        let b = b_tile[kk][local.x];
        (*acc)[0] = fma(vec4f(a.x), b, (*acc)[0]);
        (*acc)[1] = fma(vec4f(a.y), b, (*acc)[1]);
        (*acc)[2] = fma(vec4f(a.z), b, (*acc)[2]);
        (*acc)[3] = fma(vec4f(a.w), b, (*acc)[3]);
    }
}
