//! `transfer --classes DIR`: the transfer lab on the command line. One folder of images per class; the
//! ImageNet classifier's features at a cut layer; the last quarter of each class's images (by file name)
//! held out for validation; the heads trained on the rest. Prints the examples per class, then one JSON
//! line per head with its accuracies.

use playground::engine::Backend;
use playground::heads::knn::Metric;
use playground::heads::{Examples, Head, HeadSpec};
use playground::models::classifier::{Classifier, ClassifierModel};
use std::path::Path;

/// The share of each class's images held out for validation.
const VALIDATION_SHARE: f32 = 0.25;

pub struct TransferRun<'a> {
    pub model: &'a ClassifierModel,
    pub classes: &'a Path,
    pub cut: Option<usize>,
    pub heads: Vec<HeadSpec>,
    /// Where to write every example's features, for outside checks (scripts/reference/transfer-heads.py).
    pub features_out: Option<&'a Path>,
}

/// The heads `--head` names, each with the lab's default knob.
pub fn head_specs(name: Option<&str>) -> Result<Vec<HeadSpec>, String> {
    let all = [
        ("svm", HeadSpec::Svm { c: 1.0 }),
        ("softmax", HeadSpec::Softmax { c: 1.0 }),
        ("knn", HeadSpec::Knn { k: 3, metric: Metric::Cosine }),
    ];
    match name {
        None => Ok(all.iter().map(|(_, spec)| *spec).collect()),
        Some(name) => all
            .iter()
            .find(|(id, _)| *id == name)
            .map(|(_, spec)| vec![*spec])
            .ok_or_else(|| format!("--head {name}: svm, softmax or knn")),
    }
}

/// One labelled image file.
struct Example {
    file: String,
    label: usize,
    validation: bool,
    features: Vec<f32>,
}

impl TransferRun<'_> {
    pub fn run<B: Backend>(&self, backend: &B) -> Result<(), String> {
        let cut = self.cut.unwrap_or(self.model.default_cut());
        if !self.model.cut_points().iter().any(|point| point.layer == cut) {
            let layers: Vec<String> = self.model.cut_points().iter().map(|p| p.layer.to_string()).collect();
            return Err(format!("--cut {cut}: the network can be cut at layers {}", layers.join(", ")));
        }
        let names = class_folders(self.classes)?;
        let mut classifier = Classifier::new(backend, &self.model.network, cut)?;
        let mut examples = Vec::new();
        let mut counts = serde_json::Map::new();
        for (label, name) in names.iter().enumerate() {
            let files = image_files(&self.classes.join(name))?;
            let held_out = ((files.len() as f32 * VALIDATION_SHARE).round() as usize).max(1).min(files.len() - 1);
            for (i, file) in files.iter().enumerate() {
                let image = image::open(file).map_err(|e| format!("{}: {e}", file.display()))?.to_rgb8();
                let (width, height) = (image.width() as usize, image.height() as usize);
                let features = pollster::block_on(classifier.classify(image.as_raw(), width, height))?.features;
                let validation = i >= files.len() - held_out;
                examples.push(Example { file: file.display().to_string(), label, validation, features });
            }
            counts.insert(name.clone(), serde_json::json!({ "train": files.len() - held_out, "validation": held_out }));
        }
        let dimension = examples[0].features.len();
        println!("{}", serde_json::json!({ "cut": cut, "features": dimension, "examples_per_class": counts }));
        if let Some(path) = self.features_out {
            write_features(path, cut, &names, &examples)?;
        }
        let split = |validation: bool| {
            let mut set = Examples::new(dimension);
            for example in examples.iter().filter(|e| e.validation == validation) {
                set.push(&example.features, example.label);
            }
            set
        };
        let (train, validation) = (split(false), split(true));
        for &spec in &self.heads {
            let head = Head::train(spec, &train, names.len())?;
            let line = serde_json::json!({
                "head": spec,
                "train_accuracy": head.evaluate(&train, names.len()).accuracy,
                "validation_accuracy": head.evaluate(&validation, names.len()).accuracy,
            });
            println!("{line}");
        }
        Ok(())
    }
}

/// The class folders' names, sorted: at least two.
fn class_folders(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if names.len() < 2 {
        return Err(format!("{}: needs one folder of images per class, at least two", dir.display()));
    }
    Ok(names)
}

/// A class folder's PNG and JPEG files, sorted by name: at least two, one to train on and one to validate.
fn image_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
            matches!(extension.as_deref(), Some("png" | "jpg" | "jpeg"))
        })
        .collect();
    files.sort();
    if files.len() < 2 {
        return Err(format!("{}: needs at least two images (PNG or JPEG)", dir.display()));
    }
    Ok(files)
}

fn write_features(path: &Path, cut: usize, classes: &[String], examples: &[Example]) -> Result<(), String> {
    let examples: Vec<_> = examples
        .iter()
        .map(|e| serde_json::json!({ "file": e.file, "label": e.label, "validation": e.validation, "features": e.features }))
        .collect();
    let json = serde_json::json!({ "cut": cut, "classes": classes, "examples": examples });
    std::fs::write(path, json.to_string()).map_err(|e| format!("{}: {e}", path.display()))
}
