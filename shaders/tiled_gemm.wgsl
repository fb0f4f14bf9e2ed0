// The tiled GEMM core that matmul.wgsl and window.wgsl's `gemm` share (compiled in front of them).
//
// A workgroup computes a 64 × 64 tile of C. Its 256 invocations (16 × 16) each keep a 4 × 4 block of
// that tile in registers, as four vec4 rows. The shared depth is walked 32 at a time: the workgroup stages
// a 64 × 32 slice of A and a 32 × 64 slice of B in workgroup memory (16 KiB, the WebGPU default limit),
// every invocation loads 2 vec4s of each, and then `multiply_staged` reads its 4 rows of A and 4 columns
// of B as one vec4 each per depth step and reuses every value 4 times. 256 invocations is the WebGPU
// default limit and a multiple of every GPU's SIMD width. (The first version staged 16-deep slices one
// scalar at a time: on SwiftShader, where every barrier is a costly switch between invocations, matmul
// 1024³ took 13.4 s against 1.7 s now, the 56 × 56 × 64 convolution 1.67 s against 0.33 s.)

const TILE: u32 = 64u;
const DEPTH: u32 = 32u;
const THREADS: u32 = 256u;
/// Groups of four rows (A) or columns (B) in a tile.
const QUADS: u32 = TILE / 4u;
/// vec4s of each operand an invocation stages per depth step.
const SLOTS_PER_THREAD: u32 = QUADS * DEPTH / THREADS;

// Slices stored as vec4s: four of the tile's rows (A) or columns (B) at one depth. Each is staged with one
// vec4 store (a store per component measured slower on SwiftShader), built in a local vector that
// starts from an explicit vec4f(0.0): SwiftShader kept the previous iteration's values in a loop-local
// `var v: vec4f;`, which WGSL says starts at zero, so values past an edge were not zero.
var<workgroup> a_tile: array<array<vec4f, QUADS>, DEPTH>;
var<workgroup> b_tile: array<array<vec4f, QUADS>, DEPTH>;

/// The (depth, row quad) of A that slot i of invocation `thread` stages. Neighbouring invocations take
/// neighbouring depths, which lie side by side in a row-major A.
fn a_slot(thread: u32, i: u32) -> vec2u {
    return vec2u(thread % DEPTH, thread / DEPTH + i * (THREADS / DEPTH));
}

/// The (depth, column quad) of B that slot i of invocation `thread` stages. Neighbouring invocations take
/// neighbouring columns, which lie side by side in a row-major B.
fn b_slot(thread: u32, i: u32) -> vec2u {
    return vec2u(thread / QUADS + i * (THREADS / QUADS), thread % QUADS);
}

/// The run [start, end) of a shared depth that split `split` of `splits` sums, in whole steps of `step`
/// (the staged kernels' DEPTH). A product with few tiles of C and a long depth (a detector's 13 × 13 × 1024
/// layers: 48 tiles, 9216 deep) would leave most of a large GPU idle; split, each workgroup sums its own
/// run into its own slice of the output, and the host adds the slices.
fn depth_run(depth: u32, split: u32, splits: u32, step: u32) -> vec2u {
    let run = (depth + splits * step - 1u) / (splits * step) * step;
    let start = min(split * run, depth);
    return vec2u(start, min(start + run, depth));
}

/// How many of the four columns col0 … col0 + 3 lie before `columns`. The kernels store their blocks one
/// row at a time, with constant indices into their accumulators (matmul.wgsl's `store_quad` says why).
fn columns_inside(col0: u32, columns: u32) -> u32 {
    return min(4u, columns - min(col0, columns));
}

/// Adds the staged slices' product to this invocation's block: rows local.y·4 + i, columns local.x·4 + j.
/// It waits for the whole workgroup to have staged its slices, and, after, for every invocation to have
/// read them before the next staging; so it is called in uniform control flow.
fn multiply_staged(acc: ptr<function, array<vec4f, 4>>, local: vec3u) {
    workgroupBarrier();
    for (var kk = 0u; kk < DEPTH; kk++) {
        let a = a_tile[kk][local.y];
        let b = b_tile[kk][local.x];
        (*acc)[0] = fma(vec4f(a.x), b, (*acc)[0]);
        (*acc)[1] = fma(vec4f(a.y), b, (*acc)[1]);
        (*acc)[2] = fma(vec4f(a.z), b, (*acc)[2]);
        (*acc)[3] = fma(vec4f(a.w), b, (*acc)[3]);
    }
    workgroupBarrier();
}
