//! The RNN lab's memory tasks: the deck's claim that the LSTM's gates keep a gradient alive across a
//! long lag where a plain RNN's vanishes, measured on the adding problem at T = 50; and the command line.

use playground::engine::ops::Cell;
use playground::engine::simd::Simd;
use playground::labs::rnn::{digits, MemoryTask, SequenceNet, SequenceTraining, Trace};
use playground::models::recurrent::RecurrentSpec;
use playground::rng::Rng;
use support::{json_lines, shared_mnist};

mod support;

const LENGTH: usize = 50;
const STEPS: usize = 1000;

fn test_mse(cell: Cell) -> f32 {
    let task = MemoryTask::Adding { length: LENGTH };
    let spec = RecurrentSpec { cell, hidden: 32, layers: 1 };
    let config = SequenceTraining::default();
    let mut net = SequenceNet::new(&Simd, task.shape(), spec, config).unwrap();
    let mut rng = Rng::new(1);
    for _ in 0..STEPS {
        let (inputs, targets) = task.batch(&mut rng, config.batch);
        let step = pollster::block_on(net.train_step(&inputs, &targets));
        assert!(step.loss.is_finite(), "{cell:?}: {step:?}");
    }
    let (inputs, targets) = task.test_set(1000, config.batch);
    task.score(&pollster::block_on(net.outputs(&inputs)), &targets)
}

#[test]
fn on_the_adding_problem_the_lstm_learns_and_the_rnn_stays_at_the_baseline() {
    let baseline = MemoryTask::Adding { length: LENGTH }.baseline();
    let (lstm, rnn) = (test_mse(Cell::Lstm), test_mse(Cell::Tanh));
    println!("test MSE after {STEPS} steps at T = {LENGTH}: LSTM {lstm}, RNN {rnn}, baseline {baseline}");
    assert!(lstm < 0.2 * baseline, "the LSTM: {lstm} against the baseline {baseline}");
    assert!(rnn > 0.6 * baseline, "the RNN: {rnn} against the baseline {baseline}");
}

#[test]
fn the_command_prints_the_loss_and_the_score_as_json_lines() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(["rnn", "--task", "copy", "--cell", "rnn", "--length", "3", "--hidden", "8", "--steps", "4"])
        .args(["--every", "2", "--test", "10"])
        .output()
        .expect("the CLI runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[1]["step"], 4);
    assert!(lines[1]["loss"].as_f64().unwrap() > 0.0);
    assert_eq!(lines[2]["score"], "accuracy");
    assert_eq!(lines[2]["baseline"], 0.125);
    assert!((0.0..=1.0).contains(&lines[2]["value"].as_f64().unwrap()));
}

/// A digit traced row by row: after the last row, the trace's probabilities are the softmax of the
/// network's own answer, and its hidden states are the recurrent layer's.
#[test]
fn a_trace_ends_at_the_network_s_answer() {
    let config = SequenceTraining { batch: 4, ..SequenceTraining::default() };
    let spec = RecurrentSpec { cell: Cell::Lstm, hidden: 6, layers: 2 };
    let mut net = SequenceNet::new(&Simd, digits::SHAPE, spec, config).unwrap();
    let mut rng = Rng::new(3);
    let sequence: Vec<f32> = (0..28 * 28).map(|_| rng.uniform()).collect();
    let Trace { hidden, answers: probabilities, .. } = pollster::block_on(net.trace(&sequence));
    assert_eq!((hidden.len(), probabilities.len()), (28 * 6, 28 * 10));
    let batch: Vec<f32> = sequence.iter().copied().cycle().take(4 * sequence.len()).collect();
    let logits = pollster::block_on(net.outputs(&batch));
    let max = logits[..10].iter().copied().fold(f32::MIN, f32::max);
    let sum: f32 = logits[..10].iter().map(|l| (l - max).exp()).sum();
    for (class, p) in probabilities[27 * 10..].iter().enumerate() {
        let expected = (logits[class] - max).exp() / sum;
        assert!((p - expected).abs() < 1e-5, "class {class}: {p}, expected {expected}");
    }
    assert!(probabilities.chunks(10).all(|row| (row.iter().sum::<f32>() - 1.0).abs() < 1e-5));
}

/// Long (about five minutes on one core), so outside `npm test`: `cargo test --test rnn -- --ignored`.
/// Sequence MNIST, a digit read a row a step by an LSTM of 128 units: three epochs reach 97 % on the test
/// set.
#[test]
#[ignore]
fn sequence_mnist_reaches_97_percent() {
    let (train, test) = playground::data::convert::read_originals(&shared_mnist()).expect("MNIST in ../shared");
    let config = SequenceTraining::default();
    let spec = RecurrentSpec { cell: Cell::Lstm, hidden: 128, layers: 1 };
    let mut net = SequenceNet::new(&Simd, digits::SHAPE, spec, config).unwrap();
    let mut rng = Rng::new(config.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    for _ in 0..3 {
        rng.shuffle(&mut order);
        for indices in order.chunks_exact(config.batch) {
            let (inputs, targets) = digits::batch(&train, indices);
            pollster::block_on(net.train_step(&inputs, &targets));
        }
    }
    let whole = test.len() / config.batch * config.batch;
    let (inputs, targets) = digits::batch(&test, &(0..whole).collect::<Vec<_>>());
    let accuracy = digits::accuracy(&pollster::block_on(net.outputs(&inputs)), &targets);
    println!("sequence MNIST after 3 epochs: test accuracy {accuracy} on {whole} digits");
    assert!(accuracy >= 0.97, "{accuracy}");
}
