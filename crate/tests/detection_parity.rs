//! The detectors against other implementations' outputs (`../shared/fixtures/reference/`), on every backend:
//! Yolo-Fastest 1.1 (darknet cfg + weights) against OpenCV's darknet importer, its raw heads on the same
//! input tensor within 1e-3 and its boxes on dog.jpg; the TinyFaceDetector (tfjs manifest) against
//! face-api.js on astronaut.png, its raw head within 1e-3 of its range and its face box. The models are
//! read from `static-models/`, as the site serves them.

use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::models::darknet::DarknetError;
use playground::models::detector::{Detector, DetectorModel, Found};
use playground::models::served::{self, DETECTORS};
use playground::models::yolo::{iou, Detection};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A file of the project's shared folder, which sits beside the repository (as in CI).
fn shared(path: &str) -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    assert!(shared.is_dir(), "{}: the reference outputs live in ../shared beside the repository", shared.display());
    shared.join(path)
}

fn floats(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect()
}

fn max_abs_difference(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

/// The fixture heads are stored [1, W, C, H] (OpenCV's NCHW transposed by (0, 3, 1, 2)), although dog.json
/// labels their shape NHWC [1, 10, 255, 10]: the values line up with any implementation only read that way.
fn nhwc_from_fixture(stored: &[f32], height: usize, width: usize) -> Vec<f32> {
    let channels = stored.len() / (height * width);
    let mut nhwc = vec![0.0; stored.len()];
    for y in 0..height {
        for x in 0..width {
            for c in 0..channels {
                nhwc[(y * width + x) * channels + c] = stored[(x * channels + c) * height + y];
            }
        }
    }
    nhwc
}

/// A reference's boxes, as `Found` serialises them.
#[derive(Deserialize)]
struct Reference {
    detections: Vec<ReferenceBox>,
}

#[derive(Debug, Deserialize)]
struct ReferenceBox {
    class: String,
    score: f32,
    box_xywh: [f32; 4],
}

fn reference(path: &str) -> Vec<ReferenceBox> {
    let text = std::fs::read_to_string(shared(path)).unwrap();
    serde_json::from_str::<Reference>(&text).unwrap().detections
}

fn rgba(path: &str) -> (Vec<u8>, usize, usize) {
    let image = image::open(shared(path)).unwrap().to_rgba8();
    let (width, height) = image.dimensions();
    (image.into_raw(), width as usize, height as usize)
}

fn as_detection([left, top, width, height]: [f32; 4]) -> Detection {
    Detection { class: 0, score: 0.0, x: left + width / 2.0, y: top + height / 2.0, width, height }
}

/// As many boxes as the reference, and each reference box matched: same class, score within
/// `score_tolerance`, IoU at least `min_iou`.
fn same_detections(ours: &[Found], theirs: &[ReferenceBox], score_tolerance: f32, min_iou: f32) {
    assert_eq!(ours.len(), theirs.len(), "ours: {ours:?}\ntheirs: {theirs:?}");
    for expected in theirs {
        let overlap = |f: &Found| iou(&as_detection(f.box_xywh), &as_detection(expected.box_xywh));
        let best = ours
            .iter()
            .filter(|f| f.class == expected.class)
            .max_by(|a, b| overlap(a).total_cmp(&overlap(b)))
            .unwrap_or_else(|| panic!("no {} found: {ours:?}", expected.class));
        assert!(overlap(best) >= min_iou, "{expected:?}: IoU {} with {best:?}", overlap(best));
        assert!((best.score - expected.score).abs() <= score_tolerance, "{expected:?}: score of {best:?}");
    }
}

/// A served model as the site serves it, from the project's `static-models/`.
fn served(id: &str) -> DetectorModel {
    let model = served::detector(id).unwrap();
    model.load_from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models").join(model.folder)).unwrap()
}

fn heads_match_opencv<B: Backend>(backend: &B, model: &DetectorModel) {
    let mut detector = Detector::new(backend, model, 320).unwrap();
    let reference = shared("fixtures/reference/yolo-fastest-1.1");
    detector.run_tensor(&floats(&reference.join("dog.input.f32"))).unwrap();
    let heads = pollster::block_on(detector.raw_heads());
    assert_eq!(heads.len(), 2);
    for ((shape, values), file) in heads.iter().zip(["dog.head0.f32", "dog.head1.f32"]) {
        let expected = nhwc_from_fixture(&floats(&reference.join(file)), shape.height, shape.width);
        let difference = max_abs_difference(values, &expected);
        println!("{}: {file} max |Δ| = {difference:.2e}", backend.name());
        assert!(difference < 1e-3, "{}: {file} differs by {difference}", backend.name());
    }
}

fn dog_matches_opencv<B: Backend>(backend: &B, model: &DetectorModel) {
    let mut detector = Detector::new(backend, model, 320).unwrap();
    let (pixels, width, height) = rgba("fixtures/images/dog.jpg");
    let found = pollster::block_on(detector.detect(&pixels, width, height, model.defaults)).unwrap().found;
    println!("{}: {found:?}", backend.name());
    same_detections(&found, &reference("fixtures/reference/yolo-fastest-1.1/dog.json"), 0.02, 0.9);
}

fn astronaut_matches_face_api<B: Backend>(backend: &B, model: &DetectorModel) {
    let mut detector = Detector::new(backend, model, 416).unwrap();
    let (pixels, width, height) = rgba("fixtures/images/astronaut.png");
    let found = pollster::block_on(detector.detect(&pixels, width, height, model.defaults)).unwrap().found;
    println!("{}: {found:?}", backend.name());
    let heads = pollster::block_on(detector.raw_heads());
    let expected = floats(&shared("fixtures/reference/tiny-face-detector/astronaut_416.head.f32"));
    let (low, high) = expected.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    let difference = max_abs_difference(&heads[0].1, &expected) / (high - low);
    println!("{}: astronaut head max |Δ| / range = {difference:.2e}", backend.name());
    assert!(difference < 1e-3, "{}: the face head differs by {difference} of its range", backend.name());
    same_detections(&found, &reference("fixtures/reference/tiny-face-detector/astronaut_416.json"), 0.01, 0.95);
}

fn every_check<B: Backend>(backend: &B) {
    let coco = served("yolo-fastest-1.1");
    heads_match_opencv(backend, &coco);
    dog_matches_opencv(backend, &coco);
    astronaut_matches_face_api(backend, &served("tiny-face"));
}

#[test]
fn detectors_match_their_references_on_scalar() {
    every_check(&Scalar);
}

#[test]
fn detectors_match_their_references_on_simd() {
    every_check(&Simd);
}

#[test]
fn detectors_match_their_references_on_webgpu() {
    every_check(&WebGpu::new().expect("a wgpu adapter (lavapipe in CI)"));
}

#[test]
fn every_served_model_loads_and_a_mismatched_pair_is_refused() {
    for model in &DETECTORS {
        served(model.id);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models/yolo-fastest-1.1");
    let cfg = std::fs::read_to_string(dir.join("yolo-fastest-1.1.cfg")).unwrap();
    let xl_weights = std::fs::read(dir.join("yolo-fastest-1.1-xl.weights")).unwrap();
    let error = DetectorModel::darknet(&cfg, &xl_weights, "person").err().unwrap();
    assert!(matches!(error, DarknetError::WeightsCount { ends_in: None, .. }), "{error}");
    let truncated = DetectorModel::darknet(&cfg, &xl_weights[..1000], "person").err().unwrap();
    assert!(matches!(truncated, DarknetError::WeightsCount { ends_in: Some(0), .. }), "{truncated}");
}

/// An inference graph hands a layer's buffer on once its readers have run: Yolo-Fastest 1.1 XL at 608,
/// the largest input the page offers, needs far less memory than with a buffer per layer.
#[test]
fn a_detector_shares_its_activation_buffers() {
    let model = served("yolo-fastest-1.1-xl");
    let detector = Detector::new(&Scalar, &model, 608).unwrap();
    let (shared, one_each) = detector.activation_bytes();
    let megabytes = |bytes: usize| bytes as f64 / 1e6;
    eprintln!(
        "Yolo-Fastest XL at 608: {:.1} MB shared, {:.1} MB with a buffer per layer",
        megabytes(shared),
        megabytes(one_each)
    );
    assert!(2 * shared < one_each, "{shared} bytes shared, {one_each} one buffer per layer");
}
