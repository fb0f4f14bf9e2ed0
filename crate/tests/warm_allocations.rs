//! Once warm, a training step and a webcam frame make no new tensors: every buffer a network needs is
//! made when its graph is built or on the first backward pass. Counted on the WebGPU backend, where a
//! buffer is a GPU allocation. A warm SGD step makes no bind groups either (Adam's bias corrections are new
//! parameters every step). And a training step is recorded into one submission (a step in sub-batches,
//! one a sub-batch).

use playground::data::image_set::ImageSet;
use playground::engine::scalar::Scalar;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::labs::cnn::{Trainer, TrainingConfig};
use playground::models::cnn::{Cnn, CnnSpec};
use playground::models::detector::Detector;
use playground::models::served;
use playground::nn::Optimiser;
use std::path::Path;

fn gpu() -> WebGpu {
    WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)")
}

#[test]
fn a_warm_training_step_makes_no_tensors_and_is_one_submission() {
    let gpu = gpu();
    let mut model = Cnn::new(&gpu, &CnnSpec::default(), 1).unwrap();
    let images = vec![0.5; 8 * 28 * 28];
    let labels: Vec<u8> = (0..8).collect();
    let mut step = |optimiser| {
        model.train_step(&images, &labels, optimiser);
        pollster::block_on(model.last_loss())
    };
    // Warm: the graph, the gradients and the optimiser's moments are made by the first step.
    step(Optimiser::adam(1e-3));
    let made = gpu.tensors_made();
    for _ in 0..3 {
        assert!(step(Optimiser::adam(1e-3)).is_finite());
    }
    assert_eq!(gpu.tensors_made(), made, "training steps made tensors");

    let sgd = Optimiser::Sgd { learning_rate: 0.01, momentum: 0.9 };
    step(sgd);
    let bound = gpu.bind_groups_made();
    for _ in 0..3 {
        assert!(step(sgd).is_finite());
    }
    assert_eq!(gpu.bind_groups_made(), bound, "warm SGD steps made bind groups");

    // Forward, loss, backward and the optimiser's update are recorded, not submitted, until the loss is read.
    model.load_batch(&images, &labels);
    let submitted = gpu.submissions();
    model.train_loaded_batch(labels.len(), Optimiser::adam(1e-3));
    assert_eq!(gpu.submissions(), submitted, "a step submitted work before its loss was asked for");
    pollster::block_on(model.last_loss());
    assert_eq!(gpu.submissions(), submitted + 1, "a step and its loss's read-back are one submission");
}

#[test]
fn a_warm_step_in_sub_batches_makes_no_tensors_and_is_one_submission_a_sub_batch() {
    let gpu = gpu();
    let train = ImageSet {
        side: 28,
        pixels: (0..16 * 784).map(|i| (i % 251) as u8).collect(),
        labels: (0..16).map(|i| i % 10).collect(),
    };
    let mut trainer =
        Trainer::new(&gpu, &CnnSpec::default(), TrainingConfig { batch: 8, ..TrainingConfig::default() }).unwrap();
    // Sub-batches of 3, 3 and 2: two graphs, gradients added up, one update.
    trainer.sub_batch = 3;
    trainer.step(&train);
    pollster::block_on(trainer.model.last_loss());
    let (made, submitted) = (gpu.tensors_made(), gpu.submissions());
    trainer.step(&train);
    // Each sub-batch's images are written before its work is recorded, which submits the previous one's.
    assert_eq!(gpu.submissions(), submitted + 2, "sub-batches 1 and 2 submitted as 3 was written");
    assert!(pollster::block_on(trainer.model.last_loss()).is_finite());
    assert_eq!(gpu.submissions(), submitted + 3, "one submission a sub-batch, the last with its loss's read-back");
    assert_eq!(gpu.tensors_made(), made, "a warm step in sub-batches made tensors");
}

#[test]
fn a_warm_detector_frame_makes_no_tensors() {
    let gpu = gpu();
    let served = served::detector("yolo-fastest-1.1").unwrap();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models").join(served.folder);
    let model = served.load_from_dir(&folder).unwrap();
    let mut detector = Detector::new(&gpu, &model, 320).unwrap();
    let frame = vec![0.5; 320 * 320 * 3];
    detector.run_tensor(&frame).unwrap();
    pollster::block_on(detector.raw_heads());
    let made = gpu.tensors_made();
    for _ in 0..3 {
        detector.run_tensor(&frame).unwrap();
        assert_eq!(pollster::block_on(detector.raw_heads()).len(), 2);
    }
    assert_eq!(gpu.tensors_made(), made, "frames made tensors");
}

/// The CNN lab keeps its weights on the host after each WebGPU training call (to go on from if the GPU
/// goes away): all of them come back through one submission, each equal to its own read.
#[test]
fn every_weight_reads_back_in_one_submission() {
    let gpu = gpu();
    let model = Cnn::new(&gpu, &CnnSpec::default(), 1).unwrap();
    let submitted = gpu.submissions();
    let together = pollster::block_on(model.parameters());
    assert_eq!(gpu.submissions(), submitted + 1, "reading every weight took more than one submission");
    let shapes = CnnSpec::default().parameter_shapes().unwrap();
    assert_eq!(together.len(), shapes.len());
    // Lengths of all sorts (odd ones too) land at the right offsets: each as its own read gives it.
    let odd = [gpu.upload(&[1.0, 2.0, 3.0]), gpu.upload(&[]), gpu.upload(&[4.0; 7])];
    let read = pollster::block_on(gpu.read_all(&odd.iter().collect::<Vec<_>>()));
    assert_eq!(read, [vec![1.0, 2.0, 3.0], vec![], vec![4.0; 7]]);
    for ((values, (_, shape)), tensor) in together.iter().zip(&shapes).zip(0..) {
        assert_eq!(values.len(), shape.iter().product::<usize>(), "tensor {tensor}");
    }
    // The same network made on the scalar backend (the same seed) reads back the same weights.
    let reference = Cnn::new(&Scalar, &CnnSpec::default(), 1).unwrap();
    assert_eq!(together, pollster::block_on(reference.parameters()));
}

#[test]
fn a_warm_model_runs_on_after_its_kernels_are_forgotten() {
    // A benchmark's cold run compiles its kernels afresh on a model it already ran: the bind groups kept
    // for the old pipelines must not be used with the new ones.
    let gpu = gpu();
    let mut model = Cnn::new(&gpu, &CnnSpec::default(), 1).unwrap();
    let images = vec![0.5; 8 * 28 * 28];
    let labels: Vec<u8> = (0..8).collect();
    let sgd = Optimiser::Sgd { learning_rate: 0.01, momentum: 0.9 };
    model.train_step(&images, &labels, sgd);
    assert!(pollster::block_on(model.last_loss()).is_finite());
    gpu.forget_compiled();
    model.train_step(&images, &labels, sgd);
    assert!(pollster::block_on(model.last_loss()).is_finite());
}
