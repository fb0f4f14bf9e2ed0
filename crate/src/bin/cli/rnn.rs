//! `rnn`: a recurrent network trained on a memory task, on sequence MNIST, on house numbers or on a text,
//! with the loss every so many steps and the task's score on test sequences at the end, beside the baseline
//! of a network that learned nothing (and, for a text, what the network writes).

use playground::clock;
use playground::data::image_set::ImageSet;
use playground::engine::Backend;
use playground::labs::chars::{perplexity, CharText};
use playground::labs::house_numbers::{NumberReader, Strip};
use playground::labs::rnn::{digits, MemoryTask, SequenceNet, SequenceStep, SequenceTraining};
use playground::models::recurrent::RecurrentSpec;
use playground::rng::Rng;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StepLine {
    step: usize,
    loss: f32,
    gradient_norm: f32,
    seconds: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScoreLine {
    task: &'static str,
    /// The memory tasks' length.
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<usize>,
    spec: RecurrentSpec,
    steps: usize,
    /// "mse" or "accuracy".
    score: &'static str,
    value: f32,
    baseline: f32,
    test_sequences: usize,
    seconds: f64,
    /// A text's model: what it writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    written: Option<Written>,
}

#[derive(Serialize)]
struct Written {
    /// The most likely character each step.
    argmax: String,
    temperature: f32,
    samples: Vec<String>,
}

pub enum RnnTask<'a> {
    Memory {
        task: MemoryTask,
        steps: usize,
    },
    Digits {
        train: &'a ImageSet,
        test: &'a ImageSet,
        epochs: usize,
    },
    /// Strips of one to five digits drawn from `train`, scored on strips of `test`'s digits.
    HouseNumbers {
        train: &'a ImageSet,
        test: &'a ImageSet,
        steps: usize,
    },
    /// Windows of a text, each step's next character; then `write` characters written at `temperature`.
    Chars {
        text: CharText,
        steps: usize,
        write: usize,
        temperature: f32,
    },
}

pub struct RnnRun<'a> {
    pub task: RnnTask<'a>,
    pub spec: RecurrentSpec,
    pub config: SequenceTraining,
    pub every: usize,
    pub test_sequences: usize,
}

/// Texts written at the temperature that the score line shows.
const SAMPLES: usize = 3;

fn print(line: &impl Serialize) -> Result<(), String> {
    println!("{}", serde_json::to_string(line).map_err(|e| e.to_string())?);
    Ok(())
}

impl RnnRun<'_> {
    pub fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let start = clock::now_ms();
        let seconds = || (clock::now_ms() - start) / 1000.0;
        let report = |step: usize, result: SequenceStep, last: bool| -> Result<(), String> {
            if !result.loss.is_finite() {
                return Err(format!("the loss became {} at step {step}: try a lower learning rate", result.loss));
            }
            if step.is_multiple_of(self.every) || last {
                print(&StepLine { step, loss: result.loss, gradient_norm: result.gradient_norm, seconds: seconds() })?;
            }
            Ok(())
        };
        let batch = self.config.batch;
        match &self.task {
            &RnnTask::Memory { task, steps } => {
                task.validate()?;
                let mut net = SequenceNet::new(backend, task.shape(), self.spec, self.config)?;
                let mut rng = Rng::new(self.config.seed);
                for step in 1..=steps {
                    let (inputs, targets) = task.batch(&mut rng, batch);
                    report(step, pollster::block_on(net.train_step(&inputs, &targets)), step == steps)?;
                }
                let count = self.test_sequences.div_ceil(batch) * batch;
                let (inputs, targets) = task.test_set(count, batch);
                let outputs = pollster::block_on(net.outputs(&inputs));
                let (name, length) = match task {
                    MemoryTask::Adding { length } => ("adding", length),
                    MemoryTask::Copy { length } => ("copy", length),
                };
                print(&ScoreLine {
                    task: name,
                    length: Some(length),
                    spec: self.spec,
                    steps,
                    score: task.score_name(),
                    value: task.score(&outputs, &targets),
                    baseline: task.baseline(),
                    test_sequences: count,
                    seconds: seconds(),
                    written: None,
                })
            }
            &RnnTask::Digits { train, test, epochs } => {
                let mut net = SequenceNet::new(backend, digits::SHAPE, self.spec, self.config)?;
                let mut rng = Rng::new(self.config.seed);
                let mut order: Vec<usize> = (0..train.len()).collect();
                let per_epoch = train.len() / batch;
                for epoch in 0..epochs {
                    rng.shuffle(&mut order);
                    for (i, indices) in order.chunks_exact(batch).enumerate() {
                        let (inputs, targets) = digits::batch(train, indices);
                        let step = epoch * per_epoch + i + 1;
                        let result = pollster::block_on(net.train_step(&inputs, &targets));
                        report(step, result, step == epochs * per_epoch)?;
                    }
                }
                let count = self.test_sequences.min(test.len()) / batch * batch;
                let indices: Vec<usize> = (0..count).collect();
                let (inputs, targets) = digits::batch(test, &indices);
                let outputs = pollster::block_on(net.outputs(&inputs));
                print(&ScoreLine {
                    task: "seq-mnist",
                    length: None,
                    spec: self.spec,
                    steps: epochs * per_epoch,
                    score: "accuracy",
                    value: digits::accuracy(&outputs, &targets),
                    baseline: 0.1,
                    test_sequences: count,
                    seconds: seconds(),
                    written: None,
                })
            }
            &RnnTask::HouseNumbers { train, test, steps } => {
                let mut net = NumberReader::new(backend, self.spec, self.config)?;
                let mut rng = Rng::new(self.config.seed);
                for step in 1..=steps {
                    let strips: Vec<Strip> = (0..batch).map(|_| Strip::draw(train, &mut rng)).collect();
                    report(step, pollster::block_on(net.train_step(&strips)), step == steps)?;
                }
                let held_out = Strip::held_out(test, self.test_sequences / batch * batch);
                print(&ScoreLine {
                    task: "house-numbers",
                    length: None,
                    spec: self.spec,
                    steps,
                    score: "accuracy",
                    value: pollster::block_on(net.accuracy(&held_out)),
                    baseline: 0.0,
                    test_sequences: held_out.len(),
                    seconds: seconds(),
                    written: None,
                })
            }
            RnnTask::Chars { text, steps, write, temperature } => {
                let mut net = SequenceNet::new(backend, text.shape(), self.spec, self.config)?;
                let mut rng = Rng::new(self.config.seed);
                for step in 1..=*steps {
                    let (inputs, targets) = text.batch(&mut rng, batch);
                    report(step, pollster::block_on(net.train_step(&inputs, &targets)), step == *steps)?;
                }
                let test = text.test_windows(batch);
                let logits = pollster::block_on(net.outputs(&test.inputs));
                let start = text.default_start();
                let rows = pollster::block_on(text.write(&mut net, &start, *write, *temperature, &mut rng));
                let mut rows = rows.iter().map(|row| text.decode(row));
                print(&ScoreLine {
                    task: "chars",
                    length: Some(text.length),
                    spec: self.spec,
                    steps: *steps,
                    score: "perplexity",
                    value: perplexity(&logits, &test.targets, text.vocabulary()),
                    baseline: text.unigram_perplexity(&test),
                    test_sequences: test.windows,
                    seconds: seconds(),
                    written: Some(Written {
                        argmax: rows.next().unwrap_or_default(),
                        temperature: *temperature,
                        samples: rows.take(SAMPLES).collect(),
                    }),
                })
            }
        }
    }
}
