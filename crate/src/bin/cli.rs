//! `playground`: the native command-line face of the core, for instructors preparing a session, for CI and
//! for benchmarks on machines with a real GPU.

use playground::augment::DigitAugmentation;
use playground::bench::{self, Budget, Measurement};
use playground::compress::prune::Pruning;
use playground::compress::{Encoding, ValueCoding};
use playground::data::image_set::ImageSet;
use playground::data::{convert, dataset, DatasetInfo, DATASETS};
use playground::engine::ops::Cell;
use playground::engine::simd::threads;
use playground::engine::webgpu::{ProductKernels, WebGpu};
use playground::engine::{Backend, BackendKind};
use playground::labs::autoencoder::{AutoencoderTraining, Noise};
use playground::labs::chars::{validate_temperature, CharText};
use playground::labs::cnn::{Trainer, TrainingConfig};
use playground::labs::compress::Setting;
use playground::labs::gan::{GanTraining, Mixture};
use playground::labs::inside::attack::{Attack, AttackKind};
use playground::labs::rnn::{MemoryTask, SequenceTraining};
use playground::labs::{dcgan, pix2pix};
use playground::models::autoencoder::{AutoencoderKind, AutoencoderSpec};
use playground::models::classifier::{top, Classifier, ClassifierModel};
use playground::models::cnn::CnnSpec;
use playground::models::dcgan::DcganSpec;
use playground::models::detector::{Detections, Detector, DetectorModel, Thresholds};
use playground::models::pix2pix::Pix2pixSpec;
use playground::models::recurrent::RecurrentSpec;
use playground::models::{safetensors, served};
use playground::nn::Optimiser;
use playground::on_backend;
use playground::{backends, clock, VERSION};
use std::path::Path;
use std::process::ExitCode;

#[path = "cli/attack.rs"]
mod attack;
#[path = "cli/autoencoder.rs"]
mod autoencoder;
#[path = "cli/compress.rs"]
mod compress;
#[path = "cli/gan.rs"]
mod gan;
#[path = "cli/rnn.rs"]
mod rnn;
#[path = "cli/transfer.rs"]
mod transfer;

const USAGE: &str = "usage: playground <command> [options]

commands:
  info    print the version and the compute backends found on this machine
  bench   time the benchmark workloads and print a table
            --workloads W1,W2,...   (default: all of them)
            --backends B1,B2,...    scalar, simd, webgpu (default: simd,webgpu)
            --threads N             threads the SIMD kernels split their work over (default: 1)
            --json FILE             also write the measurements as JSON
  convert-data
          convert MNIST and Fashion-MNIST's original idx files into what the site serves
            --from DIR              folder with mnist/ and fashion-mnist/ (default: ../shared/data)
            --to DIR                (default: web/public/data)
          and the labs' sample photos into web/public/samples/
  convert-models
          check the pretrained detectors and the classifier and copy them with provenance into what the site serves
            --from DIR              the original releases (default: ../shared/models)
            --to DIR                (default: static-models)
  detect  detect objects in image files; prints one JSON line per image, boxes in pixels, best first
            --model M               tiny-face, yolo-fastest-1.1 or yolo-fastest-1.1-xl (default: yolo-fastest-1.1)
            --models DIR            where the served models are (default: static-models)
            --cfg F --weights F --names F   a darknet YOLO model of your own instead
            --size N, --conf X, --nms X     (default: the model's own: face 416 / 0.5 / 0.4, Yolo-Fastest 320 / 0.25 / 0.45)
            --backend B             scalar, simd or webgpu (default: simd)
            --input-tensor F.f32 --dump-heads DIR   run on a raw NHWC float32 input, write each raw head
  classify
          classify image files with the ImageNet classifier; prints one JSON line per image, the top 5 classes
            --models DIR            where the served models are (default: static-models)
            --backend B             scalar, simd or webgpu (default: simd)
  transfer
          the transfer lab: the ImageNet classifier's features of one folder of images per class, the last quarter
          of each class (by file name) held out; prints the examples per class and each head's accuracies
            --classes DIR           one folder of PNG or JPEG images per class (required)
            --cut LAYER             the layer whose maps' means are the features (default: the one below the classifier)
            --head svm|softmax|knn  (default: all three; SVM and softmax with C = 1, k-NN with k = 3 and cosine)
            --models DIR, --backend B   as for classify
            --features-out FILE     also write every image's features as JSON
  train-mnist
          train the CNN lab's default network and print test accuracy per epoch
            --dataset mnist|fashion (default: mnist)
            --data DIR              the served form (default: web/public/data), or
            --idx DIR               a folder with the four original idx .gz files
            --epochs N              (default: 2)
            --backend B             scalar, simd or webgpu (default: simd)
            --batch N, --lr X, --optimiser adam|sgd, --augment
            --load FILE             start from a saved network (.safetensors, or compress's .pgcz): its
                                    architecture and weights; with --epochs 0 it is only scored
            --save FILE.safetensors
  attack  attack a CNN from train-mnist --save on the test set; prints one JSON line with the clean and the
          adversarial accuracy
            --model FILE.safetensors (required)
            --dataset mnist|fashion, --data DIR, --idx DIR   as for train-mnist
            --attack fgsm|pgd|noise (default: fgsm; noise is the control: ±ε at random)
            --epsilon X             the L∞ budget, pixels in [0, 1] (required)
            --steps N               PGD's steps (default: 10)
            --images N              the first N test images (default: 1000)
            --backend B             scalar, simd or webgpu (default: simd)
  compress
          compress a CNN from train-mnist --save; prints one JSON line with the file's bytes and test accuracy
          beside the float32 file's, and writes the compressed file (every command and lab that takes a model
          reads it)
            --model FILE.safetensors (required)
            --dataset mnist|fashion, --data DIR, --idx DIR   as for train-mnist
            --prune X               prune the fraction X of weights by magnitude (per layer; --global: over all)
            --structured            prune whole filters and neurons instead (not the last layer's)
            --retrain EPOCHS        retrain after pruning, the pruned weights held at zero (default: 0)
            --cluster-bits B        share each layer's weights among 2^B values (k-means)
            --tune-centroids EPOCHS   then fine-tune the shared values (default: 0), or
            --int8                  int8 with a scale per output channel, or --f16
            --rank R                store weight matrices as rank-R factors; R1,R2,... one a weight
                                    tensor in order (0: not factored)
            --huffman               Huffman-code positions, int8 values and shared indices
            --out FILE              the compressed file
            --backend B             scalar, simd or webgpu (default: simd)
  autoencoder
          train an autoencoder; prints one JSON line per epoch (0: untrained) with the test set's reconstruction
          error (mse) and PSNR in dB, and with --noise the noisy input's (noisyMse, noisyPsnr)
            --dataset mnist|fashion, --data DIR, --idx DIR   as for train-mnist
            --kind dense|conv       (default: conv; dense has one hidden layer of 256, or --hidden N1,N2,...)
            --code N                code units (default: 16)
            --noise X               denoising: the noise's level (Gaussian σ, or the fraction of pixels hit)
            --noise-kind gaussian|salt-and-pepper|masking   (default: gaussian)
            --sparsity X            an L1 penalty of X on ReLU codes (a sparse autoencoder)
            --epochs N              (default: 2)
            --train-images N        train on N images of the training set (default: all)
            --batch N, --lr X       (default: 64, Adam at 0.005)
            --save FILE.safetensors
            --few-labels N1,N2,...  then, for N labelled training digits per class, the test accuracy of a
                                    linear SVM on the codes, one on the pixels and the CNN lab's network trained
                                    from scratch on them (one JSON line each)
            --backend B             scalar, simd or webgpu (default: simd)
  gan
          train the DCGAN on digits (noise → 7×7 → 14×14 → 28×28 by transposed convolutions with batch norm;
          a convolutional discriminator): a JSON line every --every iterations with both losses
            --dataset mnist|fashion (or --idx DIR), --iterations N or --epochs N (default: 1000 iterations)
            --noise N, --filters N  noise values per image and the 14×14 layer's filters (default: 32, 32)
            --lr-g X, --lr-d Y      Adam learning rates (default: 0.0002), --beta1 B (default: 0.5),
                                    --batch N (default: 64)
            --save F                the generator as a .safetensors file
            --samples N --out F     N images from fresh noise, written as an idx3 file (28×28 bytes each)
            --read-with F           then a CNN from train-mnist --save reads them: one JSON line, the share it
                                    reads with probability ≥ 0.9 and how many of those it reads as each class
  pix2pix
          train pix2pix on (Sobel edge map, digit) pairs: a U-Net generator, a PatchGAN discriminator, the
          generator's loss adding 100 × the mean absolute difference to the real digit; a JSON line every
          --every iterations with the losses, the test pairs' mean absolute difference (testL1) and that of
          the better of a blank image and the mean training digit (baselineL1)
            --dataset mnist|fashion (or --idx DIR), --iterations N (default: 1000), --every N (default: 100)
            --filters N             the 14×14 layers' filters (default: 16)
            --lr-g X, --lr-d Y      Adam learning rates (default: 0.0002), --beta1 B (default: 0.5),
                                    --batch N (default: 16)
            --test-images N         test pairs measured (default: 1000), --save F the generator
            --backend B             scalar, simd or webgpu (default: simd)
  gan-plane
          train the GAN lab's generator and discriminator on a mixture of Gaussians in the plane; prints a JSON
          line every --every iterations: both losses, the histogram distance of 2000 generated points to 2000
          of the target (0: the same, 1: no overlap) and the target's modes they cover
            --modes K               the target: K modes on a circle (default: 2)
            --radius R, --spread S  the circle's radius and each mode's σ (default: 1, 0.2)
            --iterations N          (default: 4000), --every N (default: 250)
            --hidden N1,N2,...      both networks' hidden layers (default: 32,32)
            --d-steps S             discriminator steps per generator step (default: 3)
            --lr-g X, --lr-d Y      SGD learning rates (default: 0.02, 0.05)
            --backend B             scalar, simd or webgpu (default: simd)
  rnn     train a recurrent network on a memory task, sequence MNIST, house numbers or a text; a JSON line every
          --every steps with the loss and the gradient's norm before clipping, then one with the task's score on
          test sequences and the baseline of a network that learned nothing
            --task adding|copy|seq-mnist|house-numbers|chars   the adding problem (score: MSE; baseline 1/6,
                                    predicting the mean), the copy task (score: the share of copied symbols
                                    right; baseline 1/8), digits read a row a step (score: test accuracy),
                                    strips of 1-5 digits read by a CNN and an LSTM over its columns with CTC
                                    (score: whole numbers read right on strips of test digits) or a text read
                                    a character a step (score: perplexity on its held-out tenth; baseline: the
                                    characters' frequencies alone), with what the network writes (default: adding)
            --text FILE             for chars (default: web/public/data/words/en.txt, English words)
            --write N, --temperature X   for chars: characters written (default: 200), and how far the
                                    samples beside the argmax spread (default: 0.8)
            --dataset mnist|fashion, --data DIR, --idx DIR   for seq-mnist and house-numbers, as for
                                    train-mnist; --epochs N (default: 1) for seq-mnist
            --cell rnn|lstm         (default: lstm), --hidden N (default: 64), --layers N (default: 1)
            --length T              the adding problem's steps, the copy task's delay, a text's window (default: 50)
            --steps N               the memory tasks', house numbers' and the text's optimiser steps
                                    (default: 2000), --every N
                                    (default: 100)
            --batch N, --lr X       (default: 32, Adam at 0.005), --clip X the gradient norm (default: 1; 0: none)
            --test N                test sequences scored (default: 1000)
            --backend B             scalar, simd or webgpu (default: simd)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("info") => {
            info();
            Ok(())
        }
        Some("bench") => run_bench(&args[1..]),
        Some("convert-data") => convert_data(&args[1..]),
        Some("train-mnist") => train_mnist(&args[1..]),
        Some("convert-models") => convert_models(&args[1..]),
        Some("detect") => detect(&args[1..]),
        Some("classify") => classify(&args[1..]),
        Some("transfer") => transfer(&args[1..]),
        Some("attack") => attack(&args[1..]),
        Some("compress") => compress(&args[1..]),
        Some("autoencoder") => autoencoder(&args[1..]),
        Some("gan") => gan(&args[1..]),
        Some("gan-plane") => gan_plane(&args[1..]),
        Some("pix2pix") => pix2pix(&args[1..]),
        Some("rnn") => rnn(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command: {other}")),
        None => Err("no command given".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn info() {
    println!("playground {VERSION}");
    println!("backends:");
    println!("  scalar  available (plain Rust on the CPU)");
    println!("  simd    available (4-lane f32 kernels)");
    let adapters = backends::gpu_adapters();
    if adapters.is_empty() {
        println!(
            "  wgpu    no adapter found (no Vulkan/Metal/DX12 driver; on Debian: apt-get install mesa-vulkan-drivers)"
        );
    }
    for adapter in adapters {
        println!("  wgpu    {adapter}");
    }
}

/// The value after `--name`, if the option was given.
fn option<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args.get(i + 1).map(|v| Some(v.as_str())).ok_or(format!("{name} needs a value")),
        None => Ok(None),
    }
}

/// The backend `--backend` names (SIMD when none is given).
fn backend_option(args: &[String]) -> Result<BackendKind, String> {
    option(args, "--backend")?.unwrap_or("simd").parse()
}

fn run_bench(args: &[String]) -> Result<(), String> {
    let workloads: Vec<&str> = match option(args, "--workloads")? {
        Some(list) => list.split(',').collect(),
        None => bench::WORKLOADS.iter().map(|&(id, _)| id).collect(),
    };
    let backends: Vec<BackendKind> =
        option(args, "--backends")?.unwrap_or("simd,webgpu").split(',').map(str::parse).collect::<Result<_, _>>()?;
    let threads: usize =
        option(args, "--threads")?.map_or(Ok(1), |n| n.parse().map_err(|_| format!("--threads {n}?")))?;
    threads::start_native(threads);
    let budget = Budget::default();
    let mut results: Vec<Measurement> = Vec::new();
    println!(
        "{:<24} {:<40} {:>7} {:>10} {:>10} {:>10} {:>9} {:>10} {:>10} {:>11}",
        "workload",
        "backend",
        "threads",
        "first ms",
        "median ms",
        "kernel ms",
        "GFLOP/s",
        "samples/s",
        "upload ms",
        "readback ms"
    );
    for kind in backends {
        results.extend(on_backend!(kind, &autotuned_gpu()?, |b| measure_all(b, &workloads, budget))?);
    }
    if let Some(path) = option(args, "--json")? {
        let json = serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?;
        std::fs::write(path, json).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    Ok(())
}

/// The WebGPU backend, saying which kernels its autotune chose for deep and for large products and how it
/// sums over a workgroup: the GPU benchmark's record of what its figures ran on.
fn autotuned_gpu() -> Result<WebGpu, String> {
    let gpu = WebGpu::new()?;
    let ProductKernels { deep, large } = gpu.products();
    let sums = if gpu.subgroups() { "by subgroups" } else { "in workgroup memory" };
    eprintln!("webgpu product kernels: {deep:?} for deep products, {large:?} for large ones; workgroup sums {sums}");
    Ok(gpu)
}

fn measure_all<B: Backend>(backend: &B, workloads: &[&str], budget: Budget) -> Result<Vec<Measurement>, String> {
    workloads
        .iter()
        .map(|id| {
            let m = pollster::block_on(bench::measure(backend, id, budget))?;
            let gflops = if m.gflops > 0.0 { format!("{:.1}", m.gflops) } else { String::new() };
            let samples = m.samples_per_s.map_or(String::new(), |s| format!("{s:.0}"));
            let kernel = m.kernel_ms.map_or(String::new(), |ms| format!("{ms:.3}"));
            println!(
                "{:<24} {:<40} {:>7} {:>10.2} {:>10.2} {:>10} {:>9} {:>10} {:>10.3} {:>11.3}",
                m.workload,
                m.backend,
                m.threads,
                m.first_ms,
                m.median_ms,
                kernel,
                gflops,
                samples,
                m.upload_ms,
                m.readback_ms
            );
            Ok(m)
        })
        .collect()
}

fn convert_data(args: &[String]) -> Result<(), String> {
    let from = Path::new(option(args, "--from")?.unwrap_or("../shared/data"));
    let to = Path::new(option(args, "--to")?.unwrap_or("web/public/data"));
    for info in &DATASETS {
        let (train, test) = convert::read_originals(&from.join(info.id))?;
        convert::write_served(info, &train, &test, &from.join(info.id), &to.join(info.id))?;
        println!(
            "{}: {} training and {} test images → {}",
            info.title,
            train.len(),
            test.len(),
            to.join(info.id).display()
        );
    }
    let images = from.join("../fixtures/images");
    convert::write_sample_photos(&images, Path::new("web/public/samples"))?;
    println!("{} → web/public/samples/", images.display());
    Ok(())
}

/// The dataset `--dataset` names (MNIST unless told), from `--idx` or the served form in `--data`.
fn dataset_option(args: &[String]) -> Result<(&'static DatasetInfo, ImageSet, ImageSet), String> {
    let id = match option(args, "--dataset")?.unwrap_or("mnist") {
        "fashion" => "fashion-mnist",
        other => other,
    };
    let info = dataset(id)?;
    let (train, test) = match option(args, "--idx")? {
        Some(dir) => convert::read_originals(Path::new(dir))?,
        None => convert::read_served(&Path::new(option(args, "--data")?.unwrap_or("web/public/data")).join(id))?,
    };
    Ok((info, train, test))
}

/// The whole number after `--name`, or `default` without one.
fn whole_number(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    option(args, name)?.map_or(Ok(default), |v| v.parse().map_err(|_| format!("{name} {v}: a whole number")))
}

/// The comma-separated whole numbers after `--name` (`4,0,8`), if the option was given.
fn whole_numbers(args: &[String], name: &str) -> Result<Option<Vec<usize>>, String> {
    option(args, name)?
        .map(|list| {
            list.split(',')
                .map(|n| {
                    n.trim().parse::<usize>().map_err(|_| format!("{name} {list}: whole numbers, comma-separated"))
                })
                .collect()
        })
        .transpose()
}

fn number(args: &[String], name: &str, default: f64) -> Result<f64, String> {
    option(args, name)?.map_or(Ok(default), |v| v.parse().map_err(|_| format!("{name}: not a number: {v}")))
}

fn train_mnist(args: &[String]) -> Result<(), String> {
    let (info, train, test) = dataset_option(args)?;
    let number = |name: &str, default: f64| number(args, name, default);
    let epochs = number("--epochs", 2.0)? as usize;
    let defaults = TrainingConfig::default();
    let learning_rate = number("--lr", 0.002)? as f32;
    let optimiser = match option(args, "--optimiser")?.unwrap_or("adam") {
        "adam" => Optimiser::adam(learning_rate),
        "sgd" => Optimiser::Sgd { learning_rate, momentum: 0.9 },
        other => return Err(format!("unknown optimiser {other}: adam or sgd")),
    };
    let augmentation = args.iter().any(|a| a == "--augment").then(DigitAugmentation::default);
    let config = TrainingConfig {
        batch: number("--batch", defaults.batch as f64)? as usize,
        optimiser,
        augmentation,
        ..defaults
    };
    let save = option(args, "--save")?;
    let start = match option(args, "--load")? {
        Some(path) => Some(read_cnn(path)?),
        None => None,
    };
    println!("{}: {} training, {} test images; {config:?}", info.title, train.len(), test.len());
    let run = Training { train: &train, test: &test, config, epochs, start, save };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

/// `train-mnist`'s run: the network (the default one, or a saved one's architecture and weights) trained
/// `epochs` epochs on `train`, scored on `test` after each (or once, with none), optionally saved.
struct Training<'a> {
    train: &'a ImageSet,
    test: &'a ImageSet,
    config: TrainingConfig,
    epochs: usize,
    start: Option<(CnnSpec, Vec<Vec<f32>>)>,
    save: Option<&'a str>,
}

impl Training<'_> {
    fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let Training { train, test, config, epochs, save, .. } = *self;
        let spec = self.start.as_ref().map_or_else(CnnSpec::default, |(spec, _)| spec.clone());
        let mut trainer = Trainer::new(backend, &spec, config)?;
        if let Some((_, values)) = &self.start {
            trainer.model.set_parameters(values)?;
        }
        println!("backend: {}", backend.name());
        if epochs == 0 {
            let evaluation = pollster::block_on(trainer.evaluate(test, test.len()));
            println!("test accuracy {:.2} %, test loss {:.4}", 100.0 * evaluation.accuracy, evaluation.loss);
        }
        train_epochs(&mut trainer, train, test, epochs);
        if let Some(path) = save {
            let values = pollster::block_on(trainer.model.parameters());
            std::fs::write(path, safetensors::write(&spec, &values)?).map_err(|e| format!("{path}: {e}"))?;
            println!("saved {path}");
        }
        Ok(())
    }
}

/// Trains `epochs` epochs, printing the test accuracy (and as many training images' accuracy) and speed of each.
fn train_epochs<B: Backend>(trainer: &mut Trainer<B>, train: &ImageSet, test: &ImageSet, epochs: usize) {
    let started = clock::now_ms();
    for epoch in 1..=epochs {
        let epoch_started = clock::now_ms();
        while !trainer.step(train) {}
        let seconds = (clock::now_ms() - epoch_started) / 1000.0;
        let evaluation = pollster::block_on(trainer.evaluate_with_training(test, train, test.len()));
        println!(
            "epoch {epoch}: test accuracy {:.2} %, test loss {:.4}, training accuracy {:.2} %, {seconds:.1} s ({:.0} images/s)",
            100.0 * evaluation.accuracy,
            evaluation.loss,
            100.0 * evaluation.train_accuracy.unwrap_or(f32::NAN),
            train.len() as f64 / seconds
        );
    }
    println!("total {:.1} s", (clock::now_ms() - started) / 1000.0);
}

fn convert_models(args: &[String]) -> Result<(), String> {
    let from = Path::new(option(args, "--from")?.unwrap_or("../shared/models"));
    let to = Path::new(option(args, "--to")?.unwrap_or("static-models"));
    for line in served::convert(from, to)? {
        println!("{line}");
    }
    Ok(())
}

/// Options that take a value, so what is left are the image files.
const DETECT_OPTIONS: [&str; 11] = [
    "--model",
    "--models",
    "--cfg",
    "--weights",
    "--names",
    "--size",
    "--conf",
    "--nms",
    "--backend",
    "--input-tensor",
    "--dump-heads",
];

fn detect(args: &[String]) -> Result<(), String> {
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
    let text = |path: &str| read(path).and_then(|b| String::from_utf8(b).map_err(|_| format!("{path}: not text")));
    let model = match (option(args, "--cfg")?, option(args, "--weights")?, option(args, "--names")?) {
        (Some(cfg), Some(weights), Some(names)) => DetectorModel::darknet(&text(cfg)?, &read(weights)?, &text(names)?)?,
        (None, None, None) => {
            let served = served::detector(option(args, "--model")?.unwrap_or("yolo-fastest-1.1"))?;
            served
                .load_from_dir(&Path::new(option(args, "--models")?.unwrap_or("static-models")).join(served.folder))?
        }
        _ => return Err("--cfg, --weights and --names go together".into()),
    };
    let number = |name: &str, default: f32| -> Result<f32, String> {
        option(args, name)?.map_or(Ok(default), |v| v.parse().map_err(|_| format!("{name}: not a number: {v}")))
    };
    let size = number("--size", model.default_size as f32)? as usize;
    let thresholds = Thresholds {
        confidence: number("--conf", model.defaults.confidence)?,
        nms_iou: number("--nms", model.defaults.nms_iou)?,
    };
    let mut images = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if DETECT_OPTIONS.contains(&arg.as_str()) {
            rest.next();
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg}"));
        } else {
            images.push(arg.as_str());
        }
    }
    let run = Run {
        model: &model,
        size,
        thresholds,
        images,
        tensor: option(args, "--input-tensor")?,
        dump: option(args, "--dump-heads")?,
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

struct Run<'a> {
    model: &'a DetectorModel,
    size: usize,
    thresholds: Thresholds,
    images: Vec<&'a str>,
    tensor: Option<&'a str>,
    dump: Option<&'a str>,
}

impl Run<'_> {
    fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut detector = Detector::new(backend, self.model, self.size)?;
        if let Some(path) = self.tensor {
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            let values: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
            detector.run_tensor(&values)?;
            let dir = Path::new(self.dump.ok_or("--input-tensor needs --dump-heads DIR")?);
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for (index, (shape, head)) in pollster::block_on(detector.raw_heads()).into_iter().enumerate() {
                let file = dir.join(format!("head{index}.f32"));
                let bytes: Vec<u8> = head.iter().flat_map(|v| v.to_le_bytes()).collect();
                std::fs::write(&file, bytes).map_err(|e| format!("{}: {e}", file.display()))?;
                println!("{}: [1, {}, {}, {}] float32 NHWC", file.display(), shape.height, shape.width, shape.channels);
            }
            return Ok(());
        }
        if self.images.is_empty() {
            return Err("no image files given".into());
        }
        for path in &self.images {
            let image = image::open(path).map_err(|e| format!("{path}: {e}"))?.to_rgba8();
            let (width, height) = (image.width() as usize, image.height() as usize);
            let Detections { found, times, .. } =
                pollster::block_on(detector.detect(image.as_raw(), width, height, self.thresholds))?;
            let rounded = |value: f32, digits: i32| (value as f64 * 10f64.powi(digits)).round() / 10f64.powi(digits);
            let detections: Vec<_> = found
                .iter()
                .map(|f| {
                    let box_xywh = f.box_xywh.map(|v| rounded(v, 1));
                    serde_json::json!({ "class": f.class, "score": rounded(f.score, 4), "box_xywh": box_xywh })
                })
                .collect();
            let line = serde_json::json!({ "image": path, "detections": detections });
            println!("{line}");
            eprintln!(
                "{path}: preprocessing {:.1} ms, network {:.1} ms, decoding + NMS {:.2} ms on {}",
                times.preprocess_ms,
                times.network_ms,
                times.decode_ms,
                backend.name()
            );
        }
        Ok(())
    }
}

/// `transfer --classes DIR [--cut LAYER] [--head H] [--models DIR] [--backend B] [--features-out FILE]`.
fn transfer(args: &[String]) -> Result<(), String> {
    let classes = Path::new(option(args, "--classes")?.ok_or("--classes DIR is required")?);
    let cut =
        option(args, "--cut")?.map(|v| v.parse().map_err(|_| format!("--cut {v}: a layer number"))).transpose()?;
    let model = served_classifier(args)?;
    let run = transfer::TransferRun {
        model: &model,
        classes,
        cut,
        heads: transfer::head_specs(option(args, "--head")?)?,
        features_out: option(args, "--features-out")?.map(Path::new),
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.run(b))
}

/// A CNN from `train-mnist --save`.
fn read_cnn(path: &str) -> Result<(CnnSpec, Vec<Vec<f32>>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    safetensors::read(&bytes).map_err(|e| format!("{path}: {e}"))
}

/// `attack --model F [--dataset D] [--attack A] --epsilon X [--steps N] [--images N] [--backend B]`.
fn attack(args: &[String]) -> Result<(), String> {
    let path = option(args, "--model")?.ok_or("--model FILE.safetensors is required (train-mnist --save makes one)")?;
    let (spec, values) = read_cnn(path)?;
    let (_, _, test) = dataset_option(args)?;
    let kind = match option(args, "--attack")?.unwrap_or("fgsm") {
        "fgsm" => AttackKind::Fgsm,
        "pgd" => AttackKind::Pgd,
        "noise" => AttackKind::Noise,
        other => return Err(format!("--attack {other}: fgsm, pgd or noise")),
    };
    let epsilon = option(args, "--epsilon")?.ok_or("--epsilon X is required")?;
    let epsilon: f32 = epsilon.parse().map_err(|_| format!("--epsilon: not a number: {epsilon}"))?;
    let attack = Attack { kind, epsilon, steps: number(args, "--steps", 10.0)? as usize };
    let images = number(args, "--images", 1000.0)? as usize;
    let run = attack::AttackRun { spec: &spec, values: &values, test: &test, attack, images };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.run(b))
}

/// `compress --model F [--prune X [--global | --structured] [--retrain E]] [--cluster-bits B
/// [--tune-centroids E] | --int8 | --f16] [--rank R] [--huffman] [--out G]`.
fn compress(args: &[String]) -> Result<(), String> {
    let path = option(args, "--model")?.ok_or("--model FILE.safetensors is required (train-mnist --save makes one)")?;
    let (spec, values) = read_cnn(path)?;
    let (_, train, test) = dataset_option(args)?;
    let flag = |name: &str| args.iter().any(|a| a == name);
    let pruning = match option(args, "--prune")? {
        None => None,
        Some(x) => {
            let fraction: f32 = x.parse().map_err(|_| format!("--prune: not a number: {x}"))?;
            if !(0.0..=1.0).contains(&fraction) {
                return Err(format!("--prune {x}: a fraction of the weights, from 0 to 1"));
            }
            Some(match flag("--structured") {
                true => Pruning::Structured { fraction },
                false => Pruning::Unstructured { fraction, global: flag("--global") },
            })
        }
    };
    let values_coding = match (option(args, "--cluster-bits")?, flag("--int8"), flag("--f16")) {
        (Some(b), false, false) => match b.parse::<u8>() {
            Ok(bits @ 1..=8) => ValueCoding::Shared { bits },
            _ => return Err(format!("--cluster-bits {b}: 1 to 8 bits")),
        },
        (None, true, false) => ValueCoding::Int8 { per_channel: true },
        (None, false, true) => ValueCoding::F16,
        (None, false, false) => ValueCoding::F32,
        _ => return Err("choose one of --cluster-bits, --int8 and --f16".into()),
    };
    let ranks = whole_numbers(args, "--rank")?.unwrap_or_default();
    let encoding = Encoding { values: values_coding, ranks, huffman: flag("--huffman") };
    let run = compress::CompressRun {
        spec: &spec,
        values: &values,
        train: &train,
        test: &test,
        setting: Setting {
            pruning,
            retrain_epochs: number(args, "--retrain", 0.0)? as f32,
            centroid_epochs: number(args, "--tune-centroids", 0.0)? as f32,
            encoding,
        },
        out: option(args, "--out")?,
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.run(b))
}

fn autoencoder(args: &[String]) -> Result<(), String> {
    let (_, train, test) = dataset_option(args)?;
    let whole = |name: &str, default: usize| whole_number(args, name, default);
    let hidden = whole_numbers(args, "--hidden")?.unwrap_or_else(|| vec![256]);
    let kind = match option(args, "--kind")?.unwrap_or("conv") {
        "conv" => AutoencoderKind::Conv { filters: [16, 32] },
        "dense" => AutoencoderKind::Dense { hidden },
        other => return Err(format!("--kind {other}: dense or conv")),
    };
    let sparsity = number(args, "--sparsity", 0.0)? as f32;
    let spec = AutoencoderSpec { kind, code: whole("--code", 16)?, relu_code: sparsity > 0.0 };
    let noise = match option(args, "--noise")? {
        None => None,
        Some(level) => {
            let level: f32 = level.parse().map_err(|_| format!("--noise {level}: a number from 0 to 1"))?;
            let kind = option(args, "--noise-kind")?.unwrap_or("gaussian");
            let kind = serde_json::from_value(serde_json::Value::from(kind))
                .map_err(|_| format!("--noise-kind {kind}: gaussian, salt-and-pepper or masking"))?;
            Some(Noise { kind, level })
        }
    };
    let defaults = AutoencoderTraining::default();
    let config = AutoencoderTraining {
        batch: whole("--batch", defaults.batch)?,
        optimiser: match option(args, "--lr")? {
            Some(_) => Optimiser::adam(number(args, "--lr", 0.0)? as f32),
            None => defaults.optimiser,
        },
        noise,
        sparsity,
        ..defaults
    };
    let train = match option(args, "--train-images")? {
        Some(_) => train.subset(whole("--train-images", train.len())?, 1),
        None => train,
    };
    let run = autoencoder::AutoencoderRun {
        spec,
        config,
        train: &train,
        test: &test,
        epochs: whole("--epochs", 2)?,
        save: option(args, "--save")?,
        few_labels: whole_numbers(args, "--few-labels")?.unwrap_or_default(),
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

fn gan(args: &[String]) -> Result<(), String> {
    let (_, train, _) = dataset_option(args)?;
    let whole = |name: &str, default: usize| whole_number(args, name, default);
    let defaults = dcgan::default_training();
    let (generator, discriminator) = gan_optimisers(args)?;
    let config = GanTraining { generator, discriminator, batch: whole("--batch", defaults.batch)?, ..defaults };
    let spec = DcganSpec { noise: whole("--noise", 32)?, filters: whole("--filters", 32)? };
    let iterations = match option(args, "--epochs")? {
        Some(_) => whole("--epochs", 1)? * train.len().div_ceil(config.batch),
        None => whole("--iterations", 1000)?,
    };
    let samples = match (option(args, "--samples")?, option(args, "--out")?) {
        (Some(_), Some(out)) => Some((whole("--samples", 0)?, out)),
        (None, None) => None,
        _ => return Err("--samples N and --out FILE.idx go together".into()),
    };
    let reader = match option(args, "--read-with")? {
        Some(path) => Some(read_cnn(path)?),
        None => None,
    };
    if reader.is_some() && samples.is_none() {
        return Err("--read-with reads the --samples N --out FILE.idx".into());
    }
    let run = gan::DcganRun {
        spec,
        config,
        train: &train,
        iterations,
        every: whole("--every", 100)?.max(1),
        save: option(args, "--save")?,
        samples,
        reader: reader.as_ref().map(|(spec, values)| (spec, values.as_slice())),
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

/// The GANs on digits' Adam for the generator and the discriminator: `--lr-g` and `--lr-d`, `--beta1` for
/// both (Radford et al.'s by default).
fn gan_optimisers(args: &[String]) -> Result<(Optimiser, Optimiser), String> {
    let beta1 = number(args, "--beta1", dcgan::BETA1.into())? as f32;
    let adam = |name: &str| -> Result<Optimiser, String> {
        Ok(Optimiser::Adam { learning_rate: number(args, name, dcgan::LEARNING_RATE.into())? as f32, beta1 })
    };
    Ok((adam("--lr-g")?, adam("--lr-d")?))
}

fn pix2pix(args: &[String]) -> Result<(), String> {
    let (_, train, test) = dataset_option(args)?;
    let whole = |name: &str, default: usize| whole_number(args, name, default);
    let defaults = pix2pix::default_training();
    let (generator, discriminator) = gan_optimisers(args)?;
    let config = GanTraining { generator, discriminator, batch: whole("--batch", defaults.batch)?, ..defaults };
    let run = gan::Pix2pixRun {
        spec: Pix2pixSpec { filters: whole("--filters", Pix2pixSpec::default().filters)? },
        config,
        train: &train,
        test: &test,
        iterations: whole("--iterations", 1000)?,
        every: whole("--every", 100)?.max(1),
        test_images: whole("--test-images", 1000)?,
        save: option(args, "--save")?,
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

fn gan_plane(args: &[String]) -> Result<(), String> {
    let whole = |name: &str, default: usize| whole_number(args, name, default);
    let hidden = whole_numbers(args, "--hidden")?.unwrap_or_else(|| vec![32, 32]);
    let defaults = GanTraining::default();
    let sgd = |name: &str, default: Optimiser| -> Result<Optimiser, String> {
        Ok(match option(args, name)? {
            Some(_) => Optimiser::Sgd { learning_rate: number(args, name, 0.0)? as f32, momentum: 0.0 },
            None => default,
        })
    };
    let config = GanTraining {
        generator: sgd("--lr-g", defaults.generator)?,
        discriminator: sgd("--lr-d", defaults.discriminator)?,
        d_steps: whole("--d-steps", defaults.d_steps)?,
        ..defaults
    };
    let modes = whole("--modes", 2)?;
    if modes == 0 {
        return Err("--modes: at least one".into());
    }
    let target = Mixture::ring(modes, number(args, "--radius", 1.0)? as f32, number(args, "--spread", 0.2)? as f32);
    target.validate().map_err(|e| format!("the target: {e}"))?;
    let run = gan::PlaneRun {
        target,
        hidden,
        config,
        iterations: whole("--iterations", 4000)?,
        every: whole("--every", 250)?.max(1),
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

fn rnn(args: &[String]) -> Result<(), String> {
    let whole = |name: &str, default: usize| whole_number(args, name, default);
    let length = whole("--length", 50)?;
    let steps = whole("--steps", 2000)?;
    let data;
    let task = match option(args, "--task")?.unwrap_or("adding") {
        "adding" => rnn::RnnTask::Memory { task: MemoryTask::Adding { length }, steps },
        "copy" => rnn::RnnTask::Memory { task: MemoryTask::Copy { length }, steps },
        "seq-mnist" => {
            data = dataset_option(args)?;
            rnn::RnnTask::Digits { train: &data.1, test: &data.2, epochs: whole("--epochs", 1)? }
        }
        "house-numbers" => {
            data = dataset_option(args)?;
            rnn::RnnTask::HouseNumbers { train: &data.1, test: &data.2, steps }
        }
        "chars" => {
            let file = option(args, "--text")?.unwrap_or("web/public/data/words/en.txt");
            let source = std::fs::read_to_string(file).map_err(|e| format!("--text {file}: {e}"))?;
            let text = CharText::new(&source, length).map_err(|e| format!("--text {file}: {e}"))?;
            let temperature = number(args, "--temperature", 0.8)? as f32;
            validate_temperature(temperature).map_err(|e| format!("--temperature: {e}"))?;
            rnn::RnnTask::Chars { text, steps, write: whole("--write", 200)?, temperature }
        }
        other => return Err(format!("--task: adding, copy, seq-mnist, house-numbers or chars, not {other}")),
    };
    let cell = match option(args, "--cell")?.unwrap_or("lstm") {
        "rnn" => Cell::Tanh,
        "lstm" => Cell::Lstm,
        other => return Err(format!("--cell: rnn or lstm, not {other}")),
    };
    let spec = RecurrentSpec { cell, hidden: whole("--hidden", 64)?, layers: whole("--layers", 1)? };
    let defaults = SequenceTraining::default();
    let config = SequenceTraining {
        optimiser: match option(args, "--lr")? {
            Some(_) => Optimiser::adam(number(args, "--lr", 0.0)? as f32),
            None => defaults.optimiser,
        },
        batch: whole("--batch", defaults.batch)?,
        clip: number(args, "--clip", f64::from(defaults.clip))? as f32,
        ..defaults
    };
    let run = rnn::RnnRun {
        task,
        spec,
        config,
        every: whole("--every", 100)?.max(1),
        test_sequences: whole("--test", 1000)?.max(1),
    };
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| run.on(b))
}

/// The served ImageNet classifier, from `--models` (default: static-models).
fn served_classifier(args: &[String]) -> Result<ClassifierModel, String> {
    let served = &served::CLASSIFIERS[0];
    let dir = Path::new(option(args, "--models")?.unwrap_or("static-models")).join(served.folder);
    served.load_classifier(|name| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}")))
}

/// `classify [--models DIR] [--backend B] IMAGE...`: the top 5 classes of each image, one JSON line each.
fn classify(args: &[String]) -> Result<(), String> {
    let model = served_classifier(args)?;
    let mut images = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if ["--models", "--backend"].contains(&arg.as_str()) {
            rest.next();
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg}"));
        } else {
            images.push(arg.as_str());
        }
    }
    if images.is_empty() {
        return Err("no image files given".into());
    }
    on_backend!(backend_option(args)?, &WebGpu::new()?, |b| classify_on(b, &model, &images))
}

fn classify_on<B: Backend>(backend: &B, model: &ClassifierModel, images: &[&str]) -> Result<(), String> {
    let mut classifier = Classifier::new(backend, &model.network, model.default_cut())?;
    for path in images {
        let image = image::open(path).map_err(|e| format!("{path}: {e}"))?.to_rgb8();
        let (width, height) = (image.width() as usize, image.height() as usize);
        let classified = pollster::block_on(classifier.classify(image.as_raw(), width, height))?;
        let best: Vec<_> = top(&classified.probabilities, 5)
            .into_iter()
            .map(|(index, p)| {
                let probability = (p as f64 * 1000.0).round() / 1000.0;
                serde_json::json!({ "index": index, "label": model.labels[index], "probability": probability })
            })
            .collect();
        println!("{}", serde_json::json!({ "image": path, "top": best }));
    }
    Ok(())
}
