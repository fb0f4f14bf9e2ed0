//! `rnn`: a recurrent network trained on a memory task, with the loss every so many steps and the task's
//! score on test sequences at the end, beside the baseline of a network that learned nothing.

use playground::clock;
use playground::engine::Backend;
use playground::labs::rnn::{MemoryNet, MemoryTask, SequenceTraining};
use playground::models::recurrent::RecurrentSpec;
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
    task: MemoryTask,
    spec: RecurrentSpec,
    steps: usize,
    /// "mse" or "accuracy".
    score: &'static str,
    value: f32,
    baseline: f32,
    test_sequences: usize,
}

pub struct RnnRun {
    pub task: MemoryTask,
    pub spec: RecurrentSpec,
    pub config: SequenceTraining,
    pub steps: usize,
    pub every: usize,
    pub test_sequences: usize,
}

impl RnnRun {
    pub fn on<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let mut net = MemoryNet::new(backend, self.task, self.spec, self.config)?;
        let start = clock::now_ms();
        for step in 1..=self.steps {
            let result = pollster::block_on(net.iterate());
            if !result.loss.is_finite() {
                return Err(format!("the loss became {} at step {step}: try a lower learning rate", result.loss));
            }
            if step % self.every == 0 || step == self.steps {
                let seconds = (clock::now_ms() - start) / 1000.0;
                let line = StepLine { step, loss: result.loss, gradient_norm: result.gradient_norm, seconds };
                println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
            }
        }
        let line = ScoreLine {
            task: self.task,
            spec: self.spec,
            steps: self.steps,
            score: self.task.score_name(),
            value: pollster::block_on(net.evaluate(self.test_sequences)),
            baseline: self.task.baseline(),
            test_sequences: self.test_sequences,
        };
        println!("{}", serde_json::to_string(&line).map_err(|e| e.to_string())?);
        Ok(())
    }
}
