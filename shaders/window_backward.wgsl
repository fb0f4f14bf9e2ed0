// Backward passes of the window ops (geometry in window_geometry.wgsl, compiled in front of this file).
// Every entry point gathers: each gradient element is summed by one invocation (or, for the filter, one
// workgroup), from what flows into it, so no two invocations write the same place and no atomics are
// needed. 64 invocations per workgroup, two-dimensional dispatch (see element_index); invocations past the
// end return at once.
//
// - conv_backward_input:  dx[n, y, x, ci] = Σ over the taps (ky, kx) and output pixels (oy, ox) that read
//   (y, x), and over the group's output channels co: dy[n, oy, ox, co] · w[ky, kx, ci mod group, co].
// - conv_backward_filter: dw[ky, kx, ci, co] = Σ over output pixels: dy[pixel, co] · input under that tap.
//   One workgroup per weight, as a weight sums over every output pixel (50 176 for the MNIST CNN's first
//   layer at batch 64): each invocation sums a 64th of the pixels, then the workgroup adds the 64 partial
//   sums in a tree. (One invocation per weight left a GPU almost idle: 72 invocations for that layer.)
// - max_pool_backward: dx gets dy of every window whose maximum it is (the first maximum in scan order,
//   as the forward pass and the scalar backend pick it).
// - average_pool_backward: dx gets dy / (in-image taps) of every window it is in.

// Binding 0 is `params`, declared in front of this file from `WindowParams` (engine/webgpu/window.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> dy: array<f32>;
// The weights for conv_backward_input; the forward input for the other entry points.
@group(0) @binding(2) var<storage, read> forward: array<f32>;
@group(0) @binding(3) var<storage, read_write> gradient: array<f32>;

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

/// Invocations that share one weight of conv_backward_filter.
const FILTER_LANES: u32 = 64u;

var<workgroup> partial_sums: array<f32, FILTER_LANES>;

@compute @workgroup_size(FILTER_LANES)
fn conv_backward_filter(
    @builtin(workgroup_id) workgroup: vec3u,
    @builtin(num_workgroups) groups: vec3u,
    @builtin(local_invocation_index) lane: u32,
) {
    let index = workgroup.x + workgroup.y * groups.x;
    // Uniform across the workgroup, so the barriers below stay in uniform control flow.
    let is_weight = index < params.kernel_h * params.kernel_w * params.in_per_group * params.out_channels;
    let co = index % params.out_channels;
    let ci_in_group = (index / params.out_channels) % params.in_per_group;
    let kx = (index / (params.out_channels * params.in_per_group)) % params.kernel_w;
    let ky = index / (params.out_channels * params.in_per_group * params.kernel_w);
    let channel = (co / params.out_per_group) * params.in_per_group + ci_in_group;
    // This invocation's run of output pixels, walked by stepping (ox, oy, n) rather than dividing.
    let pixels = params.batch * params.out_height * params.out_width;
    let run = (pixels + FILTER_LANES - 1u) / FILTER_LANES;
    var pixel = min(lane * run, pixels);
    let end = min(pixel + run, pixels);
    var ox = pixel % params.out_width;
    var oy = (pixel / params.out_width) % params.out_height;
    var n = pixel / (params.out_width * params.out_height);
    var sum = 0.0;
    if (is_weight) {
        for (; pixel < end; pixel++) {
            let base = tap_at(origin_of(n, oy, ox), ky, kx);
            if (base >= 0) {
                sum = fma(dy[pixel * params.out_channels + co], forward[u32(base) + channel], sum);
            }
            ox++;
            if (ox == params.out_width) {
                ox = 0u;
                oy++;
                if (oy == params.out_height) {
                    oy = 0u;
                    n++;
                }
            }
        }
    }
    partial_sums[lane] = sum;
    workgroupBarrier();
    for (var half = FILTER_LANES / 2u; half > 0u; half /= 2u) {
        if (lane < half) {
            partial_sums[lane] += partial_sums[lane + half];
        }
        workgroupBarrier();
    }
    if (lane == 0u && is_weight) {
        gradient[index] = partial_sums[0];
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
        gradient[index] = pool_gradient(index, true);
    }
}

@compute @workgroup_size(64)
fn average_pool_backward(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let index = element_index(id, groups);
    if (index < params.batch * params.height * params.width * params.in_channels) {
        gradient[index] = pool_gradient(index, false);
    }
}
