//! Single-precision GEMM, C = A · B, in the GotoBLAS / XNNPACK style.
//!
//! B is packed once into column panels NR wide; blocks of A are packed into row panels MR tall; a
//! micro-kernel keeps an MR × NR tile of C in 8 vector registers while it walks the shared depth, so each
//! value loaded feeds 8 (from A) or 4 (from B) multiply-adds. (A 6 × 8 tile, 12 accumulators, measured
//! 25 % slower in Chromium: with the two B vectors and the A broadcast it needs all 15 registers V8
//! allocates on x86-64, and spills.) The depth is cut into KC-deep blocks so one A
//! panel and one B panel stay in L1, and A into MC-tall blocks that stay in L2. Edges (m, n not multiples
//! of the tile) are zero-padded in the packs and masked on store, so any shape works.

use super::f32x4::{F32x4, LANES};
use super::threads;

/// Rows of the register tile.
pub const MR: usize = 4;
/// Columns of the register tile: two vectors.
pub const NR: usize = 2 * LANES;
/// Depth of a packed block: a 4 × 256 A panel (4 KiB) and a 256 × 8 B panel (8 KiB) fit L1 together.
const KC: usize = 256;
/// Rows of A packed at a time (a multiple of MR): 64 × 256 floats = 64 KiB, an L2-sized block.
const MC: usize = 64;

/// A strided, read-only view of a matrix: element (r, c) is `data[offset + r·row_stride + c·col_stride]`.
#[derive(Clone, Copy)]
pub struct MatrixRef<'a> {
    pub data: &'a [f32],
    pub offset: usize,
    pub row_stride: usize,
    pub col_stride: usize,
}

impl MatrixRef<'_> {
    #[inline(always)]
    fn at(&self, row: usize, col: usize) -> f32 {
        self.data[self.offset + row * self.row_stride + col * self.col_stride]
    }
}

/// Rows of A below which multiplying straight from B's rows beats packing B: packing reads and writes all
/// of B once, which pays only when enough rows reuse the packed panels. (A dense layer on one image, the
/// drawing pad's, has one row.)
const FEW_ROWS: usize = 8;

/// B made ready for `multiply`: packed, or read in place when few rows of A will use it and its rows are
/// contiguous.
pub enum PreparedB<'a> {
    Packed(PackedB),
    InPlace { b: MatrixRef<'a>, k: usize, n: usize },
}

impl<'a> PreparedB<'a> {
    /// B [k, n]; `rows` is how many rows of A will be multiplied by it in all.
    pub fn new(b: MatrixRef<'a>, k: usize, n: usize, rows: usize) -> Self {
        if rows < FEW_ROWS && b.col_stride == 1 {
            Self::InPlace { b, k, n }
        } else {
            Self::Packed(PackedB::new(b, k, n))
        }
    }

    /// C[m, n] = A[m, k] · B (or C += A · B, as `c.accumulate` says).
    pub fn multiply(&self, a: MatrixRef, m: usize, c: &mut MatrixMut) {
        match self {
            Self::Packed(b) => gemm(a, m, b, c),
            Self::InPlace { b, k, n } => gemm_few_rows(a, m, *k, b, *n, c),
        }
    }
}

/// B [k, n] in panels: for each KC-deep block and each NR-wide column panel, its rows one after another,
/// zero past column n.
pub struct PackedB {
    k: usize,
    n: usize,
    data: Vec<f32>,
}

impl PackedB {
    pub fn new(b: MatrixRef, k: usize, n: usize) -> Self {
        let panels = n.div_ceil(NR);
        let mut data = vec![0.0; k * panels * NR];
        for p0 in (0..k).step_by(KC) {
            let kc = KC.min(k - p0);
            for j in 0..panels {
                let panel = &mut data[p0 * panels * NR + j * kc * NR..][..kc * NR];
                for p in 0..kc {
                    for jj in 0..NR.min(n - j * NR) {
                        panel[p * NR + jj] = b.at(p0 + p, j * NR + jj);
                    }
                }
            }
        }
        Self { k, n, data }
    }

    fn panel(&self, p0: usize, kc: usize, j: usize) -> &[f32] {
        let panels = self.n.div_ceil(NR);
        &self.data[p0 * panels * NR + j * kc * NR..][..kc * NR]
    }
}

/// Where C lives: `data[offset + row·row_stride + col]`.
pub struct MatrixMut<'a> {
    pub data: &'a mut [f32],
    pub offset: usize,
    pub row_stride: usize,
    /// C += A · B instead of C = A · B.
    pub accumulate: bool,
}

/// C[m, n] = A[m, k] · B[k, n] (or C += A · B, as `c.accumulate` says), blocks of C's rows spread over
/// the pool's threads.
fn gemm(a: MatrixRef, m: usize, b: &PackedB, c: &mut MatrixMut) {
    if m == 0 || b.n == 0 {
        return;
    }
    let rows = threads::rows_per_task(m, b.n * b.k, MR);
    let (row_stride, accumulate) = (c.row_stride, c.accumulate);
    let end = c.offset + (m - 1) * row_stride + b.n;
    threads::for_each_chunk_mut(&mut c.data[c.offset..end], rows * row_stride, |task, block| {
        let first = task * rows;
        let mut block = MatrixMut { data: block, offset: 0, row_stride, accumulate };
        gemm_rows(a, first, rows.min(m - first), b, &mut block);
    });
}

/// Rows first..first + m of C = A · B, C's first row being that row.
fn gemm_rows(a: MatrixRef, first: usize, m: usize, b: &PackedB, c: &mut MatrixMut) {
    let (k, n) = (b.k, b.n);
    if k == 0 && !c.accumulate {
        for row in 0..m {
            c.data[c.offset + row * c.row_stride..][..n].fill(0.0);
        }
        return;
    }
    let mut a_pack = vec![0.0; MC * KC];
    for i0 in (0..m).step_by(MC) {
        let mc = MC.min(m - i0);
        for p0 in (0..k).step_by(KC) {
            let kc = KC.min(k - p0);
            pack_a(a, first + i0, mc, p0, kc, &mut a_pack);
            for j in 0..n.div_ceil(NR) {
                let b_panel = b.panel(p0, kc, j);
                for r in 0..mc.div_ceil(MR) {
                    let tile = Tile {
                        row: i0 + r * MR,
                        col: j * NR,
                        rows: MR.min(mc - r * MR),
                        cols: NR.min(n - j * NR),
                        accumulate: p0 > 0 || c.accumulate,
                    };
                    micro_kernel(kc, &a_pack[r * kc * MR..][..kc * MR], b_panel, c, &tile);
                }
            }
        }
    }
}

/// The same product for a few rows of A, straight from B's contiguous rows: each row of C accumulates
/// a[p] · B[p, ..] over the depth, four columns per vector, in the depth order `gemm` sums in.
fn gemm_few_rows(a: MatrixRef, m: usize, k: usize, b: &MatrixRef, n: usize, c: &mut MatrixMut) {
    let vector_end = n - n % LANES;
    for row in 0..m {
        let out = &mut c.data[c.offset + row * c.row_stride..][..n];
        if !c.accumulate {
            out.fill(0.0);
        }
        for p in 0..k {
            let a_value = a.at(row, p);
            let b_row = &b.data[b.offset + p * b.row_stride..][..n];
            let splat = F32x4::splat(a_value);
            for j in (0..vector_end).step_by(LANES) {
                splat.mul_add(F32x4::load(&b_row[j..]), F32x4::load(&out[j..])).store(&mut out[j..]);
            }
            for (o, &b) in out[vector_end..].iter_mut().zip(&b_row[vector_end..]) {
                *o += a_value * b;
            }
        }
    }
}

/// Rows i0..i0+mc, depth p0..p0+kc of A, as MR-tall panels each stored depth-major: [p][row].
fn pack_a(a: MatrixRef, i0: usize, mc: usize, p0: usize, kc: usize, out: &mut [f32]) {
    for r in 0..mc.div_ceil(MR) {
        let panel = &mut out[r * kc * MR..][..kc * MR];
        let rows = MR.min(mc - r * MR);
        let first = a.offset + (i0 + r * MR) * a.row_stride + p0 * a.col_stride;
        // Whole panels are copied a row or a depth step at a time, into plain loads and stores. Element by
        // element, through the strides, the MNIST CNN's dense layer took 60 µs for its weight gradient
        // (m = 784, k = 64; 40 µs so) and 60–65 µs forward (m = 64, k = 784; 55 µs so) in Chromium.
        if rows == MR && a.row_stride == 1 {
            // A transposed view (a layer's weight gradient, Xᵀ · dY): a depth step's MR values are adjacent.
            for (p, step) in panel.chunks_exact_mut(MR).enumerate() {
                step.copy_from_slice(&a.data[first + p * a.col_stride..][..MR]);
            }
            continue;
        }
        if rows == MR && a.col_stride == 1 {
            for row in 0..MR {
                let values = &a.data[first + row * a.row_stride..][..kc];
                for (step, &value) in panel.chunks_exact_mut(MR).zip(values) {
                    step[row] = value;
                }
            }
            continue;
        }
        for p in 0..kc {
            for rr in 0..MR {
                panel[p * MR + rr] = if rr < rows { a.at(i0 + r * MR + rr, p0 + p) } else { 0.0 };
            }
        }
    }
}

/// An MR × NR block of C held in registers: two vectors per row.
pub type Accumulators = [[F32x4; 2]; MR];

/// The part of C one register tile writes.
pub struct Tile {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    /// Add to C (later depth blocks) instead of overwriting it (the first).
    pub accumulate: bool,
}

#[inline(always)]
fn micro_kernel(kc: usize, a: &[f32], b: &[f32], c: &mut MatrixMut, tile: &Tile) {
    let mut acc = [[F32x4::splat(0.0); 2]; MR];
    // Exact chunks let the compiler drop every bounds check from the loop body.
    for (a_column, b_row) in a[..kc * MR].chunks_exact(MR).zip(b[..kc * NR].chunks_exact(NR)) {
        let (b0, b1) = (F32x4::load(&b_row[..LANES]), F32x4::load(&b_row[LANES..]));
        for (row, &a_value) in acc.iter_mut().zip(a_column) {
            let a_value = F32x4::splat(a_value);
            row[0] = a_value.mul_add(b0, row[0]);
            row[1] = a_value.mul_add(b1, row[1]);
        }
    }
    store_tile(acc, c, tile);
}

/// Writes (or adds) the tile's rows and columns of `acc` into C; the rest of `acc` is padding.
#[inline(always)]
pub fn store_tile(acc: Accumulators, c: &mut MatrixMut, tile: &Tile) {
    // A whole tile, as most are, goes straight from the registers; only a tile at an edge goes through a
    // copy, cut to its rows and columns (a copy of a run of unknown length is a call to memcpy in wasm).
    if tile.rows == MR && tile.cols == NR {
        for (r, row) in acc.iter().enumerate() {
            let out = &mut c.data[c.offset + (tile.row + r) * c.row_stride + tile.col..][..NR];
            let (low, high) = out.split_at_mut(LANES);
            if tile.accumulate {
                (F32x4::load(low) + row[0]).store(low);
                (F32x4::load(high) + row[1]).store(high);
            } else {
                row[0].store(low);
                row[1].store(high);
            }
        }
        return;
    }
    let mut values = [0.0; MR * NR];
    for (r, row) in acc.iter().enumerate() {
        row[0].store(&mut values[r * NR..]);
        row[1].store(&mut values[r * NR + LANES..]);
    }
    for r in 0..tile.rows {
        let out = &mut c.data[c.offset + (tile.row + r) * c.row_stride + tile.col..][..tile.cols];
        let computed = &values[r * NR..][..tile.cols];
        if tile.accumulate {
            out.iter_mut().zip(computed).for_each(|(o, v)| *o += v);
        } else {
            out.copy_from_slice(computed);
        }
    }
}
