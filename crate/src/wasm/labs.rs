//! Bindings of the perceptron and MLP labs.

use super::{from_js, problem, to_js};
use crate::activation::Activation;
use crate::labs::datasets::{self, Domain, Point};
use crate::labs::mlp::Mlp;
use crate::labs::perceptron::PerceptronTrainer;
use crate::wire::{Dataset, DatasetRequest, LabProblem, MlpLabConfig, MlpSnapshot, PerceptronConfig, Split};
use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

/// `{kind, count, noise, seed}` → `{points, domain}`.
#[wasm_bindgen(js_name = generateDataset)]
pub fn generate_dataset(request: JsValue) -> Result<JsValue, JsError> {
    let DatasetRequest { kind, count, noise, seed } = from_js(request)?;
    to_js(&Dataset { points: datasets::generate(kind, count, noise, seed), domain: kind.domain() })
}

#[wasm_bindgen]
pub struct PerceptronLab(PerceptronTrainer);

#[wasm_bindgen]
impl PerceptronLab {
    /// `{activation, learningRate, points, seed}`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<PerceptronLab, JsError> {
        let PerceptronConfig { activation, learning_rate, points, seed } = from_js(config)?;
        if !matches!(activation, Activation::Threshold | Activation::PiecewiseLinear | Activation::Sigmoid) {
            return Err(JsError::new("the perceptron lab uses the deck's threshold, piecewise-linear or sigmoid"));
        }
        Ok(Self(PerceptronTrainer::new(activation, learning_rate, points, seed)))
    }

    /// Learns from the next sample: `{sampleIndex, update, state}`, or null without points.
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.0.step())
    }

    #[wasm_bindgen(js_name = runEpoch)]
    pub fn run_epoch(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.0.run_epoch())
    }

    pub fn state(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.state())
    }

    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, learning_rate: f32) {
        self.0.learning_rate = learning_rate;
    }

    /// Replaces the points and keeps the weights.
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, points: JsValue) -> Result<(), JsError> {
        self.0.set_points(from_js(points)?);
        Ok(())
    }
}

#[wasm_bindgen]
pub struct MlpLab {
    mlp: Mlp,
    train: Vec<Point>,
    test: Vec<Point>,
    epoch: usize,
}

#[wasm_bindgen]
impl MlpLab {
    /// `{network: {hiddenLayers, activation, learningRate, batchSize, seed}, points, trainFraction}`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<MlpLab, JsError> {
        let MlpLabConfig { network, points, train_fraction } = from_js(config)?;
        let mlp = Mlp::new(&network).map_err(|e| JsError::new(&e))?;
        let (train, test) = datasets::split(&points, train_fraction, network.seed);
        Ok(Self { mlp, train, test, epoch: 0 })
    }

    /// Trains one epoch and returns the snapshot after it; throws if training diverged (weights restored).
    #[wasm_bindgen(js_name = trainEpoch)]
    pub fn train_epoch(&mut self) -> Result<JsValue, JsValue> {
        self.mlp.train_epoch(&self.train).map_err(|e| problem(LabProblem::from(e)))?;
        self.epoch += 1;
        Ok(self.snapshot()?)
    }

    /// `{epoch, train: {loss, accuracy}, test: {loss, accuracy}, layers: [{inputs, outputs, weights, biases}]}`.
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&MlpSnapshot {
            epoch: self.epoch,
            train: self.mlp.evaluate(&self.train),
            test: self.mlp.evaluate(&self.test),
            layers: &self.mlp.layers,
        })
    }

    /// `{train, test}` points after the split.
    pub fn points(&self) -> Result<JsValue, JsError> {
        to_js(&Split { train: &self.train, test: &self.test })
    }

    /// Every neuron's output over the square [min, max]², neuron-major, `resolution`² values each.
    #[wasm_bindgen(js_name = neuronMaps)]
    pub fn neuron_maps(&self, min: f32, max: f32, resolution: usize) -> Float32Array {
        Float32Array::from(self.mlp.neuron_maps(Domain { min, max }, resolution).as_slice())
    }

    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, learning_rate: f32) {
        self.mlp.set_learning_rate(learning_rate);
    }
}
