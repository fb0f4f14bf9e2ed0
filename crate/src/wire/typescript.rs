//! `web/src/engine/wire.ts`, the page's types for everything that crosses, written from the Rust types
//! by ts-rs (which follows their serde attributes). The test fails when the committed file is not what the
//! types say; `UPDATE_WIRE=1 cargo test -p playground --lib wire` rewrites it.

use super::*;
use crate::augment::{Augmentation, ColourSpace, DigitAugmentation};
use crate::bench::{Measurement, Work};
use crate::engine::ops::PoolKind;
use crate::engine::BackendKind;
use crate::labs::cnn::TrainingConfig;
use crate::labs::cnn::MAX_BATCH;
use crate::labs::mlp::{MAX_HIDDEN_LAYERS, MAX_NEURONS_PER_LAYER};
use crate::labs::perceptron::{Perceptron, Step, TrainerState, Update};
use crate::models::cnn::{CnnSpec, ConvBlock, LayerSummary, SpecError};
use crate::models::cnn::{MAX_FILTERS, MAX_HIDDEN};
use crate::models::darknet::DarknetError;
use crate::models::fine_tune::FineTuneSpec;
use crate::models::safetensors::SafetensorsError;
use crate::models::served::{Files, ServedModel};
use crate::nn::Optimiser;
use std::path::Path;
use ts_rs::{Config, TS};

const HEADER: &str =
    "// Generated from the Rust types by crate/src/wire/typescript.rs: do not edit. After changing a type,\n\
// `UPDATE_WIRE=1 cargo test -p playground --lib wire` writes this file again.\n";

/// One `export type` per type, in the order given.
macro_rules! declarations {
    ($cfg:expr; $($t:ty),+ $(,)?) => {
        [$({
            let docs = <$t as TS>::docs().map(|d| format!("{}\n", d.trim_end())).unwrap_or_default();
            format!("{docs}export {}\n", <$t as TS>::decl($cfg))
        }),+]
    };
}

fn wire_ts() -> String {
    // Seeds are u64 in Rust but never beyond what a double holds exactly.
    let cfg = &Config::new().with_large_int("number");
    let declarations = declarations![cfg;
        // The labs: datasets, perceptron, MLP.
        Point, Domain, DatasetKind, DatasetRequest, Dataset, Activation, Perceptron, Update, Step, TrainerState,
        PerceptronConfig, MlpConfig, MlpLabConfig, Evaluation, Layer, MlpSnapshot<'static>, Split<'static>,
        // The engine and its benchmark.
        BackendKind, Work, Measurement, crate::engine::webgpu::ProductKernel, crate::engine::webgpu::ProductKernels,
        crate::engine::webgpu::TunedKernels,
        // The CNN lab.
        PoolKind, ConvBlock, CnnSpec, LayerSummary, Optimiser, DigitAugmentation, TrainingConfig, TrainReport,
        crate::labs::cnn::Evaluation, NamedMap, ColourSpace, Augmentation,
        // The detection lab.
        Files, ServedModel, Thresholds, DetectorInfo, Found, Grid, StageTimes, Frame<'static>,
        // The transfer lab.
        RankedClass, ClassifiedImage, CutPoint, CutPoints, crate::heads::knn::Metric, HeadSpec, HeadEvaluation,
        HeadReport, crate::models::fine_tune::Freeze, FineTuneSpec, crate::labs::transfer::FineTuneTraining,
        FineTuneReport, FineTunedInfo, crate::models::classifier::WindowMap, ScannedWindows,
        crate::labs::inside::LayerInfo, crate::labs::inside::Target, crate::labs::inside::explain::Attribution,
        crate::labs::inside::explain::Explanation, crate::labs::inside::attack::AttackKind,
        crate::labs::inside::attack::Attack, crate::labs::inside::dream::DreamSettings,
        crate::labs::inside::dream::Objective, InsideInfo, Attacked, Transferred, Dreamed, Filters,
        crate::labs::inside::TopImage,
        // The compression lab.
        crate::compress::prune::Pruning, crate::compress::ValueCoding, crate::compress::Encoding,
        crate::labs::compress::Setting, crate::models::compressed::TensorSize, crate::labs::compress::Outcome,
        CompressTensor, CompressInfo, ServedSize, ServedComparison,
        // The autoencoder lab.
        crate::models::autoencoder::AutoencoderKind, crate::models::autoencoder::AutoencoderSpec,
        crate::labs::autoencoder::NoiseKind, crate::labs::autoencoder::Noise,
        crate::labs::autoencoder::AutoencoderTraining, crate::labs::autoencoder::AutoencoderEvaluation,
        crate::labs::autoencoder::AutoencoderSamples, crate::labs::autoencoder::CodeMap,
        crate::labs::few_labels::FewLabelsPoint,
        // The GAN lab.
        crate::labs::gan::Mixture, crate::labs::gan::GanTraining, crate::models::dcgan::DcganSpec,
        crate::models::pix2pix::Pix2pixSpec, crate::labs::digit_gan::DigitGanSpec, crate::labs::gan::PlaneGanView,
        // The RNN lab.
        crate::engine::ops::Cell, crate::models::recurrent::RecurrentSpec, crate::labs::rnn::MemoryTask,
        crate::labs::rnn::SequenceTraining, CharTrace, NumberTrace,
        // Problems the page words in its own language.
        SpecError, DarknetError, SafetensorsError, LabProblem,
    ];
    let problem = "/** Every problem the core reports, by its `code`. */\n\
                   export type Problem = SpecError | DarknetError | SafetensorsError | LabProblem;\n";
    format!("{HEADER}\n{}\n{problem}\n{}", declarations.join("\n"), limits())
}

/// The limits the core enforces, for the page to check its fields against before asking.
fn limits() -> String {
    let limits = [
        ("mlpHiddenLayers", MAX_HIDDEN_LAYERS),
        ("mlpNeuronsPerLayer", MAX_NEURONS_PER_LAYER),
        ("cnnFilters", MAX_FILTERS),
        ("cnnHidden", MAX_HIDDEN),
        ("cnnBatch", MAX_BATCH),
        ("autoencoderCode", crate::models::autoencoder::MAX_CODE),
        ("autoencoderBatch", crate::labs::autoencoder::MAX_BATCH),
        ("ganBatch", crate::labs::gan::MAX_BATCH),
        ("ganDSteps", crate::labs::gan::MAX_D_STEPS),
        ("ganCentres", crate::labs::gan::MAX_CENTRES),
        ("ganUnits", crate::models::point_mlp::MAX_UNITS),
        ("ganLayers", crate::models::point_mlp::MAX_LAYERS),
        ("dcganNoise", crate::models::dcgan::MAX_NOISE),
        ("dcganFilters", crate::models::dcgan::MAX_FILTERS),
        ("rnnHidden", crate::models::recurrent::MAX_HIDDEN),
        ("rnnLayers", crate::models::recurrent::MAX_LAYERS),
        ("rnnLength", crate::labs::rnn::MAX_LENGTH),
        ("rnnBatch", crate::labs::rnn::MAX_BATCH),
    ];
    let fields: String = limits.iter().map(|(name, value)| format!("  {name}: {value},\n")).collect();
    format!("/** The limits the core enforces, for the page to check its fields against before asking. */\nexport const LIMITS = {{\n{fields}}} as const;\n")
}

#[test]
fn the_page_s_wire_types_are_those_of_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src/engine/wire.ts");
    let generated = wire_ts();
    if std::env::var_os("UPDATE_WIRE").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "web/src/engine/wire.ts differs from the Rust types: run `UPDATE_WIRE=1 cargo test -p playground --lib \
         wire` and commit it"
    );
}
