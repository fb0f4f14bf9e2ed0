// Geometry shared by the window shaders (window.wgsl, window_backward.wgsl), which are compiled with
// this file in front of them: the parameters of a window op, and where a kernel tap reads.
//
// For pooling, in_channels = out_channels = the channel count and in_per_group = out_per_group = 1.

/// Where an output pixel's window lies: its image, and the input row and column under tap (0, 0), which
/// are negative when the window starts in the padding.
struct Origin {
    n: u32,
    y: i32,
    x: i32,
}

/// The window of output pixel `pixel` (counted over batch, rows and columns): three divisions, which
/// kernels do once per pixel rather than once per tap.
fn window_origin(pixel: u32) -> Origin {
    let ox = pixel % params.out_width;
    let oy = (pixel / params.out_width) % params.out_height;
    let n = pixel / (params.out_width * params.out_height);
    return origin_of(n, oy, ox);
}

fn origin_of(n: u32, oy: u32, ox: u32) -> Origin {
    let y = i32(oy * params.stride_h) - i32(params.pad_top);
    let x = i32(ox * params.stride_w) - i32(params.pad_left);
    return Origin(n, y, x);
}

/// Where tap (ky, kx) of a window reads: the index of its channel 0 in `input`, or -1 when the tap lies in
/// the padding.
fn tap_at(origin: Origin, ky: u32, kx: u32) -> i32 {
    let y = origin.y + i32(ky);
    let x = origin.x + i32(kx);
    if (y < 0 || x < 0 || y >= i32(params.height) || x >= i32(params.width)) {
        return -1;
    }
    return i32(((origin.n * params.height + u32(y)) * params.width + u32(x)) * params.in_channels);
}
