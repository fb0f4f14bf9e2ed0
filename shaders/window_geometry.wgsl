// Geometry shared by the window shaders (window.wgsl, window_backward.wgsl), which are compiled with
// this file in front of them: the parameters of a window op, and where a kernel tap reads.
//
// For pooling, in_channels = out_channels = the channel count and in_per_group = out_per_group = 1.

struct Params {
    batch: u32,
    height: u32,
    width: u32,
    in_channels: u32,
    out_channels: u32,
    kernel_h: u32,
    kernel_w: u32,
    stride_h: u32,
    stride_w: u32,
    pad_top: u32,
    pad_left: u32,
    out_height: u32,
    out_width: u32,
    in_per_group: u32,
    out_per_group: u32,
    _padding: u32,
}

@group(0) @binding(3) var<uniform> params: Params;

/// Where tap (ky, kx) of output pixel `pixel` reads: the index of its channel 0 in `input`, or -1 when the
/// tap lies in the padding.
fn tap_base(pixel: u32, ky: u32, kx: u32) -> i32 {
    let ox = pixel % params.out_width;
    let oy = (pixel / params.out_width) % params.out_height;
    let n = pixel / (params.out_width * params.out_height);
    let y = i32(oy * params.stride_h + ky) - i32(params.pad_top);
    let x = i32(ox * params.stride_w + kx) - i32(params.pad_left);
    if (y < 0 || x < 0 || y >= i32(params.height) || x >= i32(params.width)) {
        return -1;
    }
    return i32(((n * params.height + u32(y)) * params.width + u32(x)) * params.in_channels);
}
