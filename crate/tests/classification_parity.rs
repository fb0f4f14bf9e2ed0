//! The ImageNet classifier of the transfer lab (the Darknet reference "tiny" network, a tfjs layers model)
//! against tfjs's own output (`../shared/fixtures/reference/darknet-tiny-imagenet/chelsea.json`): the same
//! top 3 on chelsea.png, each probability within 0.005, on every backend. The model is read from
//! `static-models/`, as the site serves it.

use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::models::classifier::{top, Classified, Classifier, ClassifierModel};
use playground::models::darknet::cfg::Layer;
use playground::models::{layers_model, served};
use std::path::{Path, PathBuf};

/// A file of the project's shared folder, which sits beside the repository (as in CI).
fn shared(path: &str) -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    assert!(shared.is_dir(), "{}: the reference outputs live in ../shared beside the repository", shared.display());
    shared.join(path)
}

fn served_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models").join(served::CLASSIFIERS[0].folder)
}

fn model() -> ClassifierModel {
    let dir = served_dir();
    served::CLASSIFIERS[0]
        .load_classifier(|name| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}")))
        .unwrap()
}

/// tfjs's top 3: (class index in darknet order, probability).
fn reference() -> Vec<(usize, f32)> {
    let text = std::fs::read_to_string(shared("fixtures/reference/darknet-tiny-imagenet/chelsea.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let top = json["top3"].as_array().unwrap();
    top.iter().map(|t| (t["index"].as_u64().unwrap() as usize, t["p"].as_f64().unwrap() as f32)).collect()
}

/// The classifier is a 1×1 convolution followed by the global average pool, both linear, so its logits are
/// its weights applied to the mean of its input's maps: the features at the default cut must give the
/// network's own probabilities through the classifier's weights, computed here by hand.
fn features_give_the_probabilities(model: &ClassifierModel, classified: &Classified) {
    let cut = model.default_cut();
    let channels = model.cut_points().last().unwrap().channels;
    assert_eq!(classified.features.len(), channels);
    let classifier = model.network.cfg.layers[cut + 1..].iter().filter(|l| matches!(l, Layer::Convolutional(_)));
    assert_eq!(classifier.count(), 1, "the default cut is just below the classifier");
    let convolutions = model.network.cfg.layers.iter().filter(|l| matches!(l, Layer::Convolutional(_))).count();
    let (weights, bias) = model.network.convolution(convolutions - 1);
    let classes = bias.len();
    let logits: Vec<f64> = (0..classes)
        .map(|o| {
            let dot: f64 = (0..channels).map(|i| classified.features[i] as f64 * weights[i * classes + o] as f64).sum();
            dot + bias[o] as f64
        })
        .collect();
    let largest = logits.iter().copied().fold(f64::MIN, f64::max);
    let total: f64 = logits.iter().map(|l| (l - largest).exp()).sum();
    for (o, logit) in logits.iter().enumerate() {
        let expected = (logit - largest).exp() / total;
        let got = classified.probabilities[o] as f64;
        assert!((got - expected).abs() < 1e-4, "class {o}: {got} from the network, {expected} from the features");
    }
}

fn same_top_three<B: Backend>(backend: &B, model: &ClassifierModel) {
    let image = image::open(shared("fixtures/images/chelsea.png")).unwrap().to_rgb8();
    let (width, height) = (image.width() as usize, image.height() as usize);
    let mut classifier = Classifier::new(backend, &model.network, model.default_cut()).unwrap();
    let classified = pollster::block_on(classifier.classify(image.as_raw(), width, height)).unwrap();
    features_give_the_probabilities(model, &classified);
    let probabilities = classified.probabilities;
    let ours = top(&probabilities, 3);
    let theirs = reference();
    println!("{}: {ours:?} (tfjs {theirs:?})", backend.name());
    for (&(class, p), &(expected_class, expected_p)) in ours.iter().zip(&theirs) {
        assert_eq!(class, expected_class, "{}: {ours:?}, tfjs {theirs:?}", backend.name());
        assert!((p - expected_p).abs() <= 0.005, "{}: {ours:?}, tfjs {theirs:?}", backend.name());
    }
}

#[test]
fn the_tiny_imagenet_classifier_gives_tfjs_s_top_three_on_every_backend() {
    let model = model();
    assert_eq!(model.labels[7], "Egyptian cat");
    same_top_three(&Simd, &model);
    same_top_three(&Scalar, &model);
    same_top_three(&WebGpu::new().unwrap(), &model);
}

#[test]
fn a_layer_it_does_not_know_is_refused_by_name() {
    let dir = served_dir();
    let json = std::fs::read_to_string(dir.join("model.json")).unwrap().replacen("\"LeakyReLU\"", "\"PReLU\"", 1);
    let refused = layers_model::load(&json, |path| std::fs::read(dir.join(path)).map_err(|e| e.to_string()));
    assert_eq!(refused.unwrap_err(), "layer leaky_re_lu_1 (PReLU): not a layer this reader knows");
}

/// Sliding windows: one window the size of a square image is the image classified whole; on a grey canvas
/// with the cat in its left half, the cat's windows are on the left.
#[test]
fn a_window_map_finds_the_cat_where_it_is() {
    let model = model();
    let cat = image::open(shared("fixtures/images/chelsea.png")).unwrap().to_rgb8();
    let cat = image::imageops::resize(&cat, 96, 96, image::imageops::FilterType::Triangle);
    let mut classifier = Classifier::new(&Simd, &model.network, model.default_cut()).unwrap();
    let whole = pollster::block_on(classifier.classify(cat.as_raw(), 96, 96)).unwrap().probabilities;
    let egyptian_cat = 7;
    let one = pollster::block_on(classifier.windows(cat.as_raw(), (96, 96), 96, 10, egyptian_cat)).unwrap();
    assert_eq!((one.rows, one.columns), (1, 1));
    assert_eq!(one.probabilities[0], whole[egyptian_cat]);

    let mut canvas = image::RgbImage::from_pixel(192, 96, image::Rgb([128, 128, 128]));
    image::imageops::overlay(&mut canvas, &cat, 0, 0);
    let map = pollster::block_on(classifier.windows(canvas.as_raw(), (192, 96), 96, 32, egyptian_cat)).unwrap();
    assert_eq!((map.rows, map.columns), (1, 4));
    println!("{:?}", map.probabilities);
    assert!(map.probabilities[0] > 0.5, "{:?}", map.probabilities);
    assert!(map.probabilities[0] > 10.0 * map.probabilities[3], "{:?}", map.probabilities);
    let refused = pollster::block_on(classifier.windows(canvas.as_raw(), (192, 96), 97, 32, egyptian_cat));
    assert!(refused.is_err());
}
