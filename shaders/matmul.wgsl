// Matrix product: C[m, n] = op(A) · op(B).
//
// Layout: row-major storage; op(A)[r, k] = a[r * a_row + k * a_col] and op(B)[k, c] = b[k * b_row + c * b_col],
// so a transposed operand is only a different pair of strides.
//
// Tiling: tiled_gemm.wgsl's (compiled in front of this file): 64 × 64 tiles of C, 32-deep slices staged
// in workgroup memory, 4 × 4 per invocation, 256 invocations. This file stages the operands and stores.
//
// Bounds: m, n and k need not be multiples of anything. Loads past an edge stage zeros (which add
// nothing); stores past an edge are skipped. The barriers stay in uniform control flow: the depth loop's
// bound is the same for the whole workgroup.

struct Params {
    m: u32,
    n: u32,
    k: u32,
    a_row: u32,
    a_col: u32,
    b_row: u32,
    b_col: u32,
    _padding: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(16, 16)
fn main(
    @builtin(workgroup_id) group: vec3u,
    @builtin(local_invocation_id) local: vec3u,
    @builtin(local_invocation_index) thread: u32,
) {
    let row0 = group.y * TILE;
    let col0 = group.x * TILE;
    var acc: array<vec4f, 4>;
    for (var k0 = 0u; k0 < params.k; k0 += DEPTH) {
        // 64 × 32 values of each operand, 8 per invocation.
        for (var i = 0u; i < STAGED_PER_THREAD; i++) {
            let slot = thread + i * THREADS;
            let a_r = slot / DEPTH;
            let a_k = slot % DEPTH;
            var a_value = 0.0;
            if (row0 + a_r < params.m && k0 + a_k < params.k) {
                a_value = a[(row0 + a_r) * params.a_row + (k0 + a_k) * params.a_col];
            }
            stage_a(a_k, a_r, a_value);
            let b_k = slot / TILE;
            let b_c = slot % TILE;
            var b_value = 0.0;
            if (k0 + b_k < params.k && col0 + b_c < params.n) {
                b_value = b[(k0 + b_k) * params.b_row + (col0 + b_c) * params.b_col];
            }
            stage_b(b_k, b_c, b_value);
        }
        workgroupBarrier();
        multiply_staged(&acc, local);
        workgroupBarrier();
    }
    for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
            let row = row0 + local.y * 4u + i;
            let col = col0 + local.x * 4u + j;
            if (row < params.m && col < params.n) {
                c[row * params.n + col] = acc[i][j];
            }
        }
    }
}
