//! The autoencoder lab: a denoising autoencoder trained on MNIST raises the PSNR of noisy test digits;
//! a sparsity penalty switches code units off; and a few training steps follow the scalar backend's loss
//! on every backend, dense and convolutional, with and without the penalty.

use playground::data::image_set::ImageSet;
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::labs::autoencoder::{AutoencoderTrainer, AutoencoderTraining, Noise, NoiseKind};
use playground::labs::few_labels::few_labels_point;
use playground::models::autoencoder::{AutoencoderKind, AutoencoderSpec, FORMAT};
use playground::models::safetensors;
use support::{json_lines, shared_mnist};

mod support;

/// The first `train` and `test` images of MNIST's training and test sets, shuffled, from ../shared.
fn mnist(train: usize, test: usize) -> (ImageSet, ImageSet) {
    let (all_train, all_test) =
        playground::data::convert::read_originals(&shared_mnist()).expect("MNIST in ../shared beside the repository");
    (all_train.subset(train, 1), all_test.subset(test, 2))
}

fn train<'b, B: Backend>(
    backend: &'b B,
    spec: &AutoencoderSpec,
    config: AutoencoderTraining,
    train: &ImageSet,
    epochs: usize,
) -> AutoencoderTrainer<'b, B> {
    let mut trainer = AutoencoderTrainer::new(backend, spec, config).unwrap();
    while trainer.epochs_done < epochs {
        pollster::block_on(trainer.step(train));
    }
    trainer
}

#[test]
fn a_denoising_autoencoder_raises_the_psnr_of_noisy_digits() {
    let (train_set, test_set) = mnist(4000, 500);
    let noise = Noise { kind: NoiseKind::Gaussian, level: 0.4 };
    let config = AutoencoderTraining { noise: Some(noise), ..AutoencoderTraining::default() };
    let mut trainer = train(&Simd, &AutoencoderSpec::default(), config, &train_set, 3);
    let scored = pollster::block_on(trainer.evaluate(&test_set, test_set.len()));
    let noisy = scored.noisy_psnr.unwrap();
    println!("{scored:?}");
    assert!(scored.psnr > noisy + 3.0, "denoised {} dB, noisy {noisy} dB", scored.psnr);
}

#[test]
fn a_sparsity_penalty_switches_most_code_units_off_and_the_rest_still_reconstruct() {
    let (train_set, test_set) = mnist(2000, 200);
    let spec = AutoencoderSpec { kind: AutoencoderKind::Dense { hidden: vec![] }, code: 256, relu_code: true };
    let trained = |sparsity| {
        let config = AutoencoderTraining { sparsity, ..AutoencoderTraining::default() };
        let mut trainer = train(&Simd, &spec, config, &train_set, 2);
        pollster::block_on(trainer.evaluate(&test_set, test_set.len()))
    };
    let (plain, sparse) = (trained(0.0), trained(0.3));
    println!("plain {plain:?}\nsparse {sparse:?}");
    assert!(
        sparse.active_code < 0.5 * plain.active_code && sparse.active_code > 0.02,
        "active code values: plain {}, sparse {}",
        plain.active_code,
        sparse.active_code
    );
    assert!(sparse.psnr > plain.psnr - 3.0, "sparse {} dB, plain {} dB", sparse.psnr, plain.psnr);
}

/// The loss of each of `steps` training steps on the first images of `images`.
fn losses<B: Backend>(
    backend: &B,
    spec: &AutoencoderSpec,
    config: AutoencoderTraining,
    images: &ImageSet,
    steps: usize,
) -> Vec<f32> {
    let mut trainer = AutoencoderTrainer::new(backend, spec, config).unwrap();
    (0..steps)
        .map(|_| {
            pollster::block_on(trainer.step(images));
            pollster::block_on(trainer.model.last_loss())
        })
        .collect()
}

#[test]
fn every_backend_follows_the_scalar_loss() {
    let (images, _) = mnist(96, 0);
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter");
    let dense = AutoencoderSpec { kind: AutoencoderKind::Dense { hidden: vec![24] }, code: 5, relu_code: true };
    let conv = AutoencoderSpec { kind: AutoencoderKind::Conv { filters: [3, 5] }, code: 4, relu_code: false };
    let noise = Some(Noise { kind: NoiseKind::SaltAndPepper, level: 0.2 });
    for (spec, sparsity) in [(dense, 0.5), (conv, 0.0)] {
        let config = AutoencoderTraining { batch: 16, noise, sparsity, ..AutoencoderTraining::default() };
        let reference = losses(&Scalar, &spec, config, &images, 12);
        assert!(reference[11] < reference[0], "{spec:?}: the loss did not fall: {reference:?}");
        for (name, curve) in
            [("simd", losses(&Simd, &spec, config, &images, 12)), ("webgpu", losses(&gpu, &spec, config, &images, 12))]
        {
            for (step, (actual, expected)) in curve.iter().zip(&reference).enumerate() {
                assert!(
                    (actual - expected).abs() <= 1e-3 * (1.0 + expected.abs()),
                    "{spec:?} on {name}, step {step}: {actual} against scalar's {expected}"
                );
            }
        }
    }
}

#[test]
fn the_command_prints_each_epoch_saves_a_file_that_reads_back_and_refuses_absurd_noise() {
    let shared = shared_mnist();
    let out = std::env::temp_dir().join(format!("autoencoder-{}.safetensors", std::process::id()));
    let run = |extra: &[&str]| {
        let mut args = vec!["autoencoder", "--idx", shared.to_str().unwrap(), "--kind", "dense", "--hidden", "32"];
        args.extend(["--code", "8", "--train-images", "1000", "--epochs", "1", "--noise-kind", "masking"]);
        args.extend(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_playground")).args(&args).output().unwrap()
    };
    let output = run(&["--noise", "0.3", "--save", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 2, "the untrained network and one epoch");
    assert!(lines[1]["mse"].as_f64() < lines[0]["mse"].as_f64(), "{lines:?}");
    assert!(lines[1]["noisyPsnr"].as_f64().is_some() && lines[1]["images"] == 10_000, "{lines:?}");

    let file = std::fs::read(&out).unwrap();
    let (spec, values) =
        safetensors::read_file(&file, FORMAT, |spec: &AutoencoderSpec| Ok(spec.parameter_shapes())).unwrap();
    assert_eq!(spec, AutoencoderSpec { kind: AutoencoderKind::Dense { hidden: vec![32] }, code: 8, relu_code: false });
    let lengths: Vec<usize> = values.iter().map(Vec::len).collect();
    assert_eq!(lengths, [784 * 32, 32, 32 * 8, 8, 8 * 32, 32, 32 * 784, 784]);
    std::fs::remove_file(&out).ok();

    let refused = run(&["--noise", "2"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("the noise level is from 0 to 1, not 2"));
}

#[test]
fn the_few_labels_point_trains_all_three_on_the_first_digits_of_each_class() {
    let (train_set, test_set) = mnist(2000, 300);
    let spec = AutoencoderSpec { kind: AutoencoderKind::Dense { hidden: vec![64] }, code: 16, relu_code: false };
    let mut trainer = train(&Simd, &spec, AutoencoderTraining::default(), &train_set, 1);
    let point = pollster::block_on(few_labels_point(&Simd, &mut trainer, &train_set, &test_set, 20, 300)).unwrap();
    println!("{point:?}");
    assert_eq!((point.per_class, point.labelled), (20, 200));
    // Chance is 10 %: each of the three learned from its 200 digits (the codes of a briefly trained
    // autoencoder less than the others).
    for (name, accuracy) in [("codes", point.svm_on_codes), ("pixels", point.svm_on_pixels), ("cnn", point.cnn)] {
        assert!(accuracy > 0.3, "{name}: {accuracy}");
    }
}
