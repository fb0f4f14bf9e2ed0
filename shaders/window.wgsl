// Window ops: a kernel window sliding over an NHWC image (geometry in window_geometry.wgsl, compiled in
// front of this file). Convolution with HWIO weights in `groups` independent channel groups (`gemm`,
// `depthwise`), max / average pooling (`max_pool`, `average_pool`) and max unpooling's backward
// (`max_pool_gather`).
//
// `gemm` is an implicit GEMM: for group g, C[pixel, co] = Σ_k A[pixel, k] · B[k, co] with
//   A[pixel, k] = the input under tap k = (ky, kx, ci) of output pixel (n, oy, ox), or 0 in the padding,
//   B[k, co]    = weights[k * out_channels + g * out_per_group + co].
// A is never written out: each staged element is computed from its coordinates as it is loaded. The tiling
// is tiled_gemm.wgsl's, compiled in front (64 × 64 tiles of C, 32-deep slices staged in workgroup memory,
// 4 × 4 per invocation, 256 invocations); workgroup z is the group, plus groups × the split of the depth
// where window.rs splits it (`depth_run`), each split writing its own slice of `output`.
//
// `direct` handles convolutions whose GEMM would be narrow: groups with one input channel each
// (depthwise, with any multiplier), or few output channels per group (a first layer's 8 or 16), where a
// 64-wide tile of C would be mostly padding (the MNIST CNN's first layer ran 6× slower as a GEMM on
// lavapipe). One invocation sums the windows of four neighbouring output channels of one pixel directly:
// it finds the window's taps once for the four, and reads each input value once for the four where they
// share a group. 64 invocations per workgroup; the dispatch is two-dimensional so large outputs stay
// under the 65 535 workgroups-per-dimension limit.
//
// The pools, like `direct`, run one invocation per output element over the window's in-image taps
// (padding is neither a maximum candidate nor counted in the average); for them in_channels =
// out_channels = the channel count and in_per_group = out_per_group = 1.
//
// The convolutions store each sum through epilogue.wgsl's `finish`: with the layer's bias and activation
// where window.rs passes them, else as it is.
//
// Bounds: every shape is allowed. Out-of-range loads stage zeros, out-of-range stores are skipped, and
// taps in the padding read nothing.

// Binding 0 is `params`, declared in front of this file from `WindowParams` (engine/webgpu/window.rs);
// the storage buffers follow from binding 1 (the bias, binding 4, is epilogue.wgsl's).
@group(0) @binding(1) var<storage, read> input: array<f32>;
// The input again, four channels at a time, for `depthwise_quads` (an entry point may read a binding
// through one name only).
@group(0) @binding(1) var<storage, read> input_quads: array<vec4f>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
// The weights again, four output channels at a time, for `direct_quads` (an entry point may read a
// binding through one name only).
@group(0) @binding(2) var<storage, read> weight_quads: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> output: array<f32>;
// The output again, four channels at a time, for `depthwise_quads`.
@group(0) @binding(3) var<storage, read_write> output_quads: array<vec4f>;

/// The input value under a tap, 0 in the padding (which is what zero padding means for a convolution).
fn tap(origin: Origin, ky: u32, kx: u32, channel: u32) -> f32 {
    let base = tap_at(origin, ky, kx);
    if (base < 0) {
        return 0.0;
    }
    return input[u32(base) + channel];
}

/// Stores `values` as output channels out0 + col0 … of output pixel `pixel` in split `split`'s slice, those
/// inside the group and the image (see `columns_inside`), each `finish`ed (epilogue.wgsl).
fn store_quad(split: u32, pixel: u32, out0: u32, col0: u32, values: vec4f) {
    let pixels = params.batch * params.out_height * params.out_width;
    if (pixel >= pixels) {
        return;
    }
    let at = (split * pixels + pixel) * params.out_channels + out0 + col0;
    for (var j = 0u; j < columns_inside(col0, params.out_per_group); j++) {
        output[at + j] = finish(values[j], out0 + col0 + j);
    }
}

@compute @workgroup_size(16, 16)
fn gemm(
    @builtin(workgroup_id) group_id: vec3u,
    @builtin(num_workgroups) workgroups: vec3u,
    @builtin(local_invocation_id) local: vec3u,
    @builtin(local_invocation_index) thread: u32,
) {
    let groups = params.in_channels / params.in_per_group;
    let group = group_id.z % groups;
    let split = group_id.z / groups;
    let pixels = params.batch * params.out_height * params.out_width;
    let depth = params.kernel_h * params.kernel_w * params.in_per_group;
    let run = depth_run(depth, split, workgroups.z / groups, DEPTH);
    let end = run.y;
    let row0 = group_id.y * TILE;
    let col0 = group_id.x * TILE;
    let channel0 = group * params.in_per_group;
    let out0 = group * params.out_per_group;
    var acc: array<vec4f, 4>;
    // An invocation stages the same depth column of the same rows of A at every depth step (`a_slot`
    // does not depend on the step): their windows are found once, here, not at every step.
    var origins: array<array<Origin, 4>, SLOTS_PER_THREAD>;
    for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
        for (var j = 0u; j < 4u; j++) {
            origins[i][j] = window_origin(row0 + a_slot(thread, i).y * 4u + j);
        }
    }
    for (var k0 = run.x; k0 < end; k0 += DEPTH) {
        // Every slot of an invocation is at the same depth, so its tap is found once per step.
        let k = k0 + a_slot(thread, 0u).x;
        let ci = k % params.in_per_group;
        let kx = (k / params.in_per_group) % params.kernel_w;
        let ky = k / (params.in_per_group * params.kernel_w);
        for (var i = 0u; i < SLOTS_PER_THREAD; i++) {
            let a_at = a_slot(thread, i);
            var a_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                if (row0 + a_at.y * 4u + j < pixels && k < end) {
                    a_values[j] = tap(origins[i][j], ky, kx, channel0 + ci);
                }
            }
            a_tile[a_at.x][a_at.y] = a_values;
            let b_at = b_slot(thread, i);
            let b_k = k0 + b_at.x;
            var b_values = vec4f(0.0);
            for (var j = 0u; j < 4u; j++) {
                let col = col0 + b_at.y * 4u + j;
                if (b_k < end && col < params.out_per_group) {
                    b_values[j] = weights[b_k * params.out_channels + out0 + col];
                }
            }
            b_tile[b_at.x][b_at.y] = b_values;
        }
        multiply_staged(&acc, local);
    }
    let row = row0 + local.y * 4u;
    let col = col0 + local.x * 4u;
    store_quad(split, row, out0, col, acc[0]);
    store_quad(split, row + 1u, out0, col, acc[1]);
    store_quad(split, row + 2u, out0, col, acc[2]);
    store_quad(split, row + 3u, out0, col, acc[3]);
}

// `gemm` without workgroup memory, for adapters where staging does not pay (matmul.rs's `autotune`:
// software ones; an NVIDIA H200 through Vulkan staged faster at 1024³ but not at 4096³): each
// invocation sums a 4-pixel × 4-channel block of C straight from storage, finding its four windows
// once. A workgroup is 8 × 8 invocations, a 32 × 32 tile of C. Workgroup z is the group plus groups × the
// split, where window.rs splits the input channels (every tap; `depth_run` in steps of one channel) between
// workgroups that each write their own slice of `output`.
@compute @workgroup_size(8, 8)
fn gemm_unstaged(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) workgroups: vec3u) {
    let groups = params.in_channels / params.in_per_group;
    let group = id.z % groups;
    let split = id.z / groups;
    let pixels = params.batch * params.out_height * params.out_width;
    let row0 = id.y * 4u;
    let col0 = id.x * 4u;
    if (row0 >= pixels || col0 >= params.out_per_group) {
        return;
    }
    let channels = depth_run(params.in_per_group, split, workgroups.z / groups, 1u);
    let channel0 = group * params.in_per_group;
    let out0 = group * params.out_per_group;
    // Pixels and channels past the edge repeat the last one: read, computed, never stored.
    let cols = min(vec4u(col0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.out_per_group - 1u)) + out0;
    let last = pixels - 1u;
    let origins = array<Origin, 4>(
        window_origin(row0),
        window_origin(min(row0 + 1u, last)),
        window_origin(min(row0 + 2u, last)),
        window_origin(min(row0 + 3u, last)),
    );
    var acc: array<vec4f, 4>;
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            // A tap in the padding reads input 0 (any index will do) and multiplies it by nothing.
            let bases = vec4i(
                tap_at(origins[0], ky, kx),
                tap_at(origins[1], ky, kx),
                tap_at(origins[2], ky, kx),
                tap_at(origins[3], ky, kx),
            );
            let inside = vec4f(bases >= vec4i(0));
            let x = vec4u(max(bases, vec4i(0))) + channel0;
            var w = (ky * params.kernel_w + kx) * params.in_per_group * params.out_channels;
            for (var ci = channels.x; ci < channels.y; ci++) {
                let wk = w + ci * params.out_channels;
                let b = vec4f(weights[wk + cols.x], weights[wk + cols.y], weights[wk + cols.z], weights[wk + cols.w]);
                let a = inside * vec4f(input[x.x + ci], input[x.y + ci], input[x.z + ci], input[x.w + ci]);
                acc[0] = fma(vec4f(a.x), b, acc[0]);
                acc[1] = fma(vec4f(a.y), b, acc[1]);
                acc[2] = fma(vec4f(a.z), b, acc[2]);
                acc[3] = fma(vec4f(a.w), b, acc[3]);
            }
        }
    }
    store_quad(split, row0, out0, col0, acc[0]);
    store_quad(split, row0 + 1u, out0, col0, acc[1]);
    store_quad(split, row0 + 2u, out0, col0, acc[2]);
    store_quad(split, row0 + 3u, out0, col0, acc[3]);
}

/// Output channels one invocation of `direct` computes.
const DIRECT_OUTPUTS: u32 = 4u;

@compute @workgroup_size(64)
fn direct(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    let runs = (params.out_channels + DIRECT_OUTPUTS - 1u) / DIRECT_OUTPUTS;
    if (index >= params.batch * params.out_height * params.out_width * runs) {
        return;
    }
    let pixel = index / runs;
    let co0 = (index % runs) * DIRECT_OUTPUTS;
    // The four output channels, the last repeated past the end (computed, not stored), and the input
    // channel each reads first: its group's first. Depthwise, every output has a group of its own, and
    // the four read four neighbouring channels. Whole vectors, no indexing by lane: a CPU adapter keeps
    // them in registers.
    let co = min(vec4u(co0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.out_channels - 1u));
    let channel0 = (co / params.out_per_group) * params.in_per_group;
    let origin = window_origin(pixel);
    var sum = vec4f(0.0);
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let base = tap_at(origin, ky, kx);
            if (base < 0) {
                continue;
            }
            let x = vec4u(u32(base)) + channel0;
            var w = vec4u((ky * params.kernel_w + kx) * params.in_per_group * params.out_channels) + co;
            for (var ci = 0u; ci < params.in_per_group; ci++) {
                let inputs = vec4f(input[x.x + ci], input[x.y + ci], input[x.z + ci], input[x.w + ci]);
                sum = fma(inputs, vec4f(weights[w.x], weights[w.y], weights[w.z], weights[w.w]), sum);
                w += vec4u(params.out_channels);
            }
        }
    }
    let out = pixel * params.out_channels + co0;
    for (var j = 0u; j < min(DIRECT_OUTPUTS, params.out_channels - co0); j++) {
        output[out + j] = finish(sum[j], co0 + j);
    }
}

// `direct` where the output channels per group are a multiple of four: the four outputs share a group,
// so each input value is read once for them and their weights as one vec4.
@compute @workgroup_size(64)
fn direct_quads(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    let quads = params.out_channels / 4u;
    if (index >= params.batch * params.out_height * params.out_width * quads) {
        return;
    }
    let pixel = index / quads;
    let quad = index % quads;
    let channel0 = (quad * 4u / params.out_per_group) * params.in_per_group;
    let origin = window_origin(pixel);
    var sum = vec4f(0.0);
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let base = tap_at(origin, ky, kx);
            if (base < 0) {
                continue;
            }
            let x = u32(base) + channel0;
            var w = (ky * params.kernel_w + kx) * params.in_per_group * quads + quad;
            for (var ci = 0u; ci < params.in_per_group; ci++) {
                sum = fma(vec4f(input[x + ci]), weight_quads[w], sum);
                w += quads;
            }
        }
    }
    let out = pixel * params.out_channels + quad * 4u;
    let values = finish_quad(sum, quad * 4u);
    output[out] = values.x;
    output[out + 1u] = values.y;
    output[out + 2u] = values.z;
    output[out + 3u] = values.w;
}

// A depthwise convolution (one input and one output channel a group) of a multiple of four channels:
// one invocation computes four neighbouring channels of one pixel from vec4 loads of the input and the
// weights, which lie side by side in NHWC and HWIO.
@compute @workgroup_size(64)
fn depthwise_quads(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    let quads = params.out_channels / 4u;
    if (index >= params.batch * params.out_height * params.out_width * quads) {
        return;
    }
    let quad = index % quads;
    let origin = window_origin(index / quads);
    var sum = vec4f(0.0);
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let base = tap_at(origin, ky, kx);
            if (base >= 0) {
                sum = fma(input_quads[u32(base) / 4u + quad], weight_quads[(ky * params.kernel_w + kx) * quads + quad], sum);
            }
        }
    }
    output_quads[index] = finish_quad(sum, quad * 4u);
}

/// Where in `input` the first maximum of output `index`'s window lies, over its in-image taps.
fn max_tap(index: u32) -> u32 {
    let channel = index % params.out_channels;
    let origin = window_origin(index / params.out_channels);
    var best = 0.0;
    var at = 0u;
    var taps = 0u;
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let base = tap_at(origin, ky, kx);
            if (base >= 0) {
                let value = input[u32(base) + channel];
                // The first tap starts the maximum (a literal like -FLT_MAX is not portable WGSL).
                if (taps == 0u || value > best) {
                    best = value;
                    at = u32(base) + channel;
                }
                taps++;
            }
        }
    }
    return at;
}

/// The mean over output `index`'s window's in-image taps.
fn window_mean(index: u32) -> f32 {
    let channel = index % params.out_channels;
    let origin = window_origin(index / params.out_channels);
    var sum = 0.0;
    var taps = 0u;
    for (var ky = 0u; ky < params.kernel_h; ky++) {
        for (var kx = 0u; kx < params.kernel_w; kx++) {
            let base = tap_at(origin, ky, kx);
            if (base >= 0) {
                sum += input[u32(base) + channel];
                taps++;
            }
        }
    }
    return sum / f32(taps);
}

@compute @workgroup_size(64)
fn max_pool(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index < params.batch * params.out_height * params.out_width * params.out_channels) {
        output[index] = input[max_tap(index)];
    }
}

// The backward of max unpooling: each output takes `weights` (here the unpooled gradient) at the maximum
// of its window of `input` (the first, on ties, as the pools).
@compute @workgroup_size(64)
fn max_pool_gather(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index < params.batch * params.out_height * params.out_width * params.out_channels) {
        output[index] = weights[max_tap(index)];
    }
}

@compute @workgroup_size(64)
fn average_pool(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index < params.batch * params.out_height * params.out_width * params.out_channels) {
        output[index] = window_mean(index);
    }
}
