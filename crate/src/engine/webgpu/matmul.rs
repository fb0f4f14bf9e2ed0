//! Matrix products (matmul.wgsl on tiled_gemm.wgsl), and the choice of kernel for deep ones.

use super::elementwise;
use super::epilogue::{Epilogue, EpilogueParams, Finishing, BIAS};
use super::shader::{shader_files, shader_params, Shader, ShaderParams};
use super::{window, GpuBuffer, WebGpu};
use crate::activation::Activation;
use crate::clock::now_ms;
use crate::engine::backend::Backend;
use crate::engine::ops::Matmul;
use serde::{Deserialize, Serialize};
use std::hash::{DefaultHasher, Hash, Hasher};

/// How a product deeper than `SHALLOW_DEPTH`, and a convolution's implicit GEMM, are multiplied. Which is
/// faster depends on the adapter, so `autotune` times both when the backend first connects to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ProductKernel {
    /// Slices of A and B staged in workgroup memory and shared by the workgroup (`main`, window.wgsl's
    /// `gemm`): what a GPU's fast GEMMs do.
    Staged,
    /// Each invocation's 4 × 4 block straight from storage (`shallow`, `gemm_unstaged`). On a software
    /// adapter, workgroup memory and its barriers cost more than they save: on SwiftShader (natively,
    /// zeroing workgroup memory as browsers do) a 1024³ product took 1.67 s unstaged against 2.36 s staged,
    /// and 256³ 29 ms against 70 ms.
    Unstaged,
    /// Products only (`wide`): 128 × 128 tiles of C, 8 × 8 an invocation, which read workgroup memory half as
    /// often per multiply-add as `main`. Chosen, where it is faster, for products of at least
    /// `LARGE_PRODUCT` outputs; a convolution's implicit GEMM runs the staged kernel instead.
    Wide,
}

/// Outputs from which a product counts as large: it then runs the kernel `autotune` chose for large
/// products, which fill a GPU with fewer, wider tiles.
pub(super) const LARGE_PRODUCT: usize = 1 << 20;

/// The kernels deep products run on an adapter: one for the others, one for the large.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProductKernels {
    pub deep: ProductKernel,
    pub large: ProductKernel,
}

impl ProductKernels {
    /// `kernel` for every deep product.
    pub fn all(kernel: ProductKernel) -> Self {
        Self { deep: kernel, large: kernel }
    }
}

/// The kernels chosen for one adapter, for the page to keep so later visits skip the autotune.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TunedKernels {
    /// The adapter and the product kernels' source: the choice holds for these alone, so a new driver or
    /// a changed kernel tunes afresh.
    pub key: String,
    pub kernels: ProductKernels,
    /// Whether the kernels came from an earlier connection instead of this one's autotune.
    pub remembered: bool,
}

/// `TunedKernels::key` for the adapter `info`.
pub(super) fn tuning_key(info: &wgpu::AdapterInfo) -> String {
    let mut source = DefaultHasher::new();
    // Neither family sums over a workgroup: their source is the same with subgroups or without.
    MATMUL.source(false).hash(&mut source);
    window::sources().hash(&mut source);
    let wgpu::AdapterInfo { name, vendor, device, driver, driver_info, backend, .. } = info;
    format!("{name} ({backend:?}, {vendor:04x}:{device:04x}, {driver} {driver_info}) kernels {:016x}", source.finish())
}

/// Side of the output tile one GEMM workgroup computes (tiled_gemm.wgsl), and its invocations.
pub(super) const GEMM_TILE: usize = 64;
pub(super) const GEMM_INVOCATIONS: usize = 256;
/// Side of the output tile of a `wide` workgroup (matmul.wgsl), which has `GEMM_INVOCATIONS` too.
const WIDE_TILE: usize = 128;

/// A product or implicit-GEMM convolution of few invocations and a long depth has its depth split
/// (tiled_gemm.wgsl's `depth_run`) until about this many invocations share the work (a large GPU holds
/// hundreds of thousands: the 13 × 13 × 1024 layers of a detector are 48 staged workgroups)...
const SPLIT_INVOCATIONS: usize = 1 << 16;
/// ...each summing at least this much of the depth, so that the partial products stay few to add up.
const MIN_DEPTH_PER_SPLIT: usize = 256;

/// Into how many runs to split the depth of a GEMM of `invocations` invocations.
pub(super) fn depth_splits(invocations: usize, depth: usize) -> usize {
    (SPLIT_INVOCATIONS / invocations).min(depth / MIN_DEPTH_PER_SPLIT).max(1)
}

/// Dispatches a GEMM kernel whose workgroup z is `workgroups[2]` × the split of its depth: operands at
/// bindings 1 and 2, the result at 3, and where the kernel stores through epilogue.wgsl, `finishing`: the
/// activation to compile in and the bias binding. Split, each run writes its own slice of a scratch buffer,
/// and the slices are added up into `out` as the rows of a matrix whose columns are `out`'s elements.
pub(super) fn dispatch_split<P: ShaderParams>(
    gpu: &WebGpu,
    kernel: (&Shader<P>, &'static str),
    operands: [&GpuBuffer; 2],
    out: &mut GpuBuffer,
    params: P,
    (workgroups, splits): ([usize; 3], usize),
    finishing: Option<(Activation, &wgpu::Buffer)>,
) {
    let grid = [workgroups[0] as u32, workgroups[1] as u32, (workgroups[2] * splits) as u32];
    let [first, second] = operands;
    let partials = (splits > 1).then(|| gpu.scratch(splits * out.len));
    let result = partials.as_ref().unwrap_or(out);
    let operands = [(1, &first.buffer), (2, &second.buffer), (3, &result.buffer)];
    match finishing {
        Some((activation, bias)) => {
            let buffers = [operands[0], operands[1], operands[2], (BIAS, bias)];
            gpu.dispatch_activated(kernel, activation, &buffers, params, grid);
        }
        None => gpu.dispatch(kernel, &operands, params, grid),
    }
    if let Some(partials) = partials {
        elementwise::bias_backward(gpu, &partials, out);
    }
}

/// `dispatch_split` of a kernel that stores through epilogue.wgsl's `finish`: it applies `epilogue` as it
/// stores where the depth is whole, and a pass after the split's sums are added up applies it where not.
pub(super) fn dispatch_split_finished<P: Finishing>(
    gpu: &WebGpu,
    kernel: (&Shader<P>, &'static str),
    operands: [&GpuBuffer; 2],
    out: &mut GpuBuffer,
    params: P,
    (workgroups, splits): ([usize; 3], usize),
    epilogue: Epilogue,
) {
    let (now, after) = if splits == 1 { (epilogue, None) } else { (Epilogue::NONE, Some(epilogue)) };
    let finishing = (now.activation, epilogue.bias_binding(operands[1]));
    dispatch_split(gpu, kernel, operands, out, params.finishing(now.params()), (workgroups, splits), Some(finishing));
    if let Some(epilogue) = after {
        epilogue.apply(gpu, out);
    }
}

/// Depth up to which a product runs matmul.wgsl's `shallow` kernel, which stages nothing.
const SHALLOW_DEPTH: usize = 64;
/// Side of the output tile of a `shallow` workgroup (as of window.wgsl's `gemm_unstaged`), and its
/// invocations.
pub(super) const SHALLOW_TILE: usize = 32;
pub(super) const SHALLOW_INVOCATIONS: usize = 64;

shader_params! {
    /// op(A)[r, k] = a[r · a_row + k · a_col], op(B)[k, c] = b[k · b_row + c · b_col].
    struct MatmulParams {
        m: u32,
        n: u32,
        k: u32,
        a_row: u32,
        a_col: u32,
        b_row: u32,
        b_col: u32,
        // The epilogue's (epilogue.wgsl).
        alpha: f32,
        biased: u32,
    }
}

impl Finishing for MatmulParams {
    fn finishing(self, EpilogueParams { alpha, biased }: EpilogueParams) -> Self {
        Self { alpha, biased, ..self }
    }
}

const MATMUL: Shader<MatmulParams> =
    Shader::new("matmul", shader_files!("tiled_gemm.wgsl", "activation.wgsl", "epilogue.wgsl", "matmul.wgsl"));

/// out = epilogue(op(A) · op(B)): the bias and activation of a dense layer or a pointwise convolution, or none.
pub(super) fn matmul(gpu: &WebGpu, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer, op: &Matmul, epilogue: Epilogue) {
    let ((a_row, a_col), (b_row, b_col)) = (op.a_strides(), op.b_strides());
    let params = MatmulParams {
        m: op.m as u32,
        n: op.n as u32,
        k: op.k as u32,
        a_row: a_row as u32,
        a_col: a_col as u32,
        b_row: b_row as u32,
        b_col: b_col as u32,
        ..Default::default()
    };
    let kernels = gpu.products.get();
    let kernel = if op.m * op.n >= LARGE_PRODUCT { kernels.large } else { kernels.deep };
    let (entry, side, invocations) = match kernel {
        ProductKernel::Staged if op.k > SHALLOW_DEPTH => ("main", GEMM_TILE, GEMM_INVOCATIONS),
        ProductKernel::Wide if op.k > SHALLOW_DEPTH => ("wide", WIDE_TILE, GEMM_INVOCATIONS),
        _ => ("shallow", SHALLOW_TILE, SHALLOW_INVOCATIONS),
    };
    let (columns, rows) = (op.n.div_ceil(side), op.m.div_ceil(side));
    let splits = depth_splits(columns * rows * invocations, op.k);
    dispatch_split_finished(gpu, (&MATMUL, entry), [a, b], out, params, ([columns, rows, 1], splits), epilogue);
}

/// Chooses the kernels of deep products by timing them: the staged and the unstaged one on a 256³ product
/// for every deep product and convolution; then, where that product took under `LARGE_TUNE_BELOW_MS` (a
/// real GPU: on a software adapter a 1024³ product takes seconds), all three on a 1024³ one for the large
/// products. Elsewhere the large run the deep products' kernel. This delays every WebGPU connection.
pub(super) async fn autotune(gpu: &WebGpu) -> ProductKernels {
    const LARGE_TUNE_BELOW_MS: f64 = 1.0;
    let (deep, deep_ms) = fastest(gpu, 256, &[ProductKernel::Staged, ProductKernel::Unstaged]).await;
    let large = if deep_ms < LARGE_TUNE_BELOW_MS {
        fastest(gpu, 1024, &[ProductKernel::Staged, ProductKernel::Unstaged, ProductKernel::Wide]).await.0
    } else {
        deep
    };
    ProductKernels { deep, large }
}

/// Of `kernels`, the one that computes a `side`³ product fastest (after a run that compiles each), and its
/// time. Where a product takes longer than `TUNE_MS` (29 ms against 70 ms for 256³ on SwiftShader) one
/// timed run each will do; on a discrete GPU a 256³ product takes tens of microseconds, less than a
/// submission's round trip, so it is repeated in one submission until the laps take that long. (A single
/// run each once picked by noise.) Where the adapter has timestamps the laps are timed by the GPU's clock,
/// without the round trip.
async fn fastest(gpu: &WebGpu, side: usize, kernels: &[ProductKernel]) -> (ProductKernel, f64) {
    const TUNE_MS: f64 = 2.0;
    const MAX_LAPS: usize = 1024;
    let op = Matmul::new(side, side, side);
    // Vectors, not arrays: an array literal this size would sit in the wasm module as 256 KiB of data.
    let (a, b) = (gpu.upload(&vec![0.5; side * side]), gpu.upload(&vec![0.25; side * side]));
    let mut c = gpu.upload(&vec![0.0; side * side]);
    let mut fastest = (kernels[0], f64::INFINITY);
    for &kernel in kernels {
        gpu.products.set(ProductKernels::all(kernel));
        matmul(gpu, &a, &b, &mut c, &op, Epilogue::NONE);
        gpu.finish().await;
        let mut laps = 1;
        let per_lap = loop {
            let start = now_ms();
            gpu.start_clock();
            for _ in 0..laps {
                matmul(gpu, &a, &b, &mut c, &op, Epilogue::NONE);
            }
            let kernels_ms = gpu.finish_timed().await;
            let took = now_ms() - start;
            if took >= TUNE_MS || laps >= MAX_LAPS {
                break kernels_ms.unwrap_or(took) / laps as f64;
            }
            laps *= 4;
        };
        if per_lap < fastest.1 {
            fastest = (kernel, per_lap);
        }
    }
    fastest
}
