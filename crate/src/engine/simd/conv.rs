//! Convolution on the SIMD backend, forward and both backward passes, as GEMMs whose operands are read
//! straight from the image ("implicit GEMM"; XNNPACK's indirect convolution without its pointer table).
//!
//! The input is copied into a zero-bordered image that holds exactly the cells the output's windows cover,
//! so every tap is inside it (kept on the input's buffer, where the filter gradient finds it again): output
//! pixel p reads depth row d = (ky, kx, c) of the HWIO weights at `padded[pixel_base[p] + depth_offset[d]]`.
//! No im2col matrix is built and no inner loop tests bounds. The depth is walked as runs of contiguous input:
//! a whole kernel row (kw · in_channels values) when there is one group, one tap's channels otherwise.
//!
//! - Forward: register tiles of MR output pixels × NR output channels, accumulated over the depth against
//!   the weights packed NR channels wide; split over threads by pixels, or by channels where a layer has
//!   more channels than pixels.
//! - Filter gradient dW = Σ over pixels of input · dY: tiles of MR depth rows × NR output channels,
//!   accumulated over a block of output pixels, block after block; the depth rows past the last whole tile
//!   one at a time.
//! - Input gradient: tiles of MR pixels × NR depth rows (dY times the transposed weights), added into a
//!   zero-bordered gradient that is cropped at the end.
//! - Depthwise with multiplier 1 is a direct kernel, four channels per vector, up to 32 channels' sums held
//!   in registers through the taps: its GEMM would be one column wide.
//!
//! Groups run one after another, each on its slice of channels. A layer's bias and rectifier are applied to
//! each output tile in registers before it is stored (`Epilogue`).

use super::activation::Rectifier;
use super::f32x4::{F32x4, LANES};
use super::gemm::{store_tile, Accumulators, MatrixMut, Tile, MR, NR};
use super::threads;
use crate::activation::Activation;
use crate::engine::host_buffer::{Form, HostBuffer};
use crate::engine::ops::{Conv2d, Padding, Window, WindowOutput};
use crate::engine::scalar::window::taps_inside;
use std::borrow::Cow;

/// out = conv(input, weights), through `epilogue`.
pub fn conv2d(input: &HostBuffer, weights: &HostBuffer, out: &mut [f32], op: &Conv2d, epilogue: &Epilogue) {
    op.validate();
    if op.is_depthwise() && op.out_per_group() == 1 {
        return depthwise(input, weights, out, op, epilogue);
    }
    let g = Geometry::new(op);
    let padded = g.bordered(input);
    // Packed, a block of weights is one contiguous stream that every tile of pixels rereads; read in place
    // at the weights' row stride every row is a new cache line (W4 measured over 2× slower). With a single
    // tile of pixels (a late layer of a detector on a small input) packing would only add a copy. The packed
    // form stays on the weights' buffer until they change: a detector's frames pack them once.
    let in_place = g.pixels <= MR && g.cout_g.is_multiple_of(NR);
    let packed = if in_place {
        Cow::Borrowed(&[][..])
    } else {
        let form = Form::ConvColumns { groups: op.groups, out_channels: op.out_channels };
        weights.form(form, |weights, packed| pack_weight_columns(weights, op, packed))
    };
    if op.groups == 1 && g.pixels > MR && g.pixels < op.out_channels {
        return conv2d_by_columns(&padded, &packed, out, op, &g, epilogue);
    }
    let panels = g.cout_g.div_ceil(NR);
    // Blocks of output pixels spread over the threads, each through every group and column panel.
    let pixels = threads::rows_per_task(g.pixels, g.depth * op.out_channels, MR);
    threads::for_each_chunk_mut(out, pixels * op.out_channels, |task, out| {
        let (first, end) = (task * pixels, g.pixels.min(task * pixels + pixels));
        for group in 0..op.groups {
            let mut output =
                MatrixMut { data: out, offset: group * g.cout_g, row_stride: op.out_channels, accumulate: false };
            for (panel, col) in (0..g.cout_g).step_by(NR).enumerate() {
                let panel_weights = || panel_rows(&packed, group * panels + panel, g.depth);
                for row in (first..end).step_by(MR) {
                    let bases = tile_rows(row, g.pixels, |p| g.pixel_base[p] + group * g.cin_g);
                    let mut acc = if in_place {
                        let rows = weights[group * g.cout_g + col..].chunks(op.out_channels);
                        gathered_tile(&padded, bases, &g.runs, g.run_len, rows)
                    } else {
                        gathered_tile(&padded, bases, &g.runs, g.run_len, panel_weights())
                    };
                    epilogue.tile(&mut acc, group * g.cout_g + col);
                    let (rows, cols) = (MR.min(end - row), NR.min(g.cout_g - col));
                    store_tile(acc, &mut output, &Tile { row: row - first, col, rows, cols, accumulate: false });
                }
            }
        }
    });
}

/// The forward pass of a layer with more output channels than output pixels (a detector's late layers:
/// 13 × 13 pixels, 1024 channels, 37 MB of weights), split by columns instead of pixels, so each task reads
/// only its own column panels of the packed weights, and writes its columns to a block of its own, copied
/// into the output at the end.
fn conv2d_by_columns(padded: &[f32], packed: &[f32], out: &mut [f32], op: &Conv2d, g: &Geometry, epilogue: &Epilogue) {
    let channels = op.out_channels;
    let panels_per_task = threads::rows_per_task(channels.div_ceil(NR), g.pixels * g.depth * NR, 1);
    let task_columns = panels_per_task * NR;
    let mut blocks = vec![Vec::new(); channels.div_ceil(task_columns)];
    threads::for_each_chunk_mut(&mut blocks, 1, |task, block| {
        let first = task * task_columns;
        let columns = task_columns.min(channels - first);
        let mut values = vec![0.0; g.pixels * columns];
        let mut output = MatrixMut { data: &mut values, offset: 0, row_stride: columns, accumulate: false };
        for col in (0..columns).step_by(NR) {
            let cols = NR.min(columns - col);
            for row in (0..g.pixels).step_by(MR) {
                let bases = tile_rows(row, g.pixels, |p| g.pixel_base[p]);
                let panel = panel_rows(packed, (first + col) / NR, g.depth);
                let mut acc = gathered_tile(padded, bases, &g.runs, g.run_len, panel);
                epilogue.tile(&mut acc, first + col);
                let rows = MR.min(g.pixels - row);
                store_tile(acc, &mut output, &Tile { row, col, rows, cols, accumulate: false });
            }
        }
        block[0] = values;
    });
    for (task, block) in blocks.iter().enumerate() {
        let (first, columns) = (task * task_columns, block.len() / g.pixels);
        for (pixel, values) in block.chunks_exact(columns).enumerate() {
            out[pixel * channels + first..][..columns].copy_from_slice(values);
        }
    }
}

/// What a convolution does to its output values before it stores them: add a bias and apply a rectifier
/// (`Simd::conv2d_bias_activation`), where a separate pass would read and write the whole output again (the
/// MNIST CNN's two such passes took about 135 µs of a 4 ms training step in Chromium); or nothing.
pub struct Epilogue {
    /// A value per output channel, then NR zeros, so the tiles of the last channels load whole vectors.
    bias: Option<Vec<f32>>,
    rectifier: Rectifier,
    /// The rectifier lane by lane, for the channels past a depthwise layer's last whole vector.
    activation: Activation,
}

impl Epilogue {
    pub const NONE: Self = Self { bias: None, rectifier: Rectifier::Linear, activation: Activation::Linear };

    /// None where the activation is not a rectifier: such an activation goes lane by lane, in a pass of its own.
    pub fn new(bias: Option<&[f32]>, activation: Activation) -> Option<Self> {
        let rectifier = Rectifier::of(activation)?;
        let bias = bias.map(|bias| bias.iter().copied().chain([0.0; NR]).collect());
        Some(Self { bias, rectifier, activation })
    }

    /// Whether it leaves the values as they are (a convolution on its own).
    #[inline(always)]
    fn is_none(&self) -> bool {
        self.bias.is_none() && matches!(self.rectifier, Rectifier::Linear)
    }

    /// A tile whose columns are output channels channel..channel + NR.
    #[inline(always)]
    fn tile(&self, acc: &mut Accumulators, channel: usize) {
        if !self.is_none() {
            self.through_tile(acc, channel);
        }
    }

    /// `tile`'s work, inlined only in the browser. Natively (x86-64's SSE2: 16 registers, two-operand
    /// instructions), inlined into the tile loop, its constants stayed live through the loop and an
    /// accumulator went to the stack, in every convolution, fused or not: a 3 × 3 convolution of 56 × 56 × 64
    /// took 12 ms where it took 6. In the browser V8 allocates the registers, and a call per tile cost the
    /// MNIST CNN's first layer 45–65 µs of its 400.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    fn through_tile(&self, acc: &mut Accumulators, channel: usize) {
        let bias = match &self.bias {
            Some(bias) => [F32x4::load(&bias[channel..]), F32x4::load(&bias[channel + LANES..])],
            None => [F32x4::splat(0.0); 2],
        };
        // One branch on the rectifier per tile, outside the loop over its values.
        match self.rectifier {
            Rectifier::Linear => with_bias(acc, bias, |v| v),
            Rectifier::Relu => with_bias(acc, bias, |v| Rectifier::Relu.apply(v)),
            Rectifier::Relu6 => with_bias(acc, bias, |v| Rectifier::Relu6.apply(v)),
            Rectifier::Leaky(slope) => with_bias(acc, bias, |v| Rectifier::Leaky(slope).apply(v)),
        }
    }

    /// V vectors of output channels from `channel` on: a depthwise layer's.
    #[inline(always)]
    fn vectors<const V: usize>(&self, vectors: &mut [F32x4; V], channel: usize) {
        if !self.is_none() {
            self.through_vectors(vectors, channel);
        }
    }

    /// `vectors`' work, inlined only in the browser, as `through_tile`.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    fn through_vectors<const V: usize>(&self, vectors: &mut [F32x4; V], channel: usize) {
        for (v, vector) in vectors.iter_mut().enumerate() {
            *vector = self.vector(*vector, channel + v * LANES);
        }
    }

    /// Output channels channel..channel + LANES.
    #[inline(always)]
    fn vector(&self, v: F32x4, channel: usize) -> F32x4 {
        match &self.bias {
            Some(bias) => self.rectifier.apply(v + F32x4::load(&bias[channel..])),
            None => self.rectifier.apply(v),
        }
    }

    /// Output channel `channel`'s value.
    fn value(&self, v: f32, channel: usize) -> f32 {
        self.activation.apply(self.bias.as_ref().map_or(v, |bias| v + bias[channel]))
    }
}

/// acc = f(acc + bias), bias being a row of NR values.
#[inline(always)]
fn with_bias(acc: &mut Accumulators, bias: [F32x4; 2], f: impl Fn(F32x4) -> F32x4) {
    for row in acc {
        for (v, b) in row.iter_mut().zip(bias) {
            *v = f(*v + b);
        }
    }
}

/// The depth rows (NR values each) of column panel `panel` of weights packed by `pack_weight_columns`.
fn panel_rows(packed: &[f32], panel: usize, depth: usize) -> std::slice::ChunksExact<'_, f32> {
    packed[panel * depth * NR..][..depth * NR].chunks_exact(NR)
}

/// dW[d, co] = Σ over output pixels p of padded[pixel_base[p] + depth_offset[d]] · dY[p, co], per group.
/// The pixels are summed a block at a time (`filter_pixel_block`), each block through every tile of dW,
/// which holds the blocks' running sums: summed over every pixel tile by tile instead, each tile of depth
/// rows read the whole of dY again, from memory once it outgrew the caches (a 224 × 224 classifier's
/// filter gradients at batch 16 took four times its forward pass).
pub fn conv2d_backward_filter(input: &HostBuffer, dy: &[f32], dw: &mut [f32], op: &Conv2d) {
    op.validate();
    let g = Geometry::new(op);
    let padded = g.bordered(input);
    let depth_offset = g.depth_offsets();
    let gradients: Vec<_> = (0..op.groups).map(|group| GroupColumns::new(dy, op, group, g.pixels)).collect();
    let block = filter_pixel_block(g.cout_g);
    // Blocks of depth rows spread over the threads, each through every block of pixels, group and column panel.
    let depth_rows = threads::rows_per_task(g.depth, g.pixels * op.out_channels, MR);
    threads::for_each_chunk_mut(dw, depth_rows * op.out_channels, |task, dw| {
        let (first, end) = (task * depth_rows, g.depth.min(task * depth_rows + depth_rows));
        let whole_tiles_end = first + (end - first) / MR * MR;
        // At least one block, so that no pixels (an empty batch) write zeros.
        for pixels in (0..g.pixels.max(1)).step_by(block).map(|p| p..g.pixels.min(p + block)) {
            let (bases, accumulate) = (&g.pixel_base[pixels.clone()], pixels.start > 0);
            for (group, gradient) in gradients.iter().enumerate() {
                let mut out =
                    MatrixMut { data: dw, offset: group * g.cout_g, row_stride: op.out_channels, accumulate: false };
                let offset = |d| depth_offset[d] + group * g.cin_g;
                let dy_rows = |col| gradient.rows(pixels.start, col);
                for row in (first..whole_tiles_end).step_by(MR) {
                    let offsets = std::array::from_fn(|i| offset(row + i));
                    for col in (0..g.cout_g).step_by(NR) {
                        let acc = filter_tile(&padded, bases, offsets, dy_rows(col));
                        let cols = NR.min(g.cout_g - col);
                        store_tile(acc, &mut out, &Tile { row: row - first, col, rows: MR, cols, accumulate });
                    }
                }
                // A depth that is not a multiple of MR (9 in a first layer on one channel) ends in rows summed
                // one by one: a whole tile's work on rows past it was a quarter of that layer's.
                for row in whole_tiles_end..end {
                    for col in (0..g.cout_g).step_by(NR) {
                        let [sums] = filter_tile(&padded, bases, [offset(row)], dy_rows(col));
                        let acc = std::array::from_fn(|i| if i == 0 { sums } else { [F32x4::splat(0.0); 2] });
                        let cols = NR.min(g.cout_g - col);
                        store_tile(acc, &mut out, &Tile { row: row - first, col, rows: 1, cols, accumulate });
                    }
                }
            }
        }
    });
}

/// Output pixels summed at a time into the filter gradient, for a group of `columns` output channels: as
/// many as keep their rows of dY (every column panel's) within about 256 KB, which the tiles of depth rows
/// then read from the cache, but at least 64, so that adding a block's sums to dW stays a small part of
/// the work.
fn filter_pixel_block(columns: usize) -> usize {
    ((256 << 10) / (size_of::<f32>() * columns.next_multiple_of(NR))).clamp(64, 4096)
}

/// dX: each output pixel's dY times the transposed weights, added back at the cells its window read.
/// With stride 1 it is a convolution of its own (`input_gradient_as_conv`), whose tiles sum over the whole
/// window in registers, where adding each tap's share back sums only over the output channels (16 deep in
/// the MNIST CNN's second layer, whose training step measured about 4 % faster so), and a depthwise layer's
/// gradient takes the depthwise kernel.
pub fn conv2d_backward_input(dy: &HostBuffer, weights: &[f32], dx: &mut [f32], op: &Conv2d) {
    op.validate();
    if let Some(as_conv) = input_gradient_as_conv(op) {
        return conv2d(dy, &HostBuffer::from(turned_weights(weights, op)), dx, &as_conv, &Epilogue::NONE);
    }
    let g = Geometry::new(op);
    let depth_offset = g.depth_offsets();
    let mut padded_gradient = vec![0.0; g.padded_len()];
    let transposed = pack_transposed_weights(weights, op, g.depth);
    let panel_len = g.cout_g * NR;
    // Windows overlap within an image, never across images: whole images are spread over the threads.
    let image_len = g.height * g.width * op.in_channels;
    let image_pixels = g.out.height * g.out.width;
    let images = threads::rows_per_task(op.window.batch, image_pixels * g.depth * op.out_channels, 1);
    threads::for_each_chunk_mut(&mut padded_gradient, images * image_len, |task, padded_gradient| {
        let origin = task * images * image_len;
        let (first, end) = (task * images * image_pixels, g.pixels.min((task + 1) * images * image_pixels));
        for group in 0..op.groups {
            for (panel, first_row) in (0..g.depth).step_by(NR).enumerate() {
                let weights = &transposed[(group * g.depth.div_ceil(NR) + panel) * panel_len..][..panel_len];
                let rows = NR.min(g.depth - first_row);
                let offsets = &depth_offset[first_row..][..rows];
                // The NR depth rows next to each other in the image: each pixel's are added with two vector
                // adds.
                let contiguous = rows == NR && offsets[NR - 1] == offsets[0] + NR - 1;
                for pixel in (first..end).step_by(MR) {
                    let bases = tile_rows(pixel, g.pixels, |p| p * op.out_channels + group * g.cout_g);
                    let acc = gathered_tile(dy, bases, &[0], g.cout_g, weights.chunks_exact(NR));
                    for (i, values) in acc.iter().enumerate().take(MR.min(end - pixel)) {
                        let base = g.pixel_base[pixel + i] + group * g.cin_g - origin;
                        if contiguous {
                            let cells = &mut padded_gradient[base + offsets[0]..][..NR];
                            (F32x4::load(&cells[..LANES]) + values[0]).store(&mut cells[..LANES]);
                            (F32x4::load(&cells[LANES..]) + values[1]).store(&mut cells[LANES..]);
                            continue;
                        }
                        let mut cells = [0.0; NR];
                        values[0].store(&mut cells[..LANES]);
                        values[1].store(&mut cells[LANES..]);
                        for (offset, value) in offsets.iter().zip(cells) {
                            padded_gradient[base + offset] += value;
                        }
                    }
                }
            }
        }
    });
    g.crop(&padded_gradient, dx);
}

/// A stride-1 convolution's input gradient as a convolution of dY: dX[y, x] = Σ dY[y + pad_top − ky,
/// x + pad_left − kx] · W[ky, kx], which is a correlation with the weights turned half a turn
/// (`turned_weights`), over dY padded by what the forward window reached past its edges, kernel − 1 − pad.
/// None where the stride is longer or the forward padding is wider than the kernel.
fn input_gradient_as_conv(op: &Conv2d) -> Option<Conv2d> {
    let w = &op.window;
    let o = w.output();
    if (w.stride_h, w.stride_w) != (1, 1) {
        return None;
    }
    let top = (w.kernel_h - 1).checked_sub(o.pad_top)?;
    let left = (w.kernel_w - 1).checked_sub(o.pad_left)?;
    // What makes the output as tall and wide as the forward input.
    let bottom = (w.height + w.kernel_h - 1).checked_sub(o.height + top)?;
    let right = (w.width + w.kernel_w - 1).checked_sub(o.width + left)?;
    let window =
        Window { height: o.height, width: o.width, padding: Padding::Explicit { top, bottom, left, right }, ..*w };
    Some(Conv2d { window, in_channels: op.out_channels, out_channels: op.in_channels, groups: op.groups })
}

/// HWIO weights turned half a turn with each group's input and output channels swapped: the weights of
/// `input_gradient_as_conv`.
fn turned_weights(weights: &[f32], op: &Conv2d) -> Vec<f32> {
    let (kh, kw) = (op.window.kernel_h, op.window.kernel_w);
    let (cin_g, cout_g) = (op.in_per_group(), op.out_per_group());
    let mut turned = vec![0.0; weights.len()];
    for (tap, turned_tap) in turned.chunks_exact_mut(cout_g * op.in_channels).enumerate() {
        let (ky, kx) = (kh - 1 - tap / kw, kw - 1 - tap % kw);
        let tap_weights = &weights[(ky * kw + kx) * cin_g * op.out_channels..][..cin_g * op.out_channels];
        for (co, row) in turned_tap.chunks_exact_mut(op.in_channels).enumerate() {
            for (ci, value) in row.iter_mut().enumerate() {
                let group = ci / cin_g;
                *value = tap_weights[(ci % cin_g) * op.out_channels + group * cout_g + co];
            }
        }
    }
    turned
}

/// The MR rows of a tile starting at `first`, as `row(index)` of each; past `count` the last row repeats,
/// so a tile at the edge reads valid memory and its extra rows are not stored.
#[inline(always)]
fn tile_rows(first: usize, count: usize, row: impl Fn(usize) -> usize) -> [usize; MR] {
    std::array::from_fn(|i| row((first + i).min(count - 1)))
}

/// One MR × NR tile of A · B where row i of A is `data[bases[i] + run + t]` for each run and t < run_len,
/// and B's rows (NR values each, at least) come from `b_rows` in depth order. The four rows of A are zipped
/// so the inner loop holds no bounds check.
#[inline(always)]
fn gathered_tile<'b>(
    data: &[f32],
    bases: [usize; MR],
    runs: &[usize],
    run_len: usize,
    mut b_rows: impl Iterator<Item = &'b [f32]>,
) -> Accumulators {
    let mut acc = [[F32x4::splat(0.0); 2]; MR];
    for &run in runs {
        let [a0, a1, a2, a3] = bases.map(|base| &data[base + run..][..run_len]);
        let rows = a0.iter().zip(a1).zip(a2).zip(a3);
        for ((((&x0, &x1), &x2), &x3), b_row) in rows.zip(b_rows.by_ref()) {
            accumulate(&mut acc, [x0, x1, x2, x3].map(F32x4::splat), b_row);
        }
    }
    acc
}

/// One R × NR tile of dW (R ≤ MR): depth rows at `offsets` from each pixel's base, times NR columns of
/// dY (`dy_rows`, a row per pixel), summed over the pixels of `pixel_base`. MR rows next to each other in
/// the image (one run) are read as one vector.
#[inline(always)]
fn filter_tile<'a, const R: usize>(
    padded: &[f32],
    pixel_base: &[usize],
    offsets: [usize; R],
    dy_rows: impl Iterator<Item = &'a [f32]>,
) -> [[F32x4; 2]; R] {
    let pixels = pixel_base.iter().zip(dy_rows);
    let mut acc = [[F32x4::splat(0.0); 2]; R];
    if R == MR && offsets == std::array::from_fn(|i| offsets[0] + i) {
        for (&base, dy_row) in pixels {
            let x = F32x4::load(&padded[base + offsets[0]..]).lanes();
            accumulate(&mut acc, std::array::from_fn(|i| x[i]), &dy_row[..NR]);
        }
    } else {
        for (&base, dy_row) in pixels {
            accumulate(&mut acc, offsets.map(|offset| F32x4::splat(padded[base + offset])), &dy_row[..NR]);
        }
    }
    acc
}

/// acc[i] += x[i] · b, b being NR values.
#[inline(always)]
fn accumulate<const R: usize>(acc: &mut [[F32x4; 2]; R], x: [F32x4; R], b: &[f32]) {
    let (b0, b1) = (F32x4::load(&b[..LANES]), F32x4::load(&b[LANES..]));
    for (row, x) in acc.iter_mut().zip(x) {
        row[0] = x.mul_add(b0, row[0]);
        row[1] = x.mul_add(b1, row[1]);
    }
}

/// A group's columns of dY, readable NR at a time from any multiple of NR: in place when the group's
/// width is a multiple of NR, else copied with zero columns up to one.
struct GroupColumns<'a> {
    data: Cow<'a, [f32]>,
    offset: usize,
    row_stride: usize,
}

impl<'a> GroupColumns<'a> {
    /// Columns col.. of the rows of pixels from `first` on (NR values of each are read).
    fn rows(&self, first: usize, col: usize) -> std::slice::Chunks<'_, f32> {
        self.data[first * self.row_stride + self.offset + col..].chunks(self.row_stride)
    }

    fn new(dy: &'a [f32], op: &Conv2d, group: usize, pixels: usize) -> Self {
        let cout_g = op.out_per_group();
        let offset = group * cout_g;
        if cout_g.is_multiple_of(NR) {
            return Self { data: Cow::Borrowed(dy), offset, row_stride: op.out_channels };
        }
        let width = cout_g.next_multiple_of(NR);
        let mut copy = vec![0.0; pixels * width];
        for (row, pixel) in copy.chunks_exact_mut(width).zip(dy.chunks_exact(op.out_channels)) {
            row[..cout_g].copy_from_slice(&pixel[offset..][..cout_g]);
        }
        Self { data: Cow::Owned(copy), offset: 0, row_stride: width }
    }
}

/// The weights [depth, out_channels] as column panels: for each group and each NR columns of it, the
/// depth rows of those columns, zero past the group's last column. (A detector's deep layers have
/// megabytes of weights: the panels are packed on every thread.)
fn pack_weight_columns(weights: &[f32], op: &Conv2d, packed: &mut Vec<f32>) {
    let (cout_g, stride) = (op.out_per_group(), op.out_channels);
    let depth = weights.len() / stride;
    let per_group = cout_g.div_ceil(NR);
    packed.resize(op.groups * per_group * depth * NR, 0.0);
    let panels = threads::rows_per_task(op.groups * per_group, depth * NR, 1);
    threads::for_each_chunk_mut(packed, panels * depth * NR, |task, chunk| {
        for (i, panel) in chunk.chunks_exact_mut(depth * NR).enumerate() {
            let (group, col) = ((task * panels + i) / per_group, (task * panels + i) % per_group * NR);
            pack_panel(weights, stride, group * cout_g + col, NR.min(cout_g - col), panel);
        }
    });
}

/// Columns first..first + cols (at most NR) of the weights [depth, stride], as the panel's depth rows, NR
/// values each; the lanes past `cols` keep what they held.
fn pack_panel(weights: &[f32], stride: usize, first: usize, cols: usize, panel: &mut [f32]) {
    for (d, row) in panel.chunks_exact_mut(NR).enumerate() {
        row[..cols].copy_from_slice(&weights[d * stride + first..][..cols]);
    }
}

/// The weights transposed in panels: for each group and each NR depth rows of it, [cout_g, NR], zero past
/// the last depth row.
fn pack_transposed_weights(weights: &[f32], op: &Conv2d, depth: usize) -> Vec<f32> {
    let (cout_g, stride) = (op.out_per_group(), op.out_channels);
    let mut packed = Vec::with_capacity(op.groups * depth.next_multiple_of(NR) * cout_g);
    for group in 0..op.groups {
        for first_row in (0..depth).step_by(NR) {
            for co in 0..cout_g {
                packed.extend((first_row..first_row + NR).map(|d| {
                    if d < depth {
                        weights[d * stride + group * cout_g + co]
                    } else {
                        0.0
                    }
                }));
            }
        }
    }
    packed
}

/// The GEMM view of one convolution: sizes, each output pixel's window start in the zero-bordered image
/// and the runs of contiguous input its depth reads.
struct Geometry {
    op: Conv2d,
    out: WindowOutput,
    /// Height and width of the zero-bordered image: the cells the output's windows cover.
    height: usize,
    width: usize,
    depth: usize,
    pixels: usize,
    cin_g: usize,
    cout_g: usize,
    /// Per output pixel, where its window starts in the zero-bordered image (group 0).
    pixel_base: Vec<usize>,
    /// Where each run of the depth starts relative to a pixel base; every run is `run_len` long.
    runs: Vec<usize>,
    run_len: usize,
}

impl Geometry {
    fn new(op: &Conv2d) -> Self {
        let w = &op.window;
        let out = w.output();
        let height = (out.height - 1) * w.stride_h + w.kernel_h;
        let width = (out.width - 1) * w.stride_w + w.kernel_w;
        let channels = op.in_channels;
        let mut pixel_base = Vec::with_capacity(w.batch * out.height * out.width);
        // A row at a time, which compiles to vector adds: pushed one by one, the MNIST CNN's first layer's
        // 50 176 bases took about 60 µs in V8 (Node's), beside 390 µs of tiles; about 10 µs so.
        for n in 0..w.batch {
            for oy in 0..out.height {
                let row = (n * height + oy * w.stride_h) * width * channels;
                pixel_base.extend((0..out.width).map(|ox| row + ox * w.stride_w * channels));
            }
        }
        // With one group a kernel row's taps are one contiguous run (kw pixels of every channel).
        let (runs, run_len) = if op.groups == 1 {
            ((0..w.kernel_h).map(|ky| ky * width * channels).collect(), w.kernel_w * channels)
        } else {
            let taps = (0..w.kernel_h).flat_map(|ky| (0..w.kernel_w).map(move |kx| (ky * width + kx) * channels));
            (taps.collect(), op.in_per_group())
        };
        Self {
            op: *op,
            out,
            height,
            width,
            depth: w.kernel_h * w.kernel_w * op.in_per_group(),
            pixels: pixel_base.len(),
            cin_g: op.in_per_group(),
            cout_g: op.out_per_group(),
            pixel_base,
            runs,
            run_len,
        }
    }

    /// The zero-bordered image is the input itself.
    fn is_unpadded(&self) -> bool {
        let w = &self.op.window;
        self.out.pad_top == 0 && self.out.pad_left == 0 && self.height == w.height && self.width == w.width
    }

    fn padded_len(&self) -> usize {
        self.op.window.batch * self.height * self.width * self.op.in_channels
    }

    /// Each depth row's offset from a pixel base, in the HWIO weights' row order.
    fn depth_offsets(&self) -> Vec<usize> {
        self.runs.iter().flat_map(|&run| run..run + self.run_len).collect()
    }

    /// Input pixels that land inside the zero-bordered image: (input row range, padded row of the first)
    /// along one axis.
    fn rows_and_columns(&self) -> ((std::ops::Range<usize>, usize), (std::ops::Range<usize>, usize)) {
        let w = &self.op.window;
        let along = |pad: usize, size: usize, padded: usize| {
            let inside = taps_inside(0, 1, pad, padded, size);
            (inside.start - pad..inside.end.max(inside.start) - pad, inside.start)
        };
        (along(self.out.pad_top, w.height, self.height), along(self.out.pad_left, w.width, self.width))
    }

    /// The input in the zero-bordered image: the input itself when no border is needed, else the form
    /// kept on its buffer.
    fn bordered<'a>(&self, input: &'a HostBuffer) -> Cow<'a, [f32]> {
        if self.is_unpadded() {
            return Cow::Borrowed(input);
        }
        let w = &self.op.window;
        let form = Form::Bordered {
            height: w.height,
            width: w.width,
            channels: self.op.in_channels,
            padded_height: self.height,
            padded_width: self.width,
            top: self.out.pad_top,
            left: self.out.pad_left,
        };
        // Row after row, each value written once: the border's zeros up to the row, then the row. (Zeroing
        // all of it first, then copying the rows in, was 2 % of a training step of the MNIST CNN natively.)
        input.form(form, |input, padded| {
            self.for_each_inside_row(|from, to, len| {
                padded.resize(to, 0.0);
                padded.extend_from_slice(&input[from..][..len]);
            });
            padded.resize(self.padded_len(), 0.0);
        })
    }

    /// dx = the zero-bordered gradient without its border (zero where no window reached).
    fn crop(&self, padded: &[f32], dx: &mut [f32]) {
        if self.is_unpadded() {
            return dx.copy_from_slice(padded);
        }
        dx.fill(0.0);
        self.for_each_inside_row(|from, to, len| dx[from..][..len].copy_from_slice(&padded[to..][..len]));
    }

    /// visit(input start, padded start, length) for each row of input pixels inside the padded image.
    fn for_each_inside_row(&self, mut visit: impl FnMut(usize, usize, usize)) {
        let w = &self.op.window;
        let channels = self.op.in_channels;
        let ((ys, first_y), (xs, first_x)) = self.rows_and_columns();
        for n in 0..w.batch {
            for (i, y) in ys.clone().enumerate() {
                let from = ((n * w.height + y) * w.width + xs.start) * channels;
                let to = ((n * self.height + first_y + i) * self.width + first_x) * channels;
                visit(from, to, xs.len() * channels);
            }
        }
    }
}

/// Depthwise convolution with one filter per channel: weights [kh, kw, 1, channels]. Each output pixel's
/// channels go in blocks whose sums stay in registers through every tap (`depthwise_block`); sums kept in
/// memory were loaded and stored again at each tap.
fn depthwise(input: &[f32], weights: &[f32], out: &mut [f32], op: &Conv2d, epilogue: &Epilogue) {
    let w = &op.window;
    let o = w.output();
    let channels = op.in_channels;
    let vector_end = channels - channels % LANES;
    // Rows of output pixels (of every image) spread over the threads.
    let row_len = o.width * channels;
    let rows_per_task = threads::rows_per_task(w.batch * o.height, row_len * w.kernel_h * w.kernel_w, 1);
    threads::for_each_chunk_mut(out, rows_per_task * row_len, |task, out| {
        // The in-image taps of one output pixel: (where its input pixel starts, where its filter starts).
        let mut taps = Vec::with_capacity(w.kernel_h * w.kernel_w);
        for (i, out_row) in out.chunks_exact_mut(row_len).enumerate() {
            let row = task * rows_per_task + i;
            let (n, oy) = (row / o.height, row % o.height);
            let rows = taps_inside(oy, w.stride_h, o.pad_top, w.kernel_h, w.height);
            for (ox, out_pixel) in out_row.chunks_exact_mut(channels).enumerate() {
                let columns = taps_inside(ox, w.stride_w, o.pad_left, w.kernel_w, w.width);
                taps.clear();
                for ky in rows.clone() {
                    for kx in columns.clone() {
                        let (y, x) = (oy * w.stride_h + ky - o.pad_top, ox * w.stride_w + kx - o.pad_left);
                        taps.push((((n * w.height + y) * w.width + x) * channels, (ky * w.kernel_w + kx) * channels));
                    }
                }
                let mut c = 0;
                while c < vector_end {
                    c += match (vector_end - c) / LANES {
                        8.. => depthwise_block::<8>(input, weights, &taps, c, out_pixel, epilogue),
                        4.. => depthwise_block::<4>(input, weights, &taps, c, out_pixel, epilogue),
                        _ => depthwise_block::<1>(input, weights, &taps, c, out_pixel, epilogue),
                    };
                }
                for (c, value) in out_pixel.iter_mut().enumerate().skip(vector_end) {
                    let sum = taps.iter().map(|&(pixel, filter)| input[pixel + c] * weights[filter + c]).sum();
                    *value = epilogue.value(sum, c);
                }
            }
        }
    });
}

/// Channels `first..first + V · LANES` of one depthwise output pixel, summed over its taps in V vector
/// registers; returns how many channels it wrote.
#[inline(always)]
fn depthwise_block<const V: usize>(
    input: &[f32],
    weights: &[f32],
    taps: &[(usize, usize)],
    first: usize,
    out_pixel: &mut [f32],
    epilogue: &Epilogue,
) -> usize {
    let mut sums = [F32x4::splat(0.0); V];
    for &(pixel, filter) in taps {
        let (pixel, filter) = (&input[pixel + first..][..V * LANES], &weights[filter + first..][..V * LANES]);
        for (v, sum) in sums.iter_mut().enumerate() {
            *sum = F32x4::load(&pixel[v * LANES..]).mul_add(F32x4::load(&filter[v * LANES..]), *sum);
        }
    }
    epilogue.vectors(&mut sums, first);
    for (v, sum) in sums.iter().enumerate() {
        sum.store(&mut out_pixel[first + v * LANES..]);
    }
    V * LANES
}
