//! The pretrained models the site serves from `static-models/<folder>/` — the detectors and the ImageNet
//! classifier: what each is, which files make it, where it came from and under which licence. The page
//! fetches the files and loads them with `load` (`load_classifier`); natively `load_from_dir` reads them,
//! and `convert` makes the folders from the original releases (`../shared/models/`), checking that every
//! model loads and recording provenance beside it.

use super::classifier::ClassifierModel;
use super::detector::DetectorModel;
use serde::Serialize;

/// How a served model is stored.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Files {
    /// A darknet YOLO detector.
    Darknet { cfg: &'static str, weights: &'static str, names: &'static str },
    /// face-api.js's TinyFaceDetector: a tfjs weights manifest; its shards are named inside it.
    TinyFace { manifest: &'static str },
    /// A classifier as a tfjs layers model (its shards are named inside it) and its labels, one a line.
    LayersModel { model: &'static str, labels: &'static str },
}

#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ServedModel {
    pub id: &'static str,
    pub title: &'static str,
    /// The folder under `static-models/` (and under the originals' folder).
    pub folder: &'static str,
    pub files: Files,
    pub origin: &'static str,
    pub licence: &'static str,
}

pub const DETECTORS: [ServedModel; 3] = [
    ServedModel {
        id: "tiny-face",
        title: "TinyFaceDetector (faces)",
        folder: "tiny-face-detector",
        files: Files::TinyFace { manifest: "tiny_face_detector_model-weights_manifest.json" },
        origin: "face-api.js (github.com/justadudewhohacks/face-api.js) `weights/`, byte-identical to `model/` in the npm package @vladmandic/face-api 1.7.15",
        licence: "MIT (LICENSE beside it)",
    },
    ServedModel {
        id: "yolo-fastest-1.1",
        title: "Yolo-Fastest 1.1 (80 COCO classes)",
        folder: "yolo-fastest-1.1",
        files: Files::Darknet {
            cfg: "yolo-fastest-1.1.cfg",
            weights: "yolo-fastest-1.1.weights",
            names: "coco.names",
        },
        origin: "github.com/dog-qiuqiu/Yolo-Fastest `ModelZoo/yolo-fastest-1.1_coco/`",
        licence: "YOLO licence v2, public domain (LICENSE beside it)",
    },
    ServedModel {
        id: "yolo-fastest-1.1-xl",
        title: "Yolo-Fastest 1.1 XL (80 COCO classes, slower, better)",
        folder: "yolo-fastest-1.1",
        files: Files::Darknet {
            cfg: "yolo-fastest-1.1-xl.cfg",
            weights: "yolo-fastest-1.1-xl.weights",
            names: "coco.names",
        },
        origin: "github.com/dog-qiuqiu/Yolo-Fastest `ModelZoo/yolo-fastest-1.1_coco/`",
        licence: "YOLO licence v2, public domain (LICENSE beside it)",
    },
];

pub const CLASSIFIERS: [ServedModel; 1] = [ServedModel {
    id: "darknet-tiny-imagenet",
    title: "Darknet reference tiny network (1000 ImageNet classes)",
    folder: "darknet-tiny-imagenet",
    files: Files::LayersModel { model: "model.json", labels: "darknet_imagenet1k_shortnames.txt" },
    origin: "github.com/ml5js/ml5-data-and-models `models/darknetclassifier/darknettiny/` (ml5's tfjs conversion of pjreddie's darknet reference tiny network)",
    licence: "MIT (the ml5-data-and-models repository; its model folder carries no licence file)",
}];

/// The served model called `id`.
pub fn detector(id: &str) -> Result<&'static ServedModel, String> {
    DETECTORS
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| format!("unknown model {id}: {}", DETECTORS.iter().map(|m| m.id).collect::<Vec<_>>().join(", ")))
}

impl ServedModel {
    /// Loads the model from its files; `file(name)` gives the bytes of a file in its folder.
    pub fn load(&self, mut file: impl FnMut(&str) -> Result<Vec<u8>, String>) -> Result<DetectorModel, String> {
        let mut text = |name: &str| {
            String::from_utf8(file(name)?).map_err(|_| format!("{name} is not text: is it the right file?"))
        };
        match self.files {
            Files::Darknet { cfg, weights, names } => {
                let (cfg, names) = (text(cfg)?, text(names)?);
                Ok(DetectorModel::darknet(&cfg, &file(weights)?, &names)?)
            }
            Files::TinyFace { manifest } => DetectorModel::tiny_face(&text(manifest)?, file),
            Files::LayersModel { .. } => Err(format!("{} is a classifier, not a detector", self.id)),
        }
    }

    /// Loads the classifier from its files, as `load` does a detector.
    pub fn load_classifier(
        &self,
        mut file: impl FnMut(&str) -> Result<Vec<u8>, String>,
    ) -> Result<ClassifierModel, String> {
        let Files::LayersModel { model, labels } = self.files else {
            return Err(format!("{} is a detector, not a classifier", self.id));
        };
        let mut text = |name: &str| {
            String::from_utf8(file(name)?).map_err(|_| format!("{name} is not text: is it the right file?"))
        };
        let (model, labels) = (text(model)?, text(labels)?);
        ClassifierModel::load(&model, &labels, file)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{Files, ServedModel, CLASSIFIERS, DETECTORS};
    use crate::data::convert::sha256;
    use crate::models::detector::DetectorModel;
    use crate::models::{layers_model, tfjs};
    use std::fmt::Write as _;
    use std::path::Path;

    fn read(path: &Path) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
    }

    impl ServedModel {
        /// Loads the model from the folder holding its files.
        pub fn load_from_dir(&self, dir: &Path) -> Result<DetectorModel, String> {
            self.load(|name| read(&dir.join(name)))
        }

        /// Loads the model from its folder as the page would, whichever kind it is.
        fn check(&self, dir: &Path) -> Result<(), String> {
            match self.files {
                Files::LayersModel { .. } => self.load_classifier(|name| read(&dir.join(name))).map(|_| ()),
                _ => self.load_from_dir(dir).map(|_| ()),
            }
        }

        /// Every file the model is made of, the shards a manifest names included.
        fn file_names(&self, dir: &Path) -> Result<Vec<String>, String> {
            Ok(match self.files {
                Files::Darknet { cfg, weights, names } => vec![cfg.into(), weights.into(), names.into()],
                Files::TinyFace { manifest } => {
                    let text = String::from_utf8(read(&dir.join(manifest))?).map_err(|e| e.to_string())?;
                    [vec![manifest.to_string()], tfjs::shard_paths(&text)?].concat()
                }
                Files::LayersModel { model, labels } => {
                    let text = String::from_utf8(read(&dir.join(model))?).map_err(|e| e.to_string())?;
                    let shards = tfjs::shard_paths(&layers_model::manifest(&text)?)?;
                    [vec![model.to_string(), labels.to_string()], shards].concat()
                }
            })
        }
    }

    /// Makes `to/<folder>/` for every served model from the originals in `from/<folder>/`: each model must load
    /// from the originals; its files (unchanged: they are the formats the loaders read) and its licence file,
    /// where the release has one, are copied, and a PROVENANCE.md lists origin, licence and SHA-256 of every
    /// file. Returns a line per model.
    pub fn convert(from: &Path, to: &Path) -> Result<Vec<String>, String> {
        let mut report = Vec::new();
        let served: Vec<&ServedModel> = DETECTORS.iter().chain(&CLASSIFIERS).collect();
        for folder in served.iter().map(|m| m.folder).collect::<std::collections::BTreeSet<_>>() {
            let (source, target) = (from.join(folder), to.join(folder));
            std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
            let mut provenance = format!("# {folder}\n\nConverted by `npm run cli -- convert-models` (crate/src/models/served.rs) from the project's copy of the original release. The files are the originals, unchanged: they are the formats the engine loads (checked by loading each model before copying).\n");
            for model in served.iter().filter(|m| m.folder == folder) {
                model.check(&source).map_err(|e| format!("{}: {e}", model.id))?;
                let _ = write!(
                    provenance,
                    "\n## {}: {}\n\n- origin: {}\n- licence: {}\n",
                    model.id, model.title, model.origin, model.licence
                );
                for name in model.file_names(&source)? {
                    let bytes = read(&source.join(&name))?;
                    std::fs::write(target.join(&name), &bytes).map_err(|e| format!("{name}: {e}"))?;
                    let _ = writeln!(provenance, "- `{name}`: {} bytes, SHA-256 {}", bytes.len(), sha256(&bytes));
                }
                report.push(format!("{}: {} → {}", model.id, source.display(), target.display()));
            }
            if source.join("LICENSE").exists() {
                let licence = read(&source.join("LICENSE"))?;
                std::fs::write(target.join("LICENSE"), licence).map_err(|e| format!("LICENSE: {e}"))?;
            }
            std::fs::write(target.join("PROVENANCE.md"), provenance).map_err(|e| format!("PROVENANCE.md: {e}"))?;
        }
        Ok(report)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::convert;
