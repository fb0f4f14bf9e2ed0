//! The benchmark workloads of the perf anchor (`shared/perf-anchor/web/workloads.mjs`), on any backend:
//! W1 matmul, W2 convolutions, W3 one SGD step of the MNIST CNN at batch 64, W4 a Tiny-YOLOv2-like
//! network. Each is set up untimed (weights uploaded,
//! outputs allocated), run once cold (shader compilation and first-touch included, reported apart), warmed
//! up, then timed until enough repeats or the time budget; the median is reported.

use super::backend::Backend;
use super::ops::{Conv2d, Matmul, Padding, Pool2d, PoolKind, Window};
use crate::activation::Activation;
use crate::clock::now_ms;
use crate::models::cnn::{Cnn, CnnSpec, Optimiser};
use crate::rng::Rng;
use serde::Serialize;
use std::time::Duration;

pub const WORKLOADS: [&str; 6] = [
    "w1_matmul_256",
    "w1_matmul_1024",
    "w2_conv3x3_56x56x64",
    "w2_sepconv_112x112x32",
    "w3_mnist_train",
    "w4_tinyyolo_416",
];

/// W3's batch.
const TRAIN_BATCH: usize = 64;

#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    pub workload: String,
    pub backend: String,
    pub build: String,
    pub first_ms: f64,
    pub median_ms: f64,
    pub gflops: f64,
    /// Training workloads: images per second.
    pub samples_per_s: Option<f64>,
    pub repeats: usize,
}

/// How long to time and how often at least.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub warmup: usize,
    pub min_repeats: usize,
    pub max_repeats: usize,
    pub time: Duration,
}

impl Default for Budget {
    fn default() -> Self {
        Self { warmup: 2, min_repeats: 3, max_repeats: 20, time: Duration::from_secs(10) }
    }
}

fn random<B: Backend>(backend: &B, rng: &mut Rng, len: usize, scale: f32) -> B::Buffer {
    backend.upload(&(0..len).map(|_| rng.uniform_in(-scale, scale)).collect::<Vec<_>>())
}

fn same_window(size: usize, kernel: usize) -> Window {
    Window::new(1, size, size, (kernel, kernel), 1, Padding::Same)
}

/// A workload ready to run: its FLOPs, the samples one run processes (training), and a closure that
/// queues one run on the backend.
struct Prepared<'a> {
    flops: f64,
    samples: Option<usize>,
    run: Box<dyn FnMut() + 'a>,
}

fn prepare<'a, B: Backend>(backend: &'a B, id: &str) -> Result<Prepared<'a>, String> {
    let mut rng = Rng::new(7);
    Ok(match id {
        "w1_matmul_256" | "w1_matmul_1024" => {
            let size = if id.ends_with("256") { 256 } else { 1024 };
            let op = Matmul::new(size, size, size);
            let (a, b) = (random(backend, &mut rng, size * size, 1.0), random(backend, &mut rng, size * size, 1.0));
            let mut c = backend.upload(&vec![0.0; size * size]);
            Prepared { flops: op.flops(), samples: None, run: Box::new(move || backend.matmul(&a, &b, &mut c, &op)) }
        }
        "w2_conv3x3_56x56x64" => {
            let op = Conv2d { window: same_window(56, 3), in_channels: 64, out_channels: 64, groups: 1 };
            let x = random(backend, &mut rng, op.input_len(), 1.0);
            let w = random(backend, &mut rng, op.weights_len(), (6.0f32 / 576.0).sqrt());
            let mut y = backend.upload(&vec![0.0; op.output_len()]);
            Prepared { flops: op.flops(), samples: None, run: Box::new(move || backend.conv2d(&x, &w, &mut y, &op)) }
        }
        "w2_sepconv_112x112x32" => {
            let depthwise = Conv2d { window: same_window(112, 3), in_channels: 32, out_channels: 32, groups: 32 };
            let pointwise = Conv2d { window: same_window(112, 1), in_channels: 32, out_channels: 64, groups: 1 };
            let x = random(backend, &mut rng, depthwise.input_len(), 1.0);
            let dw = random(backend, &mut rng, depthwise.weights_len(), (6.0f32 / 9.0).sqrt());
            let pw = random(backend, &mut rng, pointwise.weights_len(), (6.0f32 / 32.0).sqrt());
            let mut middle = backend.upload(&vec![0.0; depthwise.output_len()]);
            let mut y = backend.upload(&vec![0.0; pointwise.output_len()]);
            Prepared {
                flops: depthwise.flops() + pointwise.flops(),
                samples: None,
                run: Box::new(move || {
                    backend.conv2d(&x, &dw, &mut middle, &depthwise);
                    backend.conv2d(&middle, &pw, &mut y, &pointwise);
                }),
            }
        }
        "w3_mnist_train" => {
            let mut model = Cnn::new(backend, &CnnSpec::default(), 7).expect("the default network is valid");
            let images: Vec<f32> = (0..TRAIN_BATCH * 28 * 28).map(|_| rng.uniform()).collect();
            let labels: Vec<u8> = (0..TRAIN_BATCH).map(|i| (i % 10) as u8).collect();
            let optimiser = Optimiser::Sgd { learning_rate: 0.01, momentum: 0.0 };
            Prepared {
                flops: 0.0,
                samples: Some(TRAIN_BATCH),
                run: Box::new(move || model.train_step(&images, &labels, optimiser)),
            }
        }
        "w4_tinyyolo_416" => tiny_yolo(backend, &mut rng),
        other => return Err(format!("unknown workload {other}; known: {}", WORKLOADS.join(", "))),
    })
}

/// The perf anchor's Tiny-YOLOv2-like network at 416²: 3×3 SAME convolutions (+ bias, leaky ReLU 0.1)
/// with 2×2 max pools, stride 2 then stride 1 SAME, ending in a linear 1×1 convolution to 125 channels.
fn tiny_yolo<'a, B: Backend>(backend: &'a B, rng: &mut Rng) -> Prepared<'a> {
    enum Op<Buffer> {
        Conv { op: Conv2d, weights: Buffer, bias: Buffer, activation: Activation },
        Pool(Pool2d),
    }
    // (kernel, out channels) for convolutions, (stride, 0) for pools.
    let plan: [(usize, usize); 15] = [
        (3, 16),
        (2, 0),
        (3, 32),
        (2, 0),
        (3, 64),
        (2, 0),
        (3, 128),
        (2, 0),
        (3, 256),
        (2, 0),
        (3, 512),
        (1, 0),
        (3, 1024),
        (3, 1024),
        (1, 125),
    ];
    let (mut size, mut channels, mut flops) = (416, 3, 0.0);
    // Every layer writes its own output buffer, so a run allocates nothing.
    let mut layers = Vec::new();
    for (index, &(kernel_or_stride, out_channels)) in plan.iter().enumerate() {
        let op = if out_channels == 0 {
            let stride = kernel_or_stride;
            let padding = if stride == 2 { Padding::Valid } else { Padding::Same };
            let window = Window::new(1, size, size, (2, 2), stride, padding);
            size = window.output().height;
            Op::Pool(Pool2d { window, channels, kind: PoolKind::Max })
        } else {
            let kernel = kernel_or_stride;
            let op = Conv2d { window: same_window(size, kernel), in_channels: channels, out_channels, groups: 1 };
            let fan_in = (kernel * kernel * channels) as f32;
            flops += op.flops();
            channels = out_channels;
            Op::Conv {
                weights: random(backend, rng, op.weights_len(), (6.0 / fan_in).sqrt()),
                bias: random(backend, rng, out_channels, 0.01),
                op,
                activation: if index + 1 == plan.len() { Activation::Linear } else { Activation::LeakyRelu(0.1) },
            }
        };
        layers.push((op, backend.upload(&vec![0.0; size * size * channels])));
    }
    let input = random(backend, rng, 416 * 416 * 3, 1.0);
    Prepared {
        flops,
        samples: None,
        run: Box::new(move || {
            for index in 0..layers.len() {
                let (done, rest) = layers.split_at_mut(index);
                let source = done.last().map_or(&input, |(_, output)| output);
                let (op, output) = &mut rest[0];
                match op {
                    Op::Conv { op, weights, bias, activation } => {
                        backend.conv2d(source, weights, output, op);
                        backend.bias_activation(output, bias, op.out_channels, *activation);
                    }
                    Op::Pool(op) => backend.pool2d(source, output, op),
                }
            }
        }),
    }
}

/// Runs workload `id` on `backend` and times it.
pub async fn measure<B: Backend>(backend: &B, id: &str, budget: Budget) -> Result<Measurement, String> {
    let mut prepared = prepare(backend, id)?;
    let mut times = Vec::new();
    let mut first_ms = 0.0;
    let started = now_ms();
    for run in 0.. {
        let timed = run > budget.warmup;
        let elapsed = now_ms() - started;
        if timed
            && times.len() >= budget.min_repeats
            && (times.len() >= budget.max_repeats || elapsed > budget.time.as_secs_f64() * 1e3)
        {
            break;
        }
        let start = now_ms();
        (prepared.run)();
        backend.finish().await;
        let ms = now_ms() - start;
        if run == 0 {
            first_ms = ms;
        } else if timed {
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    let median_ms = times[times.len() / 2];
    Ok(Measurement {
        workload: id.to_string(),
        backend: backend.name(),
        build: build_name().to_string(),
        first_ms,
        median_ms,
        gflops: prepared.flops / (median_ms * 1e6),
        samples_per_s: prepared.samples.map(|samples| samples as f64 / (median_ms / 1e3)),
        repeats: times.len(),
    })
}

/// Which compilation of the engine ran: native, or the browser's wasm with or without relaxed SIMD.
pub fn build_name() -> &'static str {
    if cfg!(not(target_arch = "wasm32")) {
        "native"
    } else if cfg!(target_feature = "relaxed-simd") {
        "relaxed-simd"
    } else {
        "simd128"
    }
}
