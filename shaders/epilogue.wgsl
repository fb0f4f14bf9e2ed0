// What a convolution's and a product's kernels do to each sum as they store it: add its output channel's
// bias where `params.biased` is 1, then apply the activation `ACTIVATION` (activation.wgsl). So a layer's
// forward pass (`Backend::conv2d_bias_activation`) is one dispatch, where a pass of its own after the
// convolution would read and write the whole output again. A plain convolution or product stores its sums
// as they are (no bias, linear); so does a GEMM whose depth is split, whose partial sums are added up before
// the bias and activation are applied to them (matmul.rs, `dispatch_split_finished`).

// Binding 4 is the bias. Without one the host binds another of the dispatch's read-only buffers there,
// which is then never read.
@group(0) @binding(4) var<storage, read> bias: array<f32>;

/// The stored value of output channel `channel`'s sum.
fn finish(sum: f32, channel: u32) -> f32 {
    var value = sum;
    if (params.biased != 0u) {
        value += bias[channel];
    }
    return activate(value);
}

/// `finish` of four neighbouring channels, channel0 … channel0 + 3.
fn finish_quad(sums: vec4f, channel0: u32) -> vec4f {
    return vec4f(
        finish(sums.x, channel0),
        finish(sums.y, channel0 + 1u),
        finish(sums.z, channel0 + 2u),
        finish(sums.w, channel0 + 3u),
    );
}
