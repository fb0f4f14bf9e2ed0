//! Timed work on any backend: the benchmark workloads of the perf anchor (`shared/perf-anchor/web/
//! workloads.mjs`: W1 matmul, W2 convolutions, W3 one SGD step of the MNIST CNN at batch 64, W4 a
//! Tiny-YOLOv2-like network) and the backends lab's sweeps, which run the same kinds of work at other sizes.
//!
//! Each piece of work is set up untimed (weights uploaded, outputs allocated), then run in the three stages a
//! GPU user pays for, each timed on its own: its input uploaded, the compute, its result read back. The
//! first run (shader compilation and first touch included) is reported apart, then after a warm-up the runs
//! are timed until there are enough over long enough, or the time budget is spent; medians are reported.
//! Work whose first run alone exceeds the budget is timed once more, warm.

use crate::clock::now_ms;
use crate::engine::ops::{Conv2d, Image, Matmul, Padding, Window};
use crate::engine::Backend;
use crate::models::cnn::{Cnn, CnnSpec};
use crate::models::darknet::{cfg, network, Darknet, DarknetModel};
use crate::nn::Optimiser;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One kind of work at one size.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Work {
    /// A size × size matrix times another.
    Matmul { size: usize },
    /// A 3×3 SAME convolution of one size × size × channels image to as many channels.
    Conv3x3 { size: usize, channels: usize },
    /// A depthwise 3×3 SAME convolution of one size × size × channels image, then a 1×1 one to twice the channels.
    SeparableConv { size: usize, channels: usize },
    /// One SGD step of the CNN lab's default network on a batch of 28 × 28 images.
    TrainStep { batch: usize },
    /// One frame of the Tiny-YOLOv2-like network at size × size (a multiple of 32).
    DetectorFrame { size: usize },
}

/// The perf anchor's workloads by their ids.
pub const WORKLOADS: [(&str, Work); 6] = [
    ("w1_matmul_256", Work::Matmul { size: 256 }),
    ("w1_matmul_1024", Work::Matmul { size: 1024 }),
    ("w2_conv3x3_56x56x64", Work::Conv3x3 { size: 56, channels: 64 }),
    ("w2_sepconv_112x112x32", Work::SeparableConv { size: 112, channels: 32 }),
    ("w3_mnist_train", Work::TrainStep { batch: 64 }),
    ("w4_tinyyolo_416", Work::DetectorFrame { size: 416 }),
];

/// Workloads only a real GPU is timed on (scripts/gpu-bench/): big enough to keep a discrete card busy, where
/// the anchor's sizes measure its launch overhead.
pub const GPU_WORKLOADS: [(&str, Work); 1] = [("w1_matmul_4096", Work::Matmul { size: 4096 })];

/// The work of a perf-anchor or GPU workload id.
pub fn workload(id: &str) -> Result<Work, String> {
    let every = || WORKLOADS.iter().chain(&GPU_WORKLOADS);
    let known = || every().map(|(id, _)| *id).collect::<Vec<_>>().join(", ");
    every()
        .find(|(name, _)| *name == id)
        .map(|&(_, work)| work)
        .ok_or_else(|| format!("unknown workload {id}; known: {}", known()))
}

/// One timed workload. Unlike everything else that crosses to the page, its keys are snake_case: it is the
/// benchmark's record, written to the JSON files the results pages and the Python anchor
/// (scripts/gpu-bench/torch_anchor.py) read.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Measurement {
    pub workload: String,
    pub backend: String,
    pub build: String,
    /// Threads the backend computed on.
    pub threads: usize,
    /// The first compute, cold: pipeline creation, shader compilation, first touch of memory.
    pub first_ms: f64,
    /// The compute, warm (the median of the timed runs, as all the times below).
    pub median_ms: f64,
    /// The compute, warm, by the device's own clock where it has one (GPU timestamps around the compute
    /// passes): the time its kernels ran, without recording, submitting and waiting for them.
    pub kernel_ms: Option<f64>,
    /// Writing the input into the backend's buffer (host to GPU for WebGPU, a copy for the CPU backends).
    pub upload_ms: f64,
    /// Reading the result back (GPU to host for WebGPU).
    pub readback_ms: f64,
    /// From the compute; for training, the usual estimate of three forward passes' FLOPs.
    pub gflops: f64,
    /// Training workloads: images per second.
    pub samples_per_s: Option<f64>,
    pub repeats: usize,
}

/// How long to warm up and to time, and how often.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Untimed runs after the first: at least this many, and until `warmup_time` has passed since the first
    /// began. The first half second runs slower than what follows, on several threads much slower: W3 on two
    /// threads took 7–13 ms a step for its first 50 steps in Chromium and 4.5 ms after (a build that logged
    /// each step), natively 3.7 ms for its first 25 and 2.5 after. The browser's optimising compiler works
    /// on the hot functions then, in the background, on the cores a threaded run needs.
    pub warmup: usize,
    pub warmup_time: Duration,
    /// Timed runs: at least `min_repeats`; then until `repeats` and `sample_time` are both reached (a few
    /// milliseconds' work timed 20 times is a sample of a moment, which a busy machine can spoil whole), or
    /// `time` since the first run began.
    pub min_repeats: usize,
    pub repeats: usize,
    pub sample_time: Duration,
    pub time: Duration,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            warmup: 2,
            warmup_time: Duration::from_millis(500),
            min_repeats: 3,
            repeats: 20,
            sample_time: Duration::from_secs(1),
            time: Duration::from_secs(10),
        }
    }
}

fn random_values(rng: &mut Rng, len: usize, scale: f32) -> Vec<f32> {
    (0..len).map(|_| rng.uniform_in(-scale, scale)).collect()
}

fn random<B: Backend>(backend: &B, rng: &mut Rng, len: usize, scale: f32) -> B::Buffer {
    backend.upload(&random_values(rng, len, scale))
}

fn same_window(size: usize, kernel: usize) -> Window {
    Window::new(1, size, size, (kernel, kernel), 1, Padding::Same)
}

/// A layer's weights scaled for its fan-in (He-uniform), so activations stay in range through a deep stack.
fn he_values(rng: &mut Rng, op: &Conv2d) -> Vec<f32> {
    let fan_in = (op.window.kernel_h * op.window.kernel_w * op.in_per_group()) as f32;
    random_values(rng, op.weights_len(), (6.0 / fan_in).sqrt())
}

fn he_weights<B: Backend>(backend: &B, rng: &mut Rng, op: &Conv2d) -> B::Buffer {
    backend.upload(&he_values(rng, op))
}

/// Queues ops reading the first buffer and writing the second.
type RunOps<'a, B> = Box<dyn FnMut(&<B as Backend>::Buffer, &mut <B as Backend>::Buffer) + 'a>;

/// Work set up on a backend, ready to run its stages.
struct Prepared<'a, B: Backend> {
    backend: &'a B,
    flops: f64,
    samples: Option<usize>,
    stages: Stages<'a, B>,
}

enum Stages<'a, B: Backend> {
    /// Ops from `input` to `output`, queued by `run`; the weights and intermediate buffers live in `run`.
    Ops { host_input: Vec<f32>, input: B::Buffer, output: B::Buffer, run: RunOps<'a, B> },
    /// A training step: the batch is its input, the loss its result.
    Training { model: Box<Cnn<'a, B>>, images: Vec<f32>, labels: Vec<u8> },
    /// A network's forward pass: the image is its input, layer `output`'s value its result.
    Network { net: Box<Darknet<'a, B>>, image: Vec<f32>, output: usize },
}

/// W3's optimiser.
const TRAINING: Optimiser = Optimiser::Sgd { learning_rate: 0.01, momentum: 0.0 };

impl<'a, B: Backend> Prepared<'a, B> {
    /// Work made of ops reading an `input_len` input (random values) into an `output_len` output.
    fn ops(backend: &'a B, flops: f64, input_len: usize, output_len: usize, run: RunOps<'a, B>) -> Self {
        let host_input = random_values(&mut Rng::new(11), input_len, 1.0);
        let (input, output) = (backend.upload(&host_input), backend.upload(&vec![0.0; output_len]));
        Self { backend, flops, samples: None, stages: Stages::Ops { host_input, input, output, run } }
    }

    fn upload(&mut self) {
        match &mut self.stages {
            Stages::Ops { host_input, input, .. } => self.backend.write(input, host_input),
            Stages::Training { model, images, labels } => model.load_batch(images, labels),
            Stages::Network { net, image, .. } => net.write_input(image),
        }
    }

    fn compute(&mut self) {
        match &mut self.stages {
            Stages::Ops { input, output, run, .. } => run(input, output),
            Stages::Training { model, labels, .. } => model.train_loaded_batch(labels.len(), TRAINING),
            Stages::Network { net, .. } => net.forward(),
        }
    }

    /// The work `laps` times over, one after the other (a sample of work too short to time once).
    fn compute_laps(&mut self, laps: usize) {
        for _ in 0..laps {
            self.compute();
        }
    }

    async fn read_back(&self) {
        match &self.stages {
            Stages::Ops { output, .. } => drop(self.backend.read(output).await),
            Stages::Training { model, .. } => drop(model.last_loss().await),
            Stages::Network { net, output, .. } => drop(net.output(*output).await),
        }
    }
}

fn prepare<B: Backend>(backend: &B, work: Work) -> Result<Prepared<'_, B>, String> {
    let mut rng = Rng::new(7);
    let ops = |flops, input_len, output_len, run| Prepared::ops(backend, flops, input_len, output_len, run);
    Ok(match work {
        Work::Matmul { size } => {
            let op = Matmul::new(size, size, size);
            let b = random(backend, &mut rng, size * size, 1.0);
            ops(op.flops(), size * size, size * size, Box::new(move |a, c| backend.matmul(a, &b, c, &op)))
        }
        Work::Conv3x3 { size, channels } => {
            let op = Conv2d { window: same_window(size, 3), in_channels: channels, out_channels: channels, groups: 1 };
            let w = he_weights(backend, &mut rng, &op);
            ops(op.flops(), op.input_len(), op.output_len(), Box::new(move |x, y| backend.conv2d(x, &w, y, &op)))
        }
        Work::SeparableConv { size, channels } => {
            let depthwise = Conv2d {
                window: same_window(size, 3),
                in_channels: channels,
                out_channels: channels,
                groups: channels,
            };
            let pointwise =
                Conv2d { window: same_window(size, 1), in_channels: channels, out_channels: 2 * channels, groups: 1 };
            let dw = he_weights(backend, &mut rng, &depthwise);
            let pw = he_weights(backend, &mut rng, &pointwise);
            let mut middle = backend.upload(&vec![0.0; depthwise.output_len()]);
            let run = move |x: &B::Buffer, y: &mut B::Buffer| {
                backend.conv2d(x, &dw, &mut middle, &depthwise);
                backend.conv2d(&middle, &pw, y, &pointwise);
            };
            ops(depthwise.flops() + pointwise.flops(), depthwise.input_len(), pointwise.output_len(), Box::new(run))
        }
        Work::TrainStep { batch } => {
            let spec = CnnSpec::default();
            let forward_flops: u64 = spec.summary()?.iter().map(|layer| layer.flops).sum();
            Prepared {
                backend,
                flops: 3.0 * forward_flops as f64 * batch as f64,
                samples: Some(batch),
                stages: Stages::Training {
                    model: Box::new(Cnn::new(backend, &spec, 7)?),
                    images: (0..batch * spec.side * spec.side).map(|_| rng.uniform()).collect(),
                    labels: (0..batch).map(|i| (i % spec.classes) as u8).collect(),
                },
            }
        }
        Work::DetectorFrame { size } => tiny_yolo(backend, &mut rng, size)?,
    })
}

/// The perf anchor's Tiny-YOLOv2-like network as darknet cfg text: 3×3 SAME convolutions (+ bias, leaky
/// ReLU 0.1), each of the first six followed by a 2×2 max pool (stride 2, the sixth stride 1), two more at
/// 1024 channels, then a linear 1×1 convolution to 125 channels.
fn tiny_yolo_cfg() -> String {
    let conv = |filters: usize, size: usize, activation: &str| {
        format!("[convolutional]\nfilters={filters}\nsize={size}\npad=1\nactivation={activation}\n")
    };
    let mut cfg = String::from("[net]\nwidth=416\nheight=416\nchannels=3\n");
    for (filters, pool_stride) in [(16, 2), (32, 2), (64, 2), (128, 2), (256, 2), (512, 1)] {
        cfg += &conv(filters, 3, "leaky");
        cfg += &format!("[maxpool]\nsize=2\nstride={pool_stride}\n");
    }
    cfg + &conv(1024, 3, "leaky") + &conv(1024, 3, "leaky") + &conv(125, 1, "linear")
}

/// W4 at any size that is a multiple of 32, with He-uniform weights and small random biases.
fn tiny_yolo<'a, B: Backend>(backend: &'a B, rng: &mut Rng, input_size: usize) -> Result<Prepared<'a, B>, String> {
    if input_size == 0 || !input_size.is_multiple_of(32) {
        return Err(format!("the detector's input size must be a multiple of 32, not {input_size}"));
    }
    let cfg = cfg::parse(&tiny_yolo_cfg())?;
    let input = Image { batch: 1, height: input_size, width: input_size, channels: cfg.channels };
    let shapes = network::shapes(&cfg, input)?;
    let (mut flops, mut parameters) = (0.0, Vec::new());
    for (index, layer) in cfg.layers.iter().enumerate() {
        if let cfg::Layer::Convolutional(conv) = layer {
            let before = if index == 0 { input } else { shapes[index - 1] };
            let op = Conv2d {
                window: same_window(before.height, conv.size),
                in_channels: before.channels,
                out_channels: conv.filters,
                groups: 1,
            };
            flops += op.flops();
            parameters.push((he_values(rng, &op), random_values(rng, conv.filters, 0.01)));
        }
    }
    let last = cfg.layers.len() - 1;
    let model = DarknetModel::from_parameters(cfg, parameters)?;
    let net = Darknet::new(backend, &model, input_size, input_size, &[last])?;
    let image = random_values(rng, input_size * input_size * 3, 1.0);
    Ok(Prepared { backend, flops, samples: None, stages: Stages::Network { net: Box::new(net), image, output: last } })
}

/// Runs workload `id` (one of `WORKLOADS`) on `backend` and times it.
pub async fn measure<B: Backend>(backend: &B, id: &str, budget: Budget) -> Result<Measurement, String> {
    measure_work(backend, id, workload(id)?, budget).await
}

/// Sets up `work` on `backend` and times its stages; `label` names it in the measurement.
pub async fn measure_work<B: Backend>(
    backend: &B,
    label: &str,
    work: Work,
    budget: Budget,
) -> Result<Measurement, String> {
    let mut prepared = prepare(backend, work)?;
    // The first run is cold however many ran before it: it compiles its kernels, as a page's first run does.
    backend.forget_compiled();
    let (mut upload, mut compute, mut readback) = (Vec::new(), Vec::new(), Vec::new());
    let mut kernel = Vec::new();
    let (mut warmup, mut min_repeats) = (budget.warmup, budget.min_repeats);
    let ms = |duration: Duration| duration.as_secs_f64() * 1e3;
    let mut first_ms = 0.0;
    let mut laps = 1;
    let started = now_ms();
    // When the timed runs began.
    let mut timing_since = None;
    for run in 0.. {
        let now = now_ms();
        if timing_since.is_none() && run > warmup && now - started >= ms(budget.warmup_time) {
            timing_since = Some(now);
        }
        if let Some(since) = timing_since {
            let sampled = compute.len() >= budget.repeats && now - since >= ms(budget.sample_time);
            if compute.len() >= min_repeats && (sampled || now - started > ms(budget.time)) {
                break;
            }
        }
        let start = now;
        prepared.upload();
        backend.finish().await;
        let uploaded = now_ms();
        backend.start_clock();
        prepared.compute_laps(laps);
        backend.finish().await;
        let computed = now_ms();
        // Read after the wall-clock time is taken, so that reading the clock is not timed as compute.
        let kernel_ms = backend.finish_timed().await;
        let reading = now_ms();
        prepared.read_back().await;
        let read = now_ms();
        if run == 0 {
            first_ms = computed - uploaded;
            // Work slower than the whole budget (a detector frame on a software GPU) is timed once, warm.
            if first_ms > ms(budget.time) {
                (warmup, min_repeats) = (0, 1);
            }
            laps = laps_per_sample(&mut prepared, backend).await;
        } else if timing_since.is_some() {
            upload.push(uploaded - start);
            compute.push((computed - uploaded) / laps as f64);
            readback.push(read - reading);
            kernel.push(kernel_ms.map(|ms| ms / laps as f64));
        }
    }
    let median_ms = median(&mut compute);
    Ok(Measurement {
        workload: label.to_string(),
        backend: backend.name(),
        build: build_name().to_string(),
        threads: backend.threads(),
        first_ms,
        median_ms,
        kernel_ms: kernel.into_iter().collect::<Option<Vec<f64>>>().map(|mut times| median(&mut times)),
        upload_ms: median(&mut upload),
        readback_ms: median(&mut readback),
        gflops: prepared.flops / (median_ms * 1e6),
        samples_per_s: prepared.samples.map(|samples| samples as f64 / (median_ms / 1e3)),
        repeats: compute.len(),
    })
}

/// The shortest timed sample. The browser's clock ticks in steps of 5 µs (100 µs where the page is not
/// cross-origin isolated), so a small piece of work is run several times in one sample: timed once, it could
/// take "0 ms" and read as infinite GFLOP/s.
const MIN_SAMPLE_MS: f64 = 1.0;

/// How many computes one timed sample runs so that it lasts at least `MIN_SAMPLE_MS`.
async fn laps_per_sample<B: Backend>(prepared: &mut Prepared<'_, B>, backend: &B) -> usize {
    let mut laps = 1usize;
    loop {
        let start = now_ms();
        prepared.compute_laps(laps);
        backend.finish().await;
        let took = now_ms() - start;
        if took >= MIN_SAMPLE_MS || laps >= 1 << 20 {
            return laps;
        }
        // Aim a little past the minimum; a sample that read 0 ms says only that it was short.
        let grow = if took > 0.0 { (1.5 * MIN_SAMPLE_MS / took).ceil() as usize } else { 8 };
        laps = (laps * grow.max(2)).min(1 << 20);
    }
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Which compilation of the engine ran: native, or the browser's wasm with or without relaxed SIMD.
pub fn build_name() -> &'static str {
    if cfg!(not(target_arch = "wasm32")) {
        "native"
    } else if cfg!(target_feature = "atomics") {
        "threads"
    } else if cfg!(target_feature = "relaxed-simd") {
        "relaxed-simd"
    } else {
        "simd128"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scalar::Scalar;

    const QUICK: Budget = Budget {
        warmup: 0,
        warmup_time: Duration::ZERO,
        min_repeats: 1,
        repeats: 1,
        sample_time: Duration::ZERO,
        time: Duration::ZERO,
    };

    #[test]
    fn every_kind_of_work_runs_and_reports_its_stages() {
        let works = [
            Work::Matmul { size: 7 },
            Work::Conv3x3 { size: 5, channels: 3 },
            Work::SeparableConv { size: 5, channels: 3 },
            Work::TrainStep { batch: 2 },
            Work::DetectorFrame { size: 32 },
        ];
        for work in works {
            let m = pollster::block_on(measure_work(&Scalar, "small", work, QUICK)).unwrap();
            assert!(m.median_ms > 0.0 && m.upload_ms >= 0.0 && m.readback_ms >= 0.0, "{work:?}: {m:?}");
            assert!(m.gflops > 0.0, "{work:?} has no FLOP count");
            assert_eq!(m.samples_per_s.is_some(), matches!(work, Work::TrainStep { .. }));
        }
    }

    #[test]
    fn fast_work_is_warmed_up_and_sampled_for_the_times_asked_not_only_the_counts() {
        let budget = Budget {
            warmup: 0,
            warmup_time: Duration::from_millis(60),
            min_repeats: 1,
            repeats: 1,
            sample_time: Duration::from_millis(40),
            time: Duration::from_secs(60),
        };
        let started = now_ms();
        let m = pollster::block_on(measure_work(&Scalar, "tiny", Work::Matmul { size: 4 }, budget)).unwrap();
        let took = now_ms() - started;
        // Each sample lasts about MIN_SAMPLE_MS (laps of the work), so 40 ms hold tens of them.
        assert!(m.repeats >= 10, "{} samples in {took:.1} ms", m.repeats);
        assert!(took >= 100.0, "warm-up and sampling took {took:.1} ms");
    }

    /// The FLOP counts of ../shared/perf-anchor/web/workloads.mjs, written out from its formulas, so the
    /// GFLOP/s of every engine are comparable.
    #[test]
    fn each_workload_counts_the_flops_the_perf_anchor_counts() {
        let conv = |h: f64, cin: f64, cout: f64, k: f64| 2.0 * h * h * cin * cout * k * k;
        // Tiny-YOLOv2-like: 3×3 convolutions down to 13 × 13 through 2×2 pools, two 1024-channel 3×3 at 13,
        // then the 1×1 head to 125.
        let tiny_yolo = conv(416.0, 3.0, 16.0, 3.0)
            + conv(208.0, 16.0, 32.0, 3.0)
            + conv(104.0, 32.0, 64.0, 3.0)
            + conv(52.0, 64.0, 128.0, 3.0)
            + conv(26.0, 128.0, 256.0, 3.0)
            + conv(13.0, 256.0, 512.0, 3.0)
            + conv(13.0, 512.0, 1024.0, 3.0)
            + conv(13.0, 1024.0, 1024.0, 3.0)
            + conv(13.0, 1024.0, 125.0, 1.0);
        let anchor = [
            ("w1_matmul_256", 2.0 * 256f64.powi(3)),
            ("w1_matmul_1024", 2.0 * 1024f64.powi(3)),
            ("w2_conv3x3_56x56x64", conv(56.0, 64.0, 64.0, 3.0)),
            ("w2_sepconv_112x112x32", 2.0 * 112.0 * 112.0 * 32.0 * 9.0 + 2.0 * 112.0 * 112.0 * 32.0 * 64.0),
            ("w4_tinyyolo_416", tiny_yolo),
        ];
        for (id, flops) in anchor {
            let prepared = prepare(&Scalar, workload(id).unwrap()).unwrap();
            assert_eq!(prepared.flops, flops, "{id}");
        }
    }

    #[test]
    fn samples_per_second_is_the_batch_over_the_median_step() {
        let m = pollster::block_on(measure_work(&Scalar, "small", Work::TrainStep { batch: 3 }, QUICK)).unwrap();
        let expected = 3.0 / (m.median_ms / 1e3);
        assert!((m.samples_per_s.unwrap() / expected - 1.0).abs() < 1e-12, "{m:?}");
    }

    #[test]
    fn work_is_read_from_the_pages_json() {
        let work: Work = serde_json::from_str(r#"{"kind": "conv3x3", "size": 32, "channels": 16}"#).unwrap();
        assert_eq!(work, Work::Conv3x3 { size: 32, channels: 16 });
        assert!(prepare(&Scalar, Work::DetectorFrame { size: 100 }).is_err());
        assert!(workload("w9").unwrap_err().contains("w1_matmul_256"));
        assert_eq!(workload("w1_matmul_4096"), Ok(Work::Matmul { size: 4096 }));
    }
}
