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

// Binding 0 is `params`, declared in front of this file from `MatmulParams` (engine/webgpu/matmul.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

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
        for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
            let a_at = a_slot(thread, i);
            let k = k0 + a_at.x;
            var a_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                let row = row0 + a_at.y * 4u + j;
                if (row < params.m && k < params.k) {
                    a_values[j] = a[row * params.a_row + k * params.a_col];
                }
            }
            a_tile[a_at.x][a_at.y] = a_values;
            let b_at = b_slot(thread, i);
            let b_k = k0 + b_at.x;
            var b_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                let col = col0 + b_at.y * 4u + j;
                if (b_k < params.k && col < params.n) {
                    b_values[j] = b[b_k * params.b_row + col * params.b_col];
                }
            }
            b_tile[b_at.x][b_at.y] = b_values;
        }
        multiply_staged(&acc, local);
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

// A product too shallow for staging to pay (a pointwise convolution's 32 or 64 input channels), or any
// product on an adapter where staging does not pay (software ones; matmul.rs's `autotune` decides): each
// invocation multiplies its 4 × 4 block of C straight from storage, with no workgroup memory and no
// barriers, which cost a software GPU about as much per workgroup as a few depth steps (SwiftShader).
// A workgroup is 8 × 8 invocations, a 32 × 32 tile of C.
@compute @workgroup_size(8, 8)
fn shallow(@builtin(global_invocation_id) id: vec3u) {
    let row0 = id.y * 4u;
    let col0 = id.x * 4u;
    if (row0 >= params.m || col0 >= params.n) {
        return;
    }
    // Rows and columns past the edge repeat the last one: read, computed, never stored.
    let rows = min(vec4u(row0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.m - 1u)) * params.a_row;
    let cols = min(vec4u(col0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.n - 1u)) * params.b_col;
    var acc: array<vec4f, 4>;
    for (var k = 0u; k < params.k; k++) {
        let ak = k * params.a_col;
        let bk = k * params.b_row;
        let b = vec4f(b[bk + cols.x], b[bk + cols.y], b[bk + cols.z], b[bk + cols.w]);
        acc[0] = fma(vec4f(a[rows.x + ak]), b, acc[0]);
        acc[1] = fma(vec4f(a[rows.y + ak]), b, acc[1]);
        acc[2] = fma(vec4f(a[rows.z + ak]), b, acc[2]);
        acc[3] = fma(vec4f(a[rows.w + ak]), b, acc[3]);
    }
    for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
            if (row0 + i < params.m && col0 + j < params.n) {
                c[(row0 + i) * params.n + col0 + j] = acc[i][j];
            }
        }
    }
}
