// Layout ops on NHWC tensors: one invocation per element of `output`, 64 per workgroup, two-dimensional
// dispatch; invocations past the end return at once.
//
// - concat_part: writes one part (input, part_channels wide) into its channel slot of output
//   (total_channels wide, starting at part_offset). A concat is one dispatch per part.
// - split_part:  the inverse: output = input's channels part_offset .. part_offset + part_channels.
// - upsample_nearest2x:          output [n, 2y + a, 2x + b, c] = input [n, y, x, c].
// - upsample_nearest2x_backward: output [n, y, x, c] = Σ of input over the 2 × 2 block.
// - resize_bilinear: as Resize::source in crate/src/engine/ops.rs, `mode` one of the RESIZE_ constants
//   (generated from the Rust enum by crate/src/engine/webgpu/codes.rs).
// `height`, `width` are the input's and `out_height`, `out_width` the output's for the spatial ops.

// Binding 0 is `params`, declared in front of this file from `LayoutParams` (engine/webgpu/layout.rs);
// the storage buffers follow from binding 1.
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(64)
fn concat_part(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.pixels * params.part_channels) {
        let pixel = i / params.part_channels;
        let c = i % params.part_channels;
        output[pixel * params.total_channels + params.part_offset + c] = input[i];
    }
}

@compute @workgroup_size(64)
fn split_part(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.pixels * params.part_channels) {
        let pixel = i / params.part_channels;
        let c = i % params.part_channels;
        output[i] = input[pixel * params.total_channels + params.part_offset + c];
    }
}

/// (n, y, x, c) of output element i.
fn output_coordinates(i: u32) -> vec4u {
    let c = i % params.channels;
    let x = (i / params.channels) % params.out_width;
    let y = (i / (params.channels * params.out_width)) % params.out_height;
    let n = i / (params.channels * params.out_width * params.out_height);
    return vec4u(n, y, x, c);
}

fn input_at(n: u32, y: u32, x: u32, c: u32) -> f32 {
    return input[((n * params.height + y) * params.width + x) * params.channels + c];
}

@compute @workgroup_size(64)
fn upsample_nearest2x(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        let t = output_coordinates(i);
        output[i] = input_at(t.x, t.y / 2u, t.z / 2u, t.w);
    }
}

@compute @workgroup_size(64)
fn upsample_nearest2x_backward(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i < params.len) {
        let t = output_coordinates(i);
        let y = 2u * t.y;
        let x = 2u * t.z;
        output[i] = input_at(t.x, y, x, t.w) + input_at(t.x, y, x + 1u, t.w) + input_at(t.x, y + 1u, x, t.w)
            + input_at(t.x, y + 1u, x + 1u, t.w);
    }
}

/// Lower cell, upper cell and the upper cell's weight along one axis.
fn sample(destination: u32, inputs: u32, outputs: u32) -> vec3f {
    var position = 0.0;
    if (params.mode == RESIZE_HALF_PIXEL) {
        position = (f32(destination) + 0.5) * f32(inputs) / f32(outputs) - 0.5;
    } else if (params.mode == RESIZE_ASYMMETRIC) {
        position = f32(destination) * f32(inputs) / f32(outputs);
    } else if (outputs > 1u) {
        position = f32(destination) * f32(inputs - 1u) / f32(outputs - 1u);
    }
    position = clamp(position, 0.0, f32(inputs - 1u));
    let lower = floor(position);
    return vec3f(lower, min(lower + 1.0, f32(inputs - 1u)), position - lower);
}

@compute @workgroup_size(64)
fn resize_bilinear(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
    let i = element_index(id, groups);
    if (i >= params.len) {
        return;
    }
    let t = output_coordinates(i);
    let sy = sample(t.y, params.height, params.out_height);
    let sx = sample(t.z, params.width, params.out_width);
    let y0 = u32(sy.x);
    let y1 = u32(sy.y);
    let x0 = u32(sx.x);
    let x1 = u32(sx.y);
    let top = input_at(t.x, y0, x0, t.w) * (1.0 - sx.z) + input_at(t.x, y0, x1, t.w) * sx.z;
    let bottom = input_at(t.x, y1, x0, t.w) * (1.0 - sx.z) + input_at(t.x, y1, x1, t.w) * sx.z;
    output[i] = top * (1.0 - sy.z) + bottom * sy.z;
}
