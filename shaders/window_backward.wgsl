// Backward passes of the window ops (geometry in window_geometry.wgsl and the GEMM tiling in
// tiled_gemm.wgsl, compiled in front of this file).
//
// The convolution's two gradients are implicit GEMMs where their products are wide enough to fill a tile
// (window.rs chooses), each on tiled_gemm.wgsl's 64 × 64 tiles like the forward pass; workgroup z is the
// group (and, for the filter, the split of the pixels):
// - backward_input_gemm: for each input pixel p and input channel ci of the group,
//   dx[p, ci] = Σ over k = (ky, kx, co): A[p, k] · B[k, ci], where
//   A[p, k] = dy[the output pixel whose tap (ky, kx) reads p, co], or 0 where none does (a stride skips it,
//   or it lies past the edge), and B[k, ci] = w[ky, kx, ci, co].
// - backward_filter_gemm: for each tap m = (ky, kx, ci) and output channel co of the group,
//   dw[m, co] = Σ over output pixels p: A[m, p] · B[p, co], where A[m, p] = the input under tap m of
//   pixel p (0 in the padding) and B[p, co] = dy[p, co]. The sum runs over every output pixel of the
//   batch (50 176 for the MNIST CNN's first layer at batch 64) while the product has few tiles, so the
//   pixels are split between workgroups (z / groups is the split) that each write their partial product
//   to their own slice of `gradient`; window.rs adds the slices up.
//
// The other entry points gather: each gradient element is summed by one invocation (or, for the filter,
// one workgroup), from what flows into it, so no two invocations write the same place and no atomics are
// needed. 64 invocations per workgroup, two-dimensional dispatch (see element_index); invocations past the
// end return at once.
//
// - conv_backward_input:  dx[n, y, x, ci] = Σ over the taps (ky, kx) and output pixels (oy, ox) that read
//   (y, x), and over the group's output channels co: dy[n, oy, ox, co] · w[ky, kx, ci mod group, co].
// - conv_backward_filter: dw[ky, kx, ci, co] = Σ over output pixels: dy[pixel, co] · input under that tap.
//   One workgroup per weight: each invocation sums a 64th of the pixels, then the workgroup adds the 64
//   partial sums in a tree. (One invocation per weight left a GPU almost idle: 72 invocations for the
//   MNIST CNN's first layer.)
// - max_pool_backward: dx gets dy of every window whose maximum it is (the first maximum in scan order,
//   as the forward pass and the scalar backend pick it).
// - average_pool_backward: dx gets dy / (in-image taps) of every window it is in.
// Where the pool's input is the output of the activation `ACTIVATION`, the pools' gradients are multiplied
// by its slope there (activation.wgsl's `slope_from_output`): its backward, in the same pass.

// Binding 0 is `params`, declared in front of this file from `WindowParams` (engine/webgpu/window.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> dy: array<f32>;
// dy again, four channels at a time, for conv_backward_filter_quads (an entry point may read a binding
// through one name only).
@group(0) @binding(1) var<storage, read> dy_quads: array<vec4f>;
// The weights for conv_backward_input; the forward input for the other entry points.
@group(0) @binding(2) var<storage, read> forward: array<f32>;
@group(0) @binding(3) var<storage, read_write> gradient: array<f32>;

/// Writes the first `count` of `values` to gradient[at …] where `inside` (one row of a GEMM kernel's block;
/// see tiled_gemm.wgsl's `columns_inside`).
fn store_quad(inside: bool, at: u32, count: u32, values: vec4f) {
    if (!inside) {
        return;
    }
    for (var j = 0u; j < count; j++) {
        gradient[at + j] = values[j];
    }
}

/// The output coordinate along one axis whose tap `k` reads input coordinate `i`, or -1 if none does.
fn source_of(i: u32, k: u32, stride: u32, pad: u32, outputs: u32) -> i32 {
    let numerator = i32(i + pad) - i32(k);
    if (numerator < 0 || numerator % i32(stride) != 0) {
        return -1;
    }
    let o = numerator / i32(stride);
    return select(-1, o, o < i32(outputs));
}

/// (n, y, x, channel) of input element `index`.
fn input_coordinates(index: u32) -> vec4u {
    let c = index % params.in_channels;
    let x = (index / params.in_channels) % params.width;
    let y = (index / (params.in_channels * params.width)) % params.height;
    let n = index / (params.in_channels * params.width * params.height);
    return vec4u(n, y, x, c);
}

/// The output pixel whose tap (ky, kx) reads input pixel `at` (n, y, x), or -1 if none does.
fn reading_pixel(at: vec4u, ky: u32, kx: u32) -> i32 {
    let oy = source_of(at.y, ky, params.stride_h, params.pad_top, params.out_height);
    let ox = source_of(at.z, kx, params.stride_w, params.pad_left, params.out_width);
    if (oy < 0 || ox < 0) {
        return -1;
    }
    return i32((at.x * params.out_height + u32(oy)) * params.out_width + u32(ox));
}

@compute @workgroup_size(64)
fn conv_backward_input(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index >= params.batch * params.height * params.width * params.in_channels) {
        return;
    }
    let at = input_coordinates(index);
    let group = at.w / params.in_per_group;
    let ci_in_group = at.w % params.in_per_group;
    var sum = 0.0;
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let reader = reading_pixel(at, ky, kx);
            if (reader < 0) {
                continue;
            }
            let pixel = u32(reader);
            for (var c = 0u; c < params.out_per_group; c++) {
                let co = group * params.out_per_group + c;
                let weight = ((ky * params.kernel_w + kx) * params.in_per_group + ci_in_group) * params.out_channels + co;
                sum = fma(dy[pixel * params.out_channels + co], forward[weight], sum);
            }
        }
    }
    gradient[index] = sum;
}

@compute @workgroup_size(16, 16)
fn backward_input_gemm(
    @builtin(workgroup_id) group_id: vec3u,
    @builtin(local_invocation_id) local: vec3u,
    @builtin(local_invocation_index) thread: u32,
) {
    let group = group_id.z;
    let pixels = params.batch * params.height * params.width;
    let depth = params.kernel_h * params.kernel_w * params.out_per_group;
    let row0 = group_id.y * TILE;
    let col0 = group_id.x * TILE;
    let out0 = group * params.out_per_group;
    var acc: array<vec4f, 4>;
    // The input pixels an invocation stages rows of A for are the same at every depth step.
    var at: array<array<vec4u, 4>, SLOTS_PER_THREAD>;
    for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
        for (var j = 0u; j < 4u; j++) {
            at[i][j] = input_coordinates((row0 + a_slot(thread, i).y * 4u + j) * params.in_channels);
        }
    }
    for (var k0 = 0u; k0 < depth; k0 += DEPTH) {
        let k = k0 + a_slot(thread, 0u).x;
        let co = k % params.out_per_group;
        let kx = (k / params.out_per_group) % params.kernel_w;
        let ky = k / (params.out_per_group * params.kernel_w);
        for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
            let a_at = a_slot(thread, i);
            var a_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                if (row0 + a_at.y * 4u + j < pixels && k < depth) {
                    let reader = reading_pixel(at[i][j], ky, kx);
                    if (reader >= 0) {
                        a_values[j] = dy[u32(reader) * params.out_channels + out0 + co];
                    }
                }
            }
            a_tile[a_at.x][a_at.y] = a_values;
            let b_at = b_slot(thread, i);
            let b_k = k0 + b_at.x;
            let b_tap = b_k / params.out_per_group;
            let b_co = b_k % params.out_per_group;
            var b_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                let ci = col0 + b_at.y * 4u + j;
                if (b_k < depth && ci < params.in_per_group) {
                    b_values[j] = forward[(b_tap * params.in_per_group + ci) * params.out_channels + out0 + b_co];
                }
            }
            b_tile[b_at.x][b_at.y] = b_values;
        }
        multiply_staged(&acc, local);
    }
    let row = row0 + local.y * 4u;
    let ci = col0 + local.x * 4u;
    let count = columns_inside(ci, params.in_per_group);
    let first = row * params.in_channels + group * params.in_per_group + ci;
    store_quad(row < pixels, first, count, acc[0]);
    store_quad(row + 1u < pixels, first + params.in_channels, count, acc[1]);
    store_quad(row + 2u < pixels, first + 2u * params.in_channels, count, acc[2]);
    store_quad(row + 3u < pixels, first + 3u * params.in_channels, count, acc[3]);
}

@compute @workgroup_size(16, 16)
fn backward_filter_gemm(
    @builtin(workgroup_id) group_id: vec3u,
    @builtin(num_workgroups) workgroups: vec3u,
    @builtin(local_invocation_id) local: vec3u,
    @builtin(local_invocation_index) thread: u32,
) {
    let groups = params.in_channels / params.in_per_group;
    let group = group_id.z % groups;
    let split = group_id.z / groups;
    let splits = workgroups.z / groups;
    let taps = params.kernel_h * params.kernel_w * params.in_per_group;
    let pixels = params.batch * params.out_height * params.out_width;
    let run = depth_run(pixels, split, splits, DEPTH);
    let end = run.y;
    let row0 = group_id.y * TILE;
    let col0 = group_id.x * TILE;
    let channel0 = group * params.in_per_group;
    let out0 = group * params.out_per_group;
    var acc: array<vec4f, 4>;
    // The taps (ky, kx, ci) an invocation stages rows of A for are the same at every depth step.
    var tap_of: array<array<vec3u, 4>, SLOTS_PER_THREAD>;
    for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
        for (var j = 0u; j < 4u; j++) {
            let m = row0 + a_slot(thread, i).y * 4u + j;
            let ci = m % params.in_per_group;
            let kx = (m / params.in_per_group) % params.kernel_w;
            tap_of[i][j] = vec3u(m / (params.in_per_group * params.kernel_w), kx, ci);
        }
    }
    for (var k0 = run.x; k0 < end; k0 += DEPTH) {
        // Every slot of an invocation is at the same pixel, so its window is found once per step.
        let pixel = k0 + a_slot(thread, 0u).x;
        let origin = window_origin(pixel);
        for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
            let a_at = a_slot(thread, i);
            var a_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                let t = tap_of[i][j];
                if (row0 + a_at.y * 4u + j < taps && pixel < end) {
                    let base = tap_at(origin, t.x, t.y);
                    if (base >= 0) {
                        a_values[j] = forward[u32(base) + channel0 + t.z];
                    }
                }
            }
            a_tile[a_at.x][a_at.y] = a_values;
            let b_at = b_slot(thread, i);
            let b_pixel = k0 + b_at.x;
            var b_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                let co = col0 + b_at.y * 4u + j;
                if (b_pixel < end && co < params.out_per_group) {
                    b_values[j] = dy[b_pixel * params.out_channels + out0 + co];
                }
            }
            b_tile[b_at.x][b_at.y] = b_values;
        }
        multiply_staged(&acc, local);
    }
    let m = row0 + local.y * 4u;
    let co = col0 + local.x * 4u;
    let count = columns_inside(co, params.out_per_group);
    let first = (split * taps + m) * params.out_channels + out0 + co;
    store_quad(m < taps, first, count, acc[0]);
    store_quad(m + 1u < taps, first + params.out_channels, count, acc[1]);
    store_quad(m + 2u < taps, first + 2u * params.out_channels, count, acc[2]);
    store_quad(m + 3u < taps, first + 3u * params.out_channels, count, acc[3]);
}

// conv_backward_input for four neighbouring input channels of one group at once, where the channels per
// group are a multiple of four: each dy value is read once for the four.
@compute @workgroup_size(64)
fn conv_backward_input_quads(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let quads = params.in_channels / 4u;
    let index = element_index(id, groups);
    if (index >= params.batch * params.height * params.width * quads) {
        return;
    }
    let first = index * 4u;
    let at = input_coordinates(first);
    let group = at.w / params.in_per_group;
    let ci_in_group = at.w % params.in_per_group;
    var sum = vec4f(0.0);
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let reader = reading_pixel(at, ky, kx);
            if (reader < 0) {
                continue;
            }
            let pixel = u32(reader);
            let co0 = group * params.out_per_group;
            // The four weights of one output channel lie out_channels apart.
            var w = ((ky * params.kernel_w + kx) * params.in_per_group + ci_in_group) * params.out_channels + co0;
            let step = params.out_channels;
            for (var c = 0u; c < params.out_per_group; c++) {
                let weights = vec4f(forward[w], forward[w + step], forward[w + 2u * step], forward[w + 3u * step]);
                sum = fma(vec4f(dy[pixel * params.out_channels + co0 + c]), weights, sum);
                w++;
            }
        }
    }
    gradient[first] = sum.x;
    gradient[first + 1u] = sum.y;
    gradient[first + 2u] = sum.z;
    gradient[first + 3u] = sum.w;
}

/// Invocations that share one weight of conv_backward_filter.
const FILTER_LANES: u32 = 64u;

/// A lane's run of output pixels, walked by stepping (ox, oy, n) rather than dividing at every pixel.
struct PixelRun {
    pixel: u32,
    end: u32,
    ox: u32,
    oy: u32,
    n: u32,
}

/// Lane `lane`'s share of every output pixel of the batch.
fn pixel_run(lane: u32) -> PixelRun {
    let pixels = params.batch * params.out_height * params.out_width;
    let length = (pixels + FILTER_LANES - 1u) / FILTER_LANES;
    let pixel = min(lane * length, pixels);
    let ox = pixel % params.out_width;
    let oy = (pixel / params.out_width) % params.out_height;
    return PixelRun(pixel, min(pixel + length, pixels), ox, oy, pixel / (params.out_width * params.out_height));
}

fn next_pixel(run: ptr<function, PixelRun>) {
    (*run).pixel++;
    (*run).ox++;
    if ((*run).ox == params.out_width) {
        (*run).ox = 0u;
        (*run).oy++;
        if ((*run).oy == params.out_height) {
            (*run).oy = 0u;
            (*run).n++;
        }
    }
}

/// The lanes' partial sums: one weight's in x (conv_backward_filter), or four weights' (…_quads).
var<workgroup> partial_sums: array<vec4f, FILTER_LANES>;

/// Adds up every lane's `sum` in a tree; lane 0 gets the total. Called in uniform control flow.
fn add_up_lanes(lane: u32, sum: vec4f) -> vec4f {
    partial_sums[lane] = sum;
    workgroupBarrier();
    for (var half = FILTER_LANES / 2u; half > 0u; half /= 2u) {
        if (lane < half) {
            partial_sums[lane] += partial_sums[lane + half];
        }
        workgroupBarrier();
    }
    return partial_sums[0];
}

@compute @workgroup_size(FILTER_LANES)
fn conv_backward_filter(
    @builtin(workgroup_id) workgroup: vec3u,
    @builtin(num_workgroups) groups: vec3u,
    @builtin(local_invocation_index) lane: u32,
) {
    let index = workgroup.x + workgroup.y * groups.x;
    // Uniform across the workgroup, so the barriers in add_up_lanes stay in uniform control flow.
    let is_weight = index < params.kernel_h * params.kernel_w * params.in_per_group * params.out_channels;
    let co = index % params.out_channels;
    let ci_in_group = (index / params.out_channels) % params.in_per_group;
    let kx = (index / (params.out_channels * params.in_per_group)) % params.kernel_w;
    let ky = index / (params.out_channels * params.in_per_group * params.kernel_w);
    let channel = (co / params.out_per_group) * params.in_per_group + ci_in_group;
    var sum = 0.0;
    if (is_weight) {
        for (var run = pixel_run(lane); run.pixel < run.end; next_pixel(&run)) {
            let base = tap_at(origin_of(run.n, run.oy, run.ox), ky, kx);
            if (base >= 0) {
                sum = fma(dy[run.pixel * params.out_channels + co], forward[u32(base) + channel], sum);
            }
        }
    }
    let total = add_up_lanes(lane, vec4f(sum, 0.0, 0.0, 0.0));
    if (lane == 0u && is_weight) {
        gradient[index] = total.x;
    }
}

// conv_backward_filter for four neighbouring output channels of one group at once, where the channels
// per group are a multiple of four: each pixel's input value is read once for the four, and their dy as
// one vec4.
@compute @workgroup_size(FILTER_LANES)
fn conv_backward_filter_quads(
    @builtin(workgroup_id) workgroup: vec3u,
    @builtin(num_workgroups) groups: vec3u,
    @builtin(local_invocation_index) lane: u32,
) {
    let index = workgroup.x + workgroup.y * groups.x;
    let quads = params.out_channels / 4u;
    // Uniform across the workgroup, so the barriers in add_up_lanes stay in uniform control flow.
    let is_weight = index < params.kernel_h * params.kernel_w * params.in_per_group * quads;
    let quad = index % quads;
    let ci_in_group = (index / quads) % params.in_per_group;
    let kx = (index / (quads * params.in_per_group)) % params.kernel_w;
    let ky = index / (quads * params.in_per_group * params.kernel_w);
    let channel = (quad * 4u / params.out_per_group) * params.in_per_group + ci_in_group;
    var sum = vec4f(0.0);
    if (is_weight) {
        for (var run = pixel_run(lane); run.pixel < run.end; next_pixel(&run)) {
            let base = tap_at(origin_of(run.n, run.oy, run.ox), ky, kx);
            if (base >= 0) {
                sum = fma(dy_quads[run.pixel * quads + quad], vec4f(forward[u32(base) + channel]), sum);
            }
        }
    }
    let total = add_up_lanes(lane, sum);
    if (lane == 0u && is_weight) {
        let first = ((ky * params.kernel_w + kx) * params.in_per_group + ci_in_group) * params.out_channels + quad * 4u;
        gradient[first] = total.x;
        gradient[first + 1u] = total.y;
        gradient[first + 2u] = total.z;
        gradient[first + 3u] = total.w;
    }
}

/// For a pool: the input index of output element (pixel, channel)'s maximum, and its count of taps.
fn window_summary(pixel: u32, channel: u32) -> vec2u {
    let origin = window_origin(pixel);
    var best = 0u;
    var best_value = 0.0;
    var taps = 0u;
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let base = tap_at(origin, ky, kx);
            if (base >= 0) {
                let at = u32(base) + channel;
                if (taps == 0u || forward[at] > best_value) {
                    best = at;
                    best_value = forward[at];
                }
                taps++;
            }
        }
    }
    return vec2u(best, taps);
}

/// The pool gradient flowing into input element `index`: from max pooling when `is_max`, else average.
fn pool_gradient(index: u32, is_max: bool) -> f32 {
    let at = input_coordinates(index);
    var sum = 0.0;
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let reader = reading_pixel(at, ky, kx);
            if (reader < 0) {
                continue;
            }
            let pixel = u32(reader);
            let summary = window_summary(pixel, at.w);
            let flowing = dy[pixel * params.out_channels + at.w];
            if (is_max) {
                if (summary.x == index) {
                    sum += flowing;
                }
            } else {
                sum += flowing / f32(summary.y);
            }
        }
    }
    return sum;
}

@compute @workgroup_size(64)
fn max_pool_backward(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index < params.batch * params.height * params.width * params.in_channels) {
        gradient[index] = pool_gradient(index, true) * slope_from_output(forward[index]);
    }
}

@compute @workgroup_size(64)
fn average_pool_backward(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index < params.batch * params.height * params.width * params.in_channels) {
        gradient[index] = pool_gradient(index, false) * slope_from_output(forward[index]);
    }
}
