//! House numbers: a CNN and an LSTM over its columns, trained with CTC, learn to read strips of one to
//! five MNIST digits whole; every backend trains it alike; and the command line.

use playground::data::image_set::ImageSet;
use playground::engine::ops::Cell;
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::labs::house_numbers::{NumberReader, Strip, CLASSES, COLUMNS};
use playground::labs::rnn::SequenceTraining;
use playground::models::recurrent::RecurrentSpec;
use playground::nn::ctc::best_path;
use playground::rng::Rng;
use support::{assert_agree_with_scalar, json_lines, shared_mnist};

mod support;

fn mnist() -> (ImageSet, ImageSet) {
    playground::data::convert::read_originals(&shared_mnist()).expect("MNIST in ../shared")
}

const STEPS: usize = 300;

#[test]
fn after_300_steps_a_third_of_held_out_numbers_are_read_whole() {
    let (train, test) = mnist();
    let spec = RecurrentSpec { cell: Cell::Lstm, hidden: 64, layers: 1 };
    let config = SequenceTraining::default();
    let mut net = NumberReader::new(&Simd, spec, config).unwrap();
    let mut rng = Rng::new(config.seed);
    for _ in 0..STEPS {
        let strips: Vec<Strip> = (0..config.batch).map(|_| Strip::draw(&train, &mut rng)).collect();
        let step = pollster::block_on(net.train_step(&strips));
        assert!(step.loss.is_finite(), "{step:?}");
    }
    let held_out = Strip::held_out(&test, 512);
    let accuracy = pollster::block_on(net.accuracy(&held_out));
    println!("house numbers after {STEPS} steps: {accuracy} of {} held-out strips read whole", held_out.len());
    assert!(accuracy >= 1.0 / 3.0, "{accuracy}");
}

/// Three training steps from one seed on the same strips, then a strip's trace.
fn trained_trace<B: Backend>(backend: &B, train: &ImageSet) -> Vec<f32> {
    let spec = RecurrentSpec { cell: Cell::Lstm, hidden: 8, layers: 1 };
    let config = SequenceTraining { batch: 3, ..SequenceTraining::default() };
    let mut net = NumberReader::new(backend, spec, config).unwrap();
    let mut rng = Rng::new(2);
    for _ in 0..3 {
        let strips: Vec<Strip> = (0..config.batch).map(|_| Strip::draw(train, &mut rng)).collect();
        pollster::block_on(net.train_step(&strips));
    }
    pollster::block_on(net.trace(&Strip::draw(train, &mut rng)))
}

#[test]
fn every_backend_trains_the_reader_alike() {
    let (train, _) = mnist();
    let train = train.subset(200, 1);
    let scalar = trained_trace(&Scalar, &train);
    let gpu = WebGpu::new().expect("the WebGPU backend needs a GPU adapter (npm test installs lavapipe)");
    assert_agree_with_scalar(
        &scalar,
        &[("simd", trained_trace(&Simd, &train)), ("webgpu", trained_trace(&gpu, &train))],
    );
}

#[test]
fn a_trace_gives_each_column_s_probabilities_and_its_best_path_is_the_reading() {
    let (train, _) = mnist();
    let spec = RecurrentSpec { cell: Cell::Tanh, hidden: 6, layers: 2 };
    let config = SequenceTraining { batch: 2, ..SequenceTraining::default() };
    let mut net = NumberReader::new(&Simd, spec, config).unwrap();
    let mut rng = Rng::new(4);
    let strips: Vec<Strip> = (0..2).map(|_| Strip::draw(&train, &mut rng)).collect();
    let trace = pollster::block_on(net.trace(&strips[1]));
    assert_eq!(trace.len(), COLUMNS * CLASSES);
    assert!(trace.chunks(CLASSES).all(|column| (column.iter().sum::<f32>() - 1.0).abs() < 1e-5));
    let read = pollster::block_on(net.read(&strips));
    assert_eq!(best_path(&trace, CLASSES, 10), read[1]);
}

#[test]
fn the_command_reads_house_numbers() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(["rnn", "--task", "house-numbers", "--hidden", "8", "--steps", "2", "--batch", "4"])
        .args(["--every", "1", "--test", "8", "--idx"])
        .arg(shared_mnist())
        .output()
        .expect("the CLI runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[1]["loss"].as_f64().unwrap() > 0.0);
    assert_eq!(lines[2]["task"], "house-numbers");
    assert_eq!(lines[2]["testSequences"], 8);
    assert!((0.0..=1.0).contains(&lines[2]["value"].as_f64().unwrap()));
}
