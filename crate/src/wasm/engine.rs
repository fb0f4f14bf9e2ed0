//! Bindings of the tensor engine: its conformance suite and its benchmark, on a backend chosen by name.
//! The WebGPU backend is connected on first use and kept for the worker's lifetime (so it is `'static`:
//! models on it can live in JS-owned objects).

use super::{failed, from_js, to_js};
use crate::bench;
use crate::engine::simd::{threads, Simd};
use crate::engine::webgpu::{TunedKernels, WebGpu};
use crate::engine::{conformance, BackendKind};
use crate::on_backend;
use serde::Deserialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static GPU: RefCell<Option<&'static WebGpu>> = const { RefCell::new(None) };
    /// Where the page keeps the kernels tuned on its visits (`rememberTunedKernels`).
    static KEEPER: RefCell<Option<Keeper>> = const { RefCell::new(None) };
    /// The browser's name for the adapter the GPU connected to: what `page_key` leads with.
    static ADAPTER: RefCell<String> = RefCell::default();
}

/// The page's store of tuned kernels: `kept()` resolves to a `KeptKernels`, `keep(tuned)` keeps a
/// `TunedKernels`.
struct Keeper {
    kept: js_sys::Function,
    keep: js_sys::Function,
}

/// What the page kept from earlier visits, with the browser's name for the adapter the GPU will connect to
/// (in a browser wgpu's adapter info is empty).
#[derive(Default, Deserialize)]
struct KeptKernels {
    adapter: String,
    kernels: Vec<TunedKernels>,
}

/// A `TunedKernels::key` as the page keeps it: led by the browser's name for the adapter.
fn page_key(adapter: &str, key: &str) -> String {
    format!("{adapter} · {key}")
}

/// The kernels the page's GPU runs, under the key the page keeps them by.
fn tuned(gpu: &WebGpu) -> TunedKernels {
    let tuned = gpu.tuned();
    TunedKernels { key: ADAPTER.with(|adapter| page_key(&adapter.borrow(), &tuned.key)), ..tuned }
}

/// Hands the engine the page's store of tuned kernels: `kept()` (a promise of `{adapter, kernels}`) is
/// asked when the GPU first connects, so that kernels an earlier visit tuned on this adapter skip the
/// autotune, and `keep(tuned)` is called with what the autotune chose when it runs.
#[wasm_bindgen(js_name = rememberTunedKernels)]
pub fn remember_tuned_kernels(kept: js_sys::Function, keep: js_sys::Function) {
    KEEPER.with(|slot| *slot.borrow_mut() = Some(Keeper { kept, keep }));
}

/// One of the store's functions, once the page has handed the store over.
fn keeper(function: fn(&Keeper) -> &js_sys::Function) -> Option<js_sys::Function> {
    KEEPER.with(|slot| slot.borrow().as_ref().map(|keeper| function(keeper).clone()))
}

/// What the page's store holds; nothing where there is no store or it fails (every connection then tunes:
/// slower to connect, never wrong).
async fn kept_kernels() -> KeptKernels {
    let Some(kept) = keeper(|keeper| &keeper.kept) else {
        return KeptKernels::default();
    };
    let asked = kept.call0(&JsValue::NULL).map(js_sys::Promise::from);
    match asked.map(JsFuture::from) {
        Ok(answer) => answer.await.ok().and_then(|kept| from_js(kept).ok()).unwrap_or_default(),
        Err(_) => KeptKernels::default(),
    }
}

/// The kernels the page's GPU runs deep products with, and whether they were remembered; connects it first.
#[wasm_bindgen(js_name = tunedKernels)]
pub async fn tuned_kernels() -> Result<JsValue, JsValue> {
    Ok(to_js(&tuned(gpu().await?))?)
}

/// The page's GPU, connected on first use; an error once it was lost (a lab that was on it moved off).
pub(super) async fn gpu() -> Result<&'static WebGpu, JsError> {
    if let Some(gpu) = GPU.with(|gpu| *gpu.borrow()) {
        return match gpu.lost() {
            // Tensors made on the lost device may still be held: a new device would be handed them.
            Some(reason) => Err(JsError::new(&format!("the GPU was lost ({reason}); reload the page to use it again"))),
            None => Ok(gpu),
        };
    }
    let KeptKernels { adapter, kernels } = kept_kernels().await;
    let remembered = |key: &str| {
        let key = page_key(&adapter, key);
        kernels.into_iter().find(|kept| kept.key == key).map(|kept| kept.kernels)
    };
    let connected = WebGpu::connect_remembering(remembered).await.map_err(|e| JsError::new(&e))?;
    let gpu: &'static WebGpu = Box::leak(Box::new(connected));
    GPU.with(|slot| *slot.borrow_mut() = Some(gpu));
    ADAPTER.with(|slot| *slot.borrow_mut() = adapter);
    let tuned = tuned(gpu);
    if !tuned.remembered {
        if let Some(keep) = keeper(|keeper| &keeper.keep) {
            // Keeping the choice is the page's business: if it fails, the next visit tunes again.
            let _ = to_js(&tuned).map(|tuned| keep.call1(&JsValue::NULL, &tuned));
        }
    }
    Ok(gpu)
}

/// Why the page's GPU was lost, once it was.
pub(super) fn gpu_loss() -> Option<String> {
    GPU.with(|gpu| gpu.borrow().and_then(|gpu| gpu.lost()))
}

/// Destroys the page's GPU device, as a driver reset would: the tests' way to lose a GPU under a lab.
#[wasm_bindgen(js_name = loseGpu)]
pub fn lose_gpu() {
    if let Some(gpu) = GPU.with(|gpu| *gpu.borrow()) {
        gpu.destroy();
    }
}

/// The page's GPU, once `gpu` has connected it.
pub(super) fn connected_gpu() -> &'static WebGpu {
    GPU.with(|gpu| gpu.borrow().expect("the GPU is connected before anything runs on it"))
}

/// The backend `name` names ("scalar", "simd" or "webgpu").
pub(super) fn kind(name: &str) -> Result<BackendKind, JsError> {
    name.parse().map_err(|e: String| JsError::new(&e))
}

/// The checks worth running on `backend`: those of the ops it computes with code of its own.
#[wasm_bindgen(js_name = conformanceChecks)]
pub async fn conformance_checks(backend: String) -> Result<Vec<String>, JsError> {
    let checks = match kind(&backend)? {
        BackendKind::Scalar => return Err(scalar_is_the_reference()),
        BackendKind::Simd => conformance::own_checks(&Simd),
        BackendKind::WebGpu => conformance::own_checks(gpu().await?),
    };
    Ok(checks.into_iter().map(String::from).collect())
}

/// Runs one conformance check on `backend`; rejects with the first mismatch.
#[wasm_bindgen(js_name = runConformance)]
pub async fn run_conformance(backend: String, check: String) -> Result<(), JsError> {
    let result = match kind(&backend)? {
        BackendKind::Scalar => return Err(scalar_is_the_reference()),
        BackendKind::Simd => conformance::run(&Simd, &check).await,
        BackendKind::WebGpu => conformance::run(gpu().await?, &check).await,
    };
    result.map_err(failed)
}

/// The suite compares every other backend with the scalar one, so it has no checks of its own here (and
/// the module holds no copy of the suite for it: each is about 30 KB gzipped).
fn scalar_is_the_reference() -> JsError {
    JsError::new("the scalar backend is the reference the conformance suite compares others with")
}

/// Runs the int8 inference check (`conformance::int8_ops`) in this build; rejects with the first mismatch.
#[wasm_bindgen(js_name = runInt8Conformance)]
pub async fn run_int8_conformance() -> Result<(), JsError> {
    conformance::int8_ops().await.map_err(failed)
}

/// The names `runBenchmark` accepts.
#[wasm_bindgen(js_name = benchmarkWorkloads)]
pub fn benchmark_workloads() -> Vec<String> {
    bench::WORKLOADS.iter().map(|(id, _)| id.to_string()).collect()
}

/// Times one workload on `backend`: `{workload, backend, build, first_ms, median_ms, gflops,
/// samples_per_s, repeats}`.
#[wasm_bindgen(js_name = runBenchmark)]
pub async fn run_benchmark(backend: String, workload: String) -> Result<JsValue, JsError> {
    let measurement =
        on_backend!(kind(&backend)?, gpu().await?, |b| bench::measure(b, &workload, bench::Budget::default()).await)
            .map_err(failed)?;
    to_js(&measurement)
}

/// Times `work` (a `bench::Work` as JSON, e.g. `{kind: "matmul", size: 256}`) on `backend` for about
/// `budget_ms` after one cold and one warm-up run; the measurement is named `label`.
#[wasm_bindgen(js_name = measureWork)]
pub async fn measure_work(backend: String, label: String, work: JsValue, budget_ms: f64) -> Result<JsValue, JsError> {
    let work: bench::Work = serde_wasm_bindgen::from_value(work)?;
    // The lab's sweeps measure many sizes one after another, each briefly: no warm-up or sample by time.
    let budget = bench::Budget {
        warmup: 1,
        warmup_time: std::time::Duration::ZERO,
        min_repeats: 3,
        repeats: 15,
        sample_time: std::time::Duration::ZERO,
        time: std::time::Duration::from_secs_f64(budget_ms / 1e3),
    };
    let measurement = on_backend!(kind(&backend)?, gpu().await?, |b| bench::measure_work(b, &label, work, budget)
        .await)
    .map_err(failed)?;
    to_js(&measurement)
}

/// This module and its memory, as a helper Web Worker needs them to run on the same memory
/// (`web/src/engine/thread-helper.ts`). Only the threaded build's memory is shared.
#[wasm_bindgen(js_name = threadPoolInputs)]
pub fn thread_pool_inputs() -> js_sys::Array {
    [wasm_bindgen::module(), wasm_bindgen::memory()].into_iter().collect()
}

/// Counts this worker as a helper of the SIMD kernels' thread pool, which it then serves.
#[wasm_bindgen(js_name = joinThreadPool)]
pub fn join_thread_pool() -> Result<(), JsError> {
    if !cfg!(target_feature = "atomics") {
        return Err(failed("only the threaded build of the core shares its memory with helper threads"));
    }
    threads::join();
    Ok(())
}

/// Works on the thread pool's jobs until none has come for `idle_ms` (the worker's event loop waits
/// meanwhile).
#[wasm_bindgen(js_name = serveThreadPool)]
pub fn serve_thread_pool(idle_ms: u32) {
    threads::serve(std::time::Duration::from_millis(idle_ms.into()));
}

/// How many threads the SIMD kernels run on: the engine's own and the helpers that joined, up to the limit.
#[wasm_bindgen(js_name = threadCount)]
pub fn thread_count() -> usize {
    threads::threads()
}

/// For the test of the threaded build's view of its shared memory: blocks that a job's tasks allocate, each
/// larger than the memory has free (all are kept, so every round grows it again), copied out by the job's
/// caller, so in memory grown by whichever thread ran the task. `rounds` rounds of four tasks, each block
/// `block_len` floats; the copies' last values summed.
#[wasm_bindgen(js_name = copyBlocksGrownByTasks)]
pub fn copy_blocks_grown_by_tasks(rounds: usize, block_len: usize) -> f64 {
    assert!(block_len > 0, "a block holds one value or more");
    let mut kept = Vec::new();
    let mut copy = vec![0.0; block_len];
    let mut sum = 0.0;
    for round in 0..rounds {
        let mut blocks = vec![Vec::new(); 4];
        threads::for_each_chunk_mut(&mut blocks, 1, |task, block| {
            block[0] = vec![(4 * round + task) as f32; block_len];
        });
        for block in &blocks {
            copy.copy_from_slice(block);
            sum += f64::from(copy[block_len - 1]);
        }
        kept.extend(blocks);
    }
    sum
}

/// Lets the SIMD kernels use at most `count` threads (the backends lab's sweep), or all when none is given.
#[wasm_bindgen(js_name = limitThreads)]
pub fn limit_threads(count: Option<usize>) {
    threads::limit_threads(count.unwrap_or(usize::MAX));
}
