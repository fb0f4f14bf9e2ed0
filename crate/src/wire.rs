//! The values that cross between the core and the page, where they are not the labs' and models' own types
//! (which cross as they are). The page's types for all of them, `web/src/engine/wire.ts`, are generated from
//! the Rust types (`typescript` below, run by `cargo test`), so the two cannot drift apart; the limits the
//! page checks settings against come from here too.

use crate::activation::Activation;
use crate::heads::{HeadEvaluation, HeadSpec};
use crate::labs::datasets::{DatasetKind, Domain, Point};
use crate::labs::mlp::{Diverged, Evaluation, Layer, MlpConfig};
use crate::models::classifier::{CutPoint, WindowMap};
use crate::models::detector::{Found, Grid, StageTimes, Thresholds};
use crate::models::fine_tune::FineTuneSpec;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DatasetRequest {
    pub kind: DatasetKind,
    pub count: usize,
    pub noise: f32,
    pub seed: u64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Dataset {
    pub points: Vec<Point>,
    pub domain: Domain,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PerceptronConfig {
    pub activation: Activation,
    pub learning_rate: f32,
    pub points: Vec<Point>,
    pub seed: u64,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MlpLabConfig {
    pub network: MlpConfig,
    pub points: Vec<Point>,
    pub train_fraction: f32,
}

/// The MLP as the page draws it; the page adds the neuron maps (sampled on its own grid).
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MlpSnapshot<'a> {
    pub epoch: usize,
    pub train: Evaluation,
    pub test: Evaluation,
    pub layers: &'a [Layer],
}

/// The points a fresh MLP trains and is tested on.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Split<'a> {
    pub train: &'a [Point],
    pub test: &'a [Point],
}

#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrainReport {
    /// Sub-batches this call trained (a step is one or more).
    pub sub_batches: usize,
    /// The loss and accuracy of the last sub-batch trained.
    pub loss: f32,
    pub batch_accuracy: f32,
    /// Epochs done, fractional.
    pub epoch: f64,
    pub steps: usize,
    pub samples: usize,
}

/// A named tensor for the page to draw: feature maps [h, w, c], filters [k, k, in, out], probabilities.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NamedMap {
    pub name: String,
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// One of a classifier's most probable classes.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RankedClass {
    /// The class's output index.
    pub index: usize,
    pub label: String,
    pub probability: f32,
}

/// What the transfer lab's classifier made of one image: its most probable ImageNet classes, the
/// features at the cut, and each trained head's class scores (in the order the heads were trained).
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClassifiedImage {
    pub top: Vec<RankedClass>,
    pub features: Vec<f32>,
    pub head_scores: Vec<Vec<f32>>,
    /// The network's time, from the image in to its probabilities and features read back.
    pub network_ms: f64,
}

/// One epoch of fine-tuning: its mean training loss (none before the first), the accuracy on the training
/// images and on the held-out ones, and the time it took.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FineTuneReport {
    pub epoch: usize,
    pub loss: Option<f32>,
    pub train_accuracy: f32,
    pub validation: HeadEvaluation,
    pub epoch_ms: f64,
}

/// A fine-tuned network: how it was made and its outputs' names.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FineTunedInfo {
    pub spec: FineTuneSpec,
    pub classes: Vec<String>,
}

/// A sliding-window scan and the time it took.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ScannedWindows {
    pub map: WindowMap,
    pub ms: f64,
}

/// Where the classifier can be cut, and the deck's choice among them.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CutPoints {
    pub points: Vec<CutPoint>,
    pub default_cut: usize,
}

/// A head trained on the attendee's examples, and how it did.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HeadReport {
    pub spec: HeadSpec,
    pub train_accuracy: f32,
    pub validation: HeadEvaluation,
    pub train_ms: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DetectorInfo {
    pub classes: Vec<String>,
    pub default_size: usize,
    pub defaults: Thresholds,
}

/// What the core found in a frame; the page adds its own timing and the frame's size.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Frame<'a> {
    pub detections: &'a [Found],
    pub times: StageTimes,
    pub grids: Option<Vec<Grid>>,
}

/// What went wrong in a lab, beside the models' own problems: a code with parameters the page words in its
/// own language (web/src/i18n: `problems`), and English for the command line (`Display`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum LabProblem {
    /// The MLP's loss became NaN or infinite; it went back to its last good epoch.
    MlpDiverged { learning_rate: f32 },
    /// The CNN's loss stopped being a number at `step`; the weights went back to the last evaluation's if
    /// `restored`.
    TrainingDiverged { loss: f32, step: usize, restored: bool },
    /// The GPU a lab ran on went away (a driver reset, an unplugged adapter); the lab moved to the SIMD
    /// backend, going on from step `steps` where it trains.
    GpuLost { reason: String, steps: Option<usize> },
    /// A model the site serves did not load (a file damaged on the way or in the cache): `detail` says how.
    ServedModelDamaged { model: String, detail: String },
    /// A text given to the character model is shorter than a held-out window and a training part need.
    TextTooShort { needed: usize, got: usize },
}

impl fmt::Display for LabProblem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Self::MlpDiverged { learning_rate } => write!(f, "{}", Diverged { learning_rate: *learning_rate }),
            Self::TrainingDiverged { loss, step, restored } => {
                write!(f, "training diverged: the loss became {loss} at step {step}. ")?;
                match restored {
                    true => f.write_str("The weights are back to those of the last evaluation."),
                    false => f.write_str("Reset the network to start again."),
                }?;
                f.write_str(" Try a lower learning rate.")
            }
            Self::GpuLost { reason, steps } => {
                write!(f, "the GPU was lost ({reason}); the lab moved to wasm SIMD")?;
                match steps {
                    Some(steps) => write!(f, " and goes on from step {steps}"),
                    None => Ok(()),
                }
            }
            Self::ServedModelDamaged { model, detail } => write!(f, "the served model {model} is damaged: {detail}"),
            Self::TextTooShort { needed, got } => {
                write!(f, "the text has {got} characters: the model needs at least {needed}")
            }
        }
    }
}

impl From<Diverged> for LabProblem {
    fn from(Diverged { learning_rate }: Diverged) -> Self {
        Self::MlpDiverged { learning_rate }
    }
}

#[cfg(test)]
mod typescript;

/// A held-out window read character by character by the RNN lab's character model.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CharTrace {
    pub characters: String,
    /// The hidden state after each character, [steps, hidden].
    pub hidden: Vec<f32>,
    /// An LSTM's input, forget and output gates after each character, [steps, 3, hidden]; empty for an RNN.
    pub gates: Vec<f32>,
    /// The probability the network gave each character but the first, read before it came.
    pub expected: Vec<f32>,
}

/// A held-out house-number strip read column by column (`HouseNumberLab::trace`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NumberTrace {
    /// The strip's pixels in [0, 1], [height, width] row by row.
    pub pixels: Vec<f32>,
    pub height: usize,
    pub width: usize,
    /// The number the strip shows, a digit at a time.
    pub digits: Vec<usize>,
    /// Each column's probabilities of the ten digits and, last, the blank, [columns, 11].
    pub probabilities: Vec<f32>,
    /// What the network reads: each column's likeliest class, repeats merged and blanks dropped.
    pub read: Vec<usize>,
    /// How many of those digits are read by the end of each column.
    pub read_after: Vec<usize>,
}

/// The network the inside lab looks into: its layers, its classes (the top node's values), its input shape
/// and the layers with weights, bottom to top (what the sanity check randomises from the top).
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InsideInfo {
    pub layers: Vec<crate::labs::inside::LayerInfo>,
    /// The top node's values per image: a classifier's classes (a detector's backbone has no class names).
    pub classes: usize,
    pub class_names: Vec<String>,
    pub height: usize,
    pub width: usize,
    pub channels: usize,
    pub weighted_layers: Vec<String>,
    /// Images the lab holds: a CNN's test set, or the samples and pictures added to a served network's set.
    pub images: usize,
    /// Whether the images' labels are true ones (a test set's), not the network's own answers.
    pub labelled: bool,
}

/// Adversarial inputs made on one network, scored on a second: accuracy on `images` of the lab's images
/// (against their labels) before and after the attack, on both networks.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Transferred {
    pub images: usize,
    pub clean: f32,
    pub adversarial: f32,
    pub second_clean: f32,
    pub second_adversarial: f32,
}

/// An input after an attack, and each class's probability for it.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Attacked {
    pub adversarial: Vec<f32>,
    pub probabilities: Vec<f32>,
}

/// An image being dreamed up: where it is, the objective's score at the last step, and the steps taken.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Dreamed {
    pub image: Vec<f32>,
    pub score: f32,
    pub steps: usize,
    pub probabilities: Vec<f32>,
}

/// A layer's weights: [kernel_h, kernel_w, in / groups, out] for a convolution, [in, out] for a dense layer.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Filters {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// One of the network's tensors, as the page lists them.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CompressTensor {
    pub name: String,
    pub shape: Vec<usize>,
    /// A weight (pruned, shared, factored), not a bias.
    pub weight: bool,
}

/// The compression lab's network: its architecture, tensors, float32 file size and test images.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CompressInfo {
    pub spec: crate::models::cnn::CnnSpec,
    pub tensors: Vec<CompressTensor>,
    pub float32_bytes: usize,
    pub test_images: usize,
}

/// A served network compressed: its bytes stored so, and as float32.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServedSize {
    pub bytes: usize,
    pub float32_bytes: usize,
}

/// A served network and its compressed copy on one picture: of the original's answers (the classifier's
/// top class, or the detector's boxes), how many the copy gives too (the same class; a box of the same class
/// at IoU ≥ 0.5), and the classifier's two top classes.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServedComparison {
    pub reference: usize,
    pub matched: usize,
    pub answers: Vec<String>,
}
