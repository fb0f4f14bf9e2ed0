//! The RNN lab's character model: on the shipped English word list an LSTM soon predicts the next
//! character better than the characters' frequencies alone do; what it writes at temperature 0 is, step by
//! step, the character its own trace finds most likely; and the command line.

use playground::engine::ops::Cell;
use playground::engine::simd::Simd;
use playground::labs::chars::{perplexity, CharText};
use playground::labs::rnn::{SequenceNet, SequenceTraining};
use playground::models::recurrent::RecurrentSpec;
use playground::rng::Rng;
use support::json_lines;

mod support;

fn words() -> String {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/public/data/words/en.txt");
    std::fs::read_to_string(file).expect("the shipped English word list")
}

fn trained(text: &CharText, cell: Cell, hidden: usize, steps: usize) -> SequenceNet<'static, Simd> {
    let config = SequenceTraining::default();
    let mut net = SequenceNet::new(&Simd, text.shape(), RecurrentSpec { cell, hidden, layers: 1 }, config).unwrap();
    let mut rng = Rng::new(1);
    for _ in 0..steps {
        let (inputs, targets) = text.batch(&mut rng, config.batch);
        let step = pollster::block_on(net.train_step(&inputs, &targets));
        assert!(step.loss.is_finite(), "{step:?}");
    }
    net
}

/// Measured once: 10.5 against 19.1 after these steps.
const STEPS: usize = 300;

#[test]
fn an_lstm_soon_predicts_characters_better_than_their_frequencies() {
    let text = CharText::new(&words(), 32).unwrap();
    let mut net = trained(&text, Cell::Lstm, 64, STEPS);
    let test = text.test_windows(net.config.batch);
    let logits = pollster::block_on(net.outputs(&test.inputs));
    let (model, baseline) = (perplexity(&logits, &test.targets, text.vocabulary()), text.unigram_perplexity(&test));
    println!("held-out perplexity after {STEPS} steps: {model}; the characters' frequencies alone: {baseline}");
    assert!(model < 0.75 * baseline, "{model} against {baseline}");
}

#[test]
fn at_temperature_zero_each_written_character_is_the_one_the_trace_finds_likeliest() {
    let text = CharText::new(&words(), 8).unwrap();
    let mut net = trained(&text, Cell::Tanh, 16, 20);
    let start = text.encode("\nst");
    let rows = pollster::block_on(text.write(&mut net, &start, 12, 0.0, &mut Rng::new(3)));
    assert!(rows.iter().all(|row| *row == rows[0]), "temperature 0 writes the argmax in every row");
    // Each character again, from the trace of what came before (the last 8), read at its last step.
    let mut written = start.clone();
    for &next in &rows[0] {
        let window = &written[written.len().saturating_sub(8)..];
        let vocabulary = text.vocabulary();
        let mut sequence = vec![0.0; 8 * vocabulary];
        for (t, &s) in window.iter().enumerate() {
            sequence[t * vocabulary + s as usize] = 1.0;
        }
        let probabilities = pollster::block_on(net.trace(&sequence)).answers;
        let last = &probabilities[(window.len() - 1) * vocabulary..window.len() * vocabulary];
        let likeliest = (0..vocabulary).max_by(|&a, &b| last[a].total_cmp(&last[b])).unwrap();
        assert_eq!(usize::from(next), likeliest, "after {:?}", text.decode(&written));
        written.push(next);
    }
    // Drawn at temperature 1, the rows differ.
    let drawn = pollster::block_on(text.write(&mut net, &start, 12, 1.0, &mut Rng::new(3)));
    assert!(drawn[1..].iter().any(|row| *row != drawn[1]));
}

#[test]
fn the_command_prints_the_perplexity_and_what_the_network_writes() {
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_playground"))
            .args(["rnn", "--task", "chars", "--length", "8", "--hidden", "8", "--steps", "3", "--every", "3"])
            .args(extra)
            .output()
            .expect("the CLI runs")
    };
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/public/data/words/nl.txt");
    let output = run(&["--text", file, "--write", "10"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1]["score"], "perplexity");
    let (value, baseline) = (lines[1]["value"].as_f64().unwrap(), lines[1]["baseline"].as_f64().unwrap());
    assert!(value > 1.0 && baseline > 1.0, "{lines:?}");
    let written = &lines[1]["written"];
    assert_eq!(written["argmax"].as_str().unwrap().chars().count(), 10);
    assert_eq!(written["samples"].as_array().unwrap().len(), 3);

    let short = std::env::temp_dir().join(format!("chars-{}.txt", std::process::id()));
    std::fs::write(&short, "too short").unwrap();
    let refused = run(&["--text", short.to_str().unwrap()]);
    std::fs::remove_file(&short).ok();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("a text of at least 18 characters"));
}

/// The gates the trace shows, recomputed by hand from the layer's weights and the trace's hidden states:
/// z = x·W + b + h₋₁·U in blocks [i, f, g, o], and each gate σ of its block.
#[test]
fn an_lstm_s_traced_gates_are_the_sigmoids_of_its_pre_activations() {
    let text = CharText::new(&words(), 10).unwrap();
    let hidden = 6;
    let mut net = trained(&text, Cell::Lstm, hidden, 5);
    let test = text.test_windows(net.config.batch);
    let vocabulary = text.vocabulary();
    let sequence = &test.inputs[..10 * vocabulary];
    let trace = pollster::block_on(net.trace(sequence));
    assert_eq!(trace.gates.len(), 10 * 3 * hidden);
    let read = |name: &str| pollster::block_on(net.parameters.read(&Simd, net.parameters.find(name).unwrap()));
    let (input, bias, recurrent) = (read("layer0.input"), read("layer0.bias"), read("layer0.recurrent"));
    let width = 4 * hidden;
    let sigmoid = |z: f32| 1.0 / (1.0 + (-z).exp());
    for t in 0..10 {
        let mut z = bias.clone();
        let symbol = sequence[t * vocabulary..(t + 1) * vocabulary].iter().position(|&v| v == 1.0).unwrap();
        z.iter_mut().zip(&input[symbol * width..(symbol + 1) * width]).for_each(|(z, w)| *z += w);
        if t > 0 {
            for (h, row) in trace.hidden[(t - 1) * hidden..t * hidden].iter().zip(recurrent.chunks_exact(width)) {
                z.iter_mut().zip(row).for_each(|(z, w)| *z += h * w);
            }
        }
        for (shown, block) in [0, 1, 3].into_iter().enumerate() {
            for unit in 0..hidden {
                let expected = sigmoid(z[block * hidden + unit]);
                let got = trace.gates[(t * 3 + shown) * hidden + unit];
                assert!((got - expected).abs() < 1e-5, "step {t}, gate {block}, unit {unit}: {got} against {expected}");
            }
        }
    }
    // A plain RNN has no gates.
    let mut plain = trained(&text, Cell::Tanh, hidden, 1);
    assert!(pollster::block_on(plain.trace(sequence)).gates.is_empty());
}
