//! Layout ops on NHWC tensors (layout.wgsl): channel concat and split, nearest upsampling, bilinear resize.

use super::commands::per_element;
use super::shader::{shader_files, shader_params, Shader};
use super::{codes, GpuBuffer, WebGpu};
use crate::engine::ops::{Image, Resize};

shader_params! {
    /// Parameters an op does not use stay 0. `len` counts the target's elements.
    struct LayoutParams {
        len: u32,
        pixels: u32,
        part_offset: u32,
        part_channels: u32,
        total_channels: u32,
        height: u32,
        width: u32,
        channels: u32,
        out_height: u32,
        out_width: u32,
        mode: u32,
    }
}

const LAYOUT: Shader<LayoutParams> = Shader::new("layout", shader_files!("dispatch.wgsl", "layout.wgsl"));

impl LayoutParams {
    /// For concat and split: one set per part of `widths` channels, each at its offset in the whole.
    fn parts(widths: &[usize], pixels: usize) -> impl Iterator<Item = Self> + '_ {
        let total_channels = widths.iter().sum::<usize>() as u32;
        widths.iter().scan(0, move |offset, &part_channels| {
            let params = Self {
                len: (pixels * part_channels) as u32,
                pixels: pixels as u32,
                part_offset: *offset as u32,
                part_channels: part_channels as u32,
                total_channels,
                ..Self::default()
            };
            *offset += part_channels;
            Some(params)
        })
    }

    /// For the spatial ops: source `from`, target `to`.
    fn spatial(from: &Image, to: &Image) -> Self {
        Self {
            len: to.len() as u32,
            height: from.height as u32,
            width: from.width as u32,
            channels: from.channels as u32,
            out_height: to.height as u32,
            out_width: to.width as u32,
            ..Self::default()
        }
    }
}

/// Records `entry` writing `target` from `source`.
fn record(gpu: &WebGpu, entry: &'static str, source: &GpuBuffer, target: &GpuBuffer, params: LayoutParams) {
    let buffers = [(1, &source.buffer), (2, &target.buffer)];
    gpu.dispatch((&LAYOUT, entry), &buffers, params, per_element(params.len as usize));
}

pub(super) fn concat_channels(gpu: &WebGpu, parts: &[(&GpuBuffer, usize)], out: &mut GpuBuffer, pixels: usize) {
    let widths: Vec<usize> = parts.iter().map(|(_, c)| *c).collect();
    for ((part, _), params) in parts.iter().zip(LayoutParams::parts(&widths, pixels)) {
        record(gpu, "concat_part", part, out, params);
    }
}

pub(super) fn split_channels(gpu: &WebGpu, x: &GpuBuffer, parts: &mut [(&mut GpuBuffer, usize)], pixels: usize) {
    let widths: Vec<usize> = parts.iter().map(|(_, c)| *c).collect();
    for ((part, _), params) in parts.iter().zip(LayoutParams::parts(&widths, pixels)) {
        record(gpu, "split_part", x, part, params);
    }
}

pub(super) fn upsample_nearest2x(gpu: &WebGpu, x: &GpuBuffer, out: &mut GpuBuffer, shape: &Image) {
    record(gpu, "upsample_nearest2x", x, out, LayoutParams::spatial(shape, &shape.doubled()));
}

pub(super) fn upsample_nearest2x_backward(gpu: &WebGpu, dy: &GpuBuffer, dx: &mut GpuBuffer, shape: &Image) {
    record(gpu, "upsample_nearest2x_backward", dy, dx, LayoutParams::spatial(&shape.doubled(), shape));
}

pub(super) fn resize_bilinear(gpu: &WebGpu, x: &GpuBuffer, out: &mut GpuBuffer, op: &Resize) {
    let params = LayoutParams { mode: codes::resize_code(op.mode), ..LayoutParams::spatial(&op.input, &op.output()) };
    record(gpu, "resize_bilinear", x, out, params);
}
