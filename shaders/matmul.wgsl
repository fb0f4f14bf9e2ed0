// Matrix product: C[m, n] = op(A) · op(B).
//
// Layout: row-major storage; op(A)[r, k] = a[r * a_row + k * a_col] and op(B)[k, c] = b[k * b_row + c * b_col],
// so a transposed operand is only a different pair of strides.
//
// Tiling: tiled_gemm.wgsl's (compiled in front of this file): 64 × 64 tiles of C, 32-deep slices staged
// in workgroup memory, 4 × 4 per invocation, 256 invocations. This file stages the operands and stores;
// `shallow` multiplies straight from storage.
//
// Bounds: m, n and k need not be multiples of anything. Loads past an edge stage zeros (which add
// nothing); stores past an edge are skipped. The barriers stay in uniform control flow: the depth loop's
// bound is the same for the whole workgroup.

// Binding 0 is `params`, declared in front of this file from `MatmulParams` (engine/webgpu/matmul.rs);
// the storage buffers follow from binding 1 (the bias, binding 4, is epilogue.wgsl's, through which every
// kernel stores).
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

/// Stores C[row, col0 …] inside C, in split `split`'s slice, each `finish`ed as column col0 … of C's
/// (epilogue.wgsl: a pointwise convolution's output channels are C's columns). The kernels call it once per row of their block
/// with a constant index into their accumulators: indexing those by a loop variable (acc[i][j]) made the
/// NVIDIA H200's Vulkan compiler keep them in memory rather than registers, and the unstaged 4096³ product
/// 4.9× slower (12.8 ms against 62.4).
fn store_quad(split: u32, row: u32, col0: u32, values: vec4f) {
    if (row >= params.m) {
        return;
    }
    let at = (split * params.m + row) * params.n + col0;
    for (var j = 0u; j < columns_inside(col0, params.n); j++) {
        c[at + j] = finish(values[j], col0 + j);
    }
}

/// Rows first … first + 3 of op(A) at depth k, as the staged kernels stage them: zero past C's last row or
/// the depth run's `end` (zeros add nothing). The vector starts from an explicit vec4f(0.0)
/// (tiled_gemm.wgsl says why).
fn a_quad(first: u32, k: u32, end: u32) -> vec4f {
    var values = vec4f(0.0);
    for (var j = 0u; j < 4u; j++) {
        let row = first + j;
        if (row < params.m && k < end) {
            values[j] = a[row * params.a_row + k * params.a_col];
        }
    }
    return values;
}

/// Columns first … first + 3 of op(B) at depth k, as `a_quad` stages rows of A.
fn b_quad(k: u32, first: u32, end: u32) -> vec4f {
    var values = vec4f(0.0);
    for (var j = 0u; j < 4u; j++) {
        let col = first + j;
        if (k < end && col < params.n) {
            values[j] = b[k * params.b_row + col * params.b_col];
        }
    }
    return values;
}

// Workgroup z is the split of the depth where matmul.rs splits it (`depth_run`): each split writes its
// own m × n slice of `c`.
@compute @workgroup_size(16, 16)
fn main(
    @builtin(workgroup_id) group: vec3u,
    @builtin(num_workgroups) workgroups: vec3u,
    @builtin(local_invocation_id) local: vec3u,
    @builtin(local_invocation_index) thread: u32,
) {
    let row0 = group.y * TILE;
    let col0 = group.x * TILE;
    let run = depth_run(params.k, group.z, workgroups.z, DEPTH);
    var acc: array<vec4f, 4>;
    for (var k0 = run.x; k0 < run.y; k0 += DEPTH) {
        for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
            let a_at = a_slot(thread, i);
            a_tile[a_at.x][a_at.y] = a_quad(row0 + a_at.y * 4u, k0 + a_at.x, run.y);
            let b_at = b_slot(thread, i);
            b_tile[b_at.x][b_at.y] = b_quad(k0 + b_at.x, col0 + b_at.y * 4u, run.y);
        }
        multiply_staged(&acc, local);
    }
    let row = row0 + local.y * 4u;
    let col = col0 + local.x * 4u;
    store_quad(group.z, row, col, acc[0]);
    store_quad(group.z, row + 1u, col, acc[1]);
    store_quad(group.z, row + 2u, col, acc[2]);
    store_quad(group.z, row + 3u, col, acc[3]);
}

// A product too shallow for staging to pay (a pointwise convolution's 32 or 64 input channels), or any
// product on an adapter where staging does not pay (software ones; matmul.rs's `autotune` decides): each
// invocation multiplies its 4 × 4 block of C straight from storage, with no workgroup memory and no
// barriers, which cost a software GPU about as much per workgroup as a few depth steps (SwiftShader).
// A workgroup is 8 × 8 invocations, a 32 × 32 tile of C; workgroup z is the split of the depth, as `main`'s.
@compute @workgroup_size(8, 8)
fn shallow(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) workgroups: vec3u) {
    let row0 = id.y * 4u;
    let col0 = id.x * 4u;
    if (row0 >= params.m || col0 >= params.n) {
        return;
    }
    // Rows and columns past the edge repeat the last one: read, computed, never stored.
    let rows = min(vec4u(row0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.m - 1u)) * params.a_row;
    let cols = min(vec4u(col0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.n - 1u)) * params.b_col;
    let run = depth_run(params.k, id.z, workgroups.z, DEPTH);
    var acc: array<vec4f, 4>;
    for (var k = run.x; k < run.y; k++) {
        let ak = k * params.a_col;
        let bk = k * params.b_row;
        let b = vec4f(b[bk + cols.x], b[bk + cols.y], b[bk + cols.z], b[bk + cols.w]);
        acc[0] = fma(vec4f(a[rows.x + ak]), b, acc[0]);
        acc[1] = fma(vec4f(a[rows.y + ak]), b, acc[1]);
        acc[2] = fma(vec4f(a[rows.z + ak]), b, acc[2]);
        acc[3] = fma(vec4f(a[rows.w + ak]), b, acc[3]);
    }
    store_quad(id.z, row0, col0, acc[0]);
    store_quad(id.z, row0 + 1u, col0, acc[1]);
    store_quad(id.z, row0 + 2u, col0, acc[2]);
    store_quad(id.z, row0 + 3u, col0, acc[3]);
}

// The wide tile: a workgroup computes 128 × 128 of C, each invocation an 8 × 8 block (two quads of rows 64
// apart, by two quads of columns 64 apart), from 16-deep slices staged in workgroup memory (2 × 16 × 32
// vec4s, 16 KiB, as `main`'s). Each depth step reads 4 vec4s of workgroup memory for 16 vec4 multiply-adds,
// where `main` reads 2 for 4: the shape of a GPU's fast GEMMs, whose arithmetic rather than their
// workgroup memory sets the pace. With 4 times fewer workgroups than `main` it fills a large GPU only on
// large products: matmul.rs's `autotune` decides whether and from which size. The accumulators are
// indexed with constants only (`store_quad` says why).
const WIDE_TILE: u32 = 128u;
const WIDE_DEPTH: u32 = 16u;
const WIDE_QUADS: u32 = WIDE_TILE / 4u;
/// Row or column quads between an invocation's first and second.
const WIDE_HALF: u32 = WIDE_QUADS / 2u;
var<workgroup> wide_a: array<array<vec4f, WIDE_QUADS>, WIDE_DEPTH>;
var<workgroup> wide_b: array<array<vec4f, WIDE_QUADS>, WIDE_DEPTH>;

@compute @workgroup_size(16, 16)
fn wide(
    @builtin(workgroup_id) group: vec3u,
    @builtin(num_workgroups) workgroups: vec3u,
    @builtin(local_invocation_id) local: vec3u,
    @builtin(local_invocation_index) thread: u32,
) {
    let row0 = group.y * WIDE_TILE;
    let col0 = group.x * WIDE_TILE;
    let run = depth_run(params.k, group.z, workgroups.z, WIDE_DEPTH);
    var acc: array<vec4f, 16>;
    for (var k0 = run.x; k0 < run.y; k0 += WIDE_DEPTH) {
        // 16 × 32 vec4s of each operand, two per invocation. Neighbouring invocations take neighbouring
        // depths of A and neighbouring columns of B, which lie side by side in row-major operands.
        for (var slot = thread; slot < WIDE_DEPTH * WIDE_QUADS; slot += THREADS) {
            let a_depth = slot % WIDE_DEPTH;
            let a_rows = slot / WIDE_DEPTH;
            wide_a[a_depth][a_rows] = a_quad(row0 + a_rows * 4u, k0 + a_depth, run.y);
            let b_depth = slot / WIDE_QUADS;
            let b_columns = slot % WIDE_QUADS;
            wide_b[b_depth][b_columns] = b_quad(k0 + b_depth, col0 + b_columns * 4u, run.y);
        }
        workgroupBarrier();
        for (var kk = 0u; kk < WIDE_DEPTH; kk++) {
            let a0 = wide_a[kk][local.y];
            let a1 = wide_a[kk][local.y + WIDE_HALF];
            let b0 = wide_b[kk][local.x];
            let b1 = wide_b[kk][local.x + WIDE_HALF];
            acc[0] = fma(vec4f(a0.x), b0, acc[0]);
            acc[1] = fma(vec4f(a0.x), b1, acc[1]);
            acc[2] = fma(vec4f(a0.y), b0, acc[2]);
            acc[3] = fma(vec4f(a0.y), b1, acc[3]);
            acc[4] = fma(vec4f(a0.z), b0, acc[4]);
            acc[5] = fma(vec4f(a0.z), b1, acc[5]);
            acc[6] = fma(vec4f(a0.w), b0, acc[6]);
            acc[7] = fma(vec4f(a0.w), b1, acc[7]);
            acc[8] = fma(vec4f(a1.x), b0, acc[8]);
            acc[9] = fma(vec4f(a1.x), b1, acc[9]);
            acc[10] = fma(vec4f(a1.y), b0, acc[10]);
            acc[11] = fma(vec4f(a1.y), b1, acc[11]);
            acc[12] = fma(vec4f(a1.z), b0, acc[12]);
            acc[13] = fma(vec4f(a1.z), b1, acc[13]);
            acc[14] = fma(vec4f(a1.w), b0, acc[14]);
            acc[15] = fma(vec4f(a1.w), b1, acc[15]);
        }
        workgroupBarrier();
    }
    let top = row0 + local.y * 4u;
    let bottom = top + WIDE_HALF * 4u;
    let left = col0 + local.x * 4u;
    let right = left + WIDE_HALF * 4u;
    store_quad(group.z, top, left, acc[0]);
    store_quad(group.z, top, right, acc[1]);
    store_quad(group.z, top + 1u, left, acc[2]);
    store_quad(group.z, top + 1u, right, acc[3]);
    store_quad(group.z, top + 2u, left, acc[4]);
    store_quad(group.z, top + 2u, right, acc[5]);
    store_quad(group.z, top + 3u, left, acc[6]);
    store_quad(group.z, top + 3u, right, acc[7]);
    store_quad(group.z, bottom, left, acc[8]);
    store_quad(group.z, bottom, right, acc[9]);
    store_quad(group.z, bottom + 1u, left, acc[10]);
    store_quad(group.z, bottom + 1u, right, acc[11]);
    store_quad(group.z, bottom + 2u, left, acc[12]);
    store_quad(group.z, bottom + 2u, right, acc[13]);
    store_quad(group.z, bottom + 3u, left, acc[14]);
    store_quad(group.z, bottom + 3u, right, acc[15]);
}
