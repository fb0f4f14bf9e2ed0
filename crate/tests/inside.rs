//! The inside lab's oracles: the rectifier rules against hand-worked values, input gradients of the CNN
//! and of every served model against central differences, receptive fields by hand, the deconvnet's
//! projection inside its unit's field, and the attacks on a CNN trained on MNIST here (a targeted attack
//! reaches its target, FGSM's robustness curve falls, its control does not fool the network). Nothing
//! here may move a model's weights.

use playground::activation::Activation;
use playground::data::convert;
use playground::data::image_set::ImageSet;
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::labs::cnn::{Trainer, TrainingConfig};
use playground::labs::inside::attack::{Attack, AttackKind};
use playground::labs::inside::explain::Attribution;
use playground::labs::inside::{InputScale, Subject, Target};
use playground::models::cnn::CnnSpec;
use playground::models::darknet::DarknetModel;
use playground::models::fine_tune::{FineTuneSpec, FineTuned, Freeze};
use playground::models::served::{CLASSIFIERS, DETECTORS};
use playground::nn::{BackwardRule, ConvOptions, GraphBuilder, Parameters, Role, Seed};
use playground::rng::Rng;
use pollster::block_on;
use std::path::Path;
use std::sync::OnceLock;

/// x → conv 1×1 (w = −1, ReLU) → dense (w = ±2): the signal each rule sends back to x, by hand. With
/// x = −0.5 the ReLU is on (−1 · −0.5 > 0), with x = 0.5 off; the dense weight's sign is the sign of the
/// signal arriving at the ReLU.
fn rules_on<B: Backend>(backend: &B) {
    // (x, dense weight, [gradient, deconvnet, guided])
    let cases = [
        (-0.5, 2.0, [-2.0, -2.0, -2.0]),
        (-0.5, -2.0, [2.0, 0.0, 0.0]),
        (0.5, 2.0, [0.0, -2.0, 0.0]),
        (0.5, -2.0, [0.0, 0.0, 0.0]),
    ];
    for (x, dense, expected) in cases {
        let mut parameters = Parameters::new();
        let w = parameters.add(backend, "w", &[1, 1, 1, 1], Role::Weight, &[-1.0]);
        let v = parameters.add(backend, "v", &[1, 1], Role::Weight, &[dense]);
        let mut g = GraphBuilder::new(&parameters, 1);
        let input = g.input("x", 1, 1, 1);
        let hidden = g.conv("conv", input, w, None, ConvOptions::same(Activation::Relu));
        let top = g.dense("top", hidden, v, None, Activation::Linear);
        let mut graph = g.build(backend);
        graph.set_input_gradients(true);
        for (rule, want) in
            [BackwardRule::Gradient, BackwardRule::Deconvnet, BackwardRule::Guided].into_iter().zip(expected)
        {
            graph.set_backward_rule(rule);
            graph.write_input(backend, input, &[x]);
            graph.forward(backend, &parameters);
            graph.backward(backend, &mut parameters, Seed::Unit { node: top, index: 0 });
            let got = block_on(graph.read_gradient(backend, input)).unwrap()[0];
            assert_eq!(got, want, "{}: x = {x}, dense {dense}, {rule:?}", backend.name());
        }
    }
}

#[test]
fn rectifier_rules_match_hand_worked_values_on_every_backend() {
    rules_on(&Scalar);
    rules_on(&Simd);
    rules_on(&WebGpu::new().expect("a wgpu adapter (lavapipe in CI)"));
}

/// The directional derivative of `target` by central differences against the input gradient's dot product
/// with the direction, along three directions: the gradient's sign on every input value, and on each of two
/// random halves of them (so every value's gradient counts with the right sign and a wrong magnitude
/// shows, and the derivative stands far above f32 rounding). These networks are piecewise linear (ReLU,
/// leaky ReLU, max pools): a step crosses kinks, which bend its slope by a share that shrinks with the step
/// (measured on the served classifier's every layer: up to 10 % at 10⁻³, 1.5 % at 10⁻⁴); at 3 · 10⁻⁵ every
/// model here agrees within 3 %.
fn gradient_matches_differences<B: Backend>(subject: &mut Subject<B>, target: Target, what: &str) {
    let mut rng = Rng::new(3);
    let image: Vec<f32> = (0..subject.input_len()).map(|_| rng.uniform_in(0.2, 0.8)).collect();
    let gradient = block_on(subject.target_gradient(&image, target, BackwardRule::Gradient)).unwrap();
    let mut value = |x: &[f32]| -> f64 {
        block_on(subject.target_gradient(x, target, BackwardRule::Gradient)).unwrap();
        f64::from(block_on(subject.target_value(target)).unwrap())
    };
    let half: Vec<bool> = (0..image.len()).map(|_| rng.uniform() < 0.5).collect();
    for part in [None, Some(true), Some(false)] {
        let direction: Vec<f32> = (0..image.len())
            .map(|i| if part.is_none_or(|p| half[i] == p) { gradient[i].signum() } else { 0.0 })
            .collect();
        let step = 3e-5f32;
        let moved = |sign: f32| image.iter().zip(&direction).map(|(x, d)| x + sign * step * d).collect::<Vec<_>>();
        let numeric = (value(&moved(1.0)) - value(&moved(-1.0))) / (2.0 * f64::from(step));
        let analytic: f64 = gradient.iter().zip(&direction).map(|(g, d)| f64::from(*g) * f64::from(*d)).sum();
        assert!(
            (numeric - analytic).abs() <= 0.03 * analytic.abs(),
            "{what}: ∂/∂x · d is {analytic} by backward, {numeric} by central differences ({part:?})"
        );
    }
}

fn random_cnn_values(spec: &CnnSpec, seed: u64) -> Vec<Vec<f32>> {
    let mut rng = Rng::new(seed);
    let shapes = spec.parameter_shapes().unwrap();
    shapes.iter().map(|(_, shape)| (0..shape.iter().product()).map(|_| rng.uniform_in(-0.5, 0.5)).collect()).collect()
}

fn cnn_gradients_on<B: Backend>(backend: &B) {
    let spec = CnnSpec { hidden: Some(32), ..CnnSpec::default() };
    let mut subject = Subject::cnn(backend, &spec, &random_cnn_values(&spec, 1)).unwrap();
    for class in [0, 7] {
        gradient_matches_differences(&mut subject, Target::Class { class }, &backend.name());
    }
    let conv2 = subject.layers().iter().find(|l| l.name == "conv2 3×3").unwrap().node;
    gradient_matches_differences(&mut subject, Target::Channel { node: conv2, channel: 3 }, &backend.name());
}

#[test]
fn the_cnns_input_gradients_match_central_differences_on_every_backend() {
    cnn_gradients_on(&Scalar);
    cnn_gradients_on(&Simd);
    cnn_gradients_on(&WebGpu::new().expect("a wgpu adapter (lavapipe in CI)"));
}

fn static_models() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models")
}

fn classifier() -> DarknetModel {
    let dir = static_models().join(CLASSIFIERS[0].folder);
    CLASSIFIERS[0].load_classifier(|name| std::fs::read(dir.join(name)).map_err(|e| e.to_string())).unwrap().network
}

#[test]
fn every_served_models_input_gradients_match_central_differences() {
    let model = classifier();
    let mut subject = Subject::darknet(&Simd, &model, model.cfg.layers.len()).unwrap();
    gradient_matches_differences(&mut subject, Target::Class { class: 281 }, "the ImageNet classifier");
    for served in &DETECTORS {
        let detector = served.load_from_dir(&static_models().join(served.folder)).unwrap();
        let network = &detector.network;
        // The backbone: the layers below the first detection head (all of them where the last is the head),
        // reading the lab's pixels through the detector's own input convention (the TinyFaceDetector's is
        // mean-subtracted: the gradient is then the chain rule's through it).
        let upto = network.heads().first().map_or(network.cfg.layers.len(), |(index, _)| *index);
        let scale = InputScale::of(&detector.reading.input);
        let mut subject = Subject::darknet(&Simd, network, upto).unwrap().with_input_scale(scale);
        let top = subject.layers().last().unwrap().node;
        gradient_matches_differences(&mut subject, Target::Channel { node: top, channel: 0 }, served.id);
    }
}

#[test]
fn receptive_fields_are_the_hand_worked_ones() {
    // conv 3×3 SAME → pool 2 → conv 3×3 SAME → pool 2: 3, then 4 at jump 2, then 8 starting 3 before, then 10 at jump 4.
    let spec = CnnSpec::default();
    let subject = Subject::cnn(&Scalar, &spec, &random_cnn_values(&spec, 1)).unwrap();
    let node = |name: &str| subject.layers().iter().find(|l| l.name == name).unwrap().node;
    assert_eq!(subject.receptive_field(node("conv1 3×3"), 0, 0).unwrap(), (0, 0, 2, 2));
    assert_eq!(subject.receptive_field(node("conv1 3×3"), 5, 9).unwrap(), (4, 8, 7, 11));
    assert_eq!(subject.receptive_field(node("maxpool1 2×2"), 5, 9).unwrap(), (9, 17, 13, 21));
    assert_eq!(subject.receptive_field(node("conv2 3×3"), 3, 3).unwrap(), (3, 3, 11, 11));
    assert_eq!(subject.receptive_field(node("maxpool2 2×2"), 6, 0).unwrap(), (21, 0, 28, 7));
    assert_eq!(subject.receptive_field(node("output"), 0, 0).unwrap(), (0, 0, 28, 28));
}

#[test]
fn a_deconvnet_projection_has_the_inputs_shape_and_stays_in_its_units_field() {
    let spec = CnnSpec::default();
    let mut subject = Subject::cnn(&Simd, &spec, &random_cnn_values(&spec, 2)).unwrap();
    let conv2 = subject.layers().iter().find(|l| l.name == "conv2 3×3").unwrap().clone();
    let mut rng = Rng::new(5);
    let image: Vec<f32> = (0..28 * 28).map(|_| rng.uniform()).collect();
    // The most active unit of conv2 (an inactive one has no gradient and no guided projection).
    let conv2_values = &block_on(subject.activations(&image)).unwrap()[conv2.node - 1];
    let index = playground::heads::argmax(conv2_values);
    let (y, x) = (index / conv2.channels / conv2.width, index / conv2.channels % conv2.width);
    let unit = Target::Unit { node: conv2.node, index };
    let (top, left, bottom, right) = subject.receptive_field(conv2.node, y, x).unwrap();
    for method in [Attribution::Deconvnet, Attribution::Guided, Attribution::Gradient] {
        let map = block_on(subject.explain(&image, unit, method)).unwrap();
        assert_eq!((map.height, map.width, map.channels, map.values.len()), (28, 28, 1, 784), "{method:?}");
        let inside = |i: usize| (top..bottom).contains(&(i / 28)) && (left..right).contains(&(i % 28));
        let outside: Vec<usize> = (0..784).filter(|&i| !inside(i) && map.values[i] != 0.0).collect();
        assert!(
            outside.is_empty(),
            "{method:?}: non-zero outside rows {top}..{bottom}, columns {left}..{right}: {outside:?}"
        );
        assert!((0..784).any(|i| map.values[i] != 0.0), "{method:?}: an empty projection");
    }
}

/// The default CNN trained for one epoch on 20 000 MNIST images (once for every test here).
fn trained() -> &'static (CnnSpec, Vec<Vec<f32>>, ImageSet) {
    static TRAINED: OnceLock<(CnnSpec, Vec<Vec<f32>>, ImageSet)> = OnceLock::new();
    TRAINED.get_or_init(|| {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist");
        let (train, test) = convert::read_originals(&shared).expect("MNIST in ../shared beside the repository");
        let train = train.subset(20_000, 1);
        let spec = CnnSpec::default();
        let mut trainer = Trainer::new(&Simd, &spec, TrainingConfig::default()).unwrap();
        while !trainer.step(&train) {}
        let values = block_on(trainer.model.parameters());
        (spec, values, test.subset(100, 2))
    })
}

fn images(set: &ImageSet) -> (Vec<f32>, Vec<usize>) {
    let images = (0..set.len()).flat_map(|i| set.image_f32(i)).collect();
    (images, set.labels.iter().map(|&l| l as usize).collect())
}

#[test]
fn a_targeted_attack_reaches_its_target_on_nine_images_in_ten() {
    let (spec, values, test) = trained();
    let mut subject = Subject::cnn(&Simd, spec, values).unwrap();
    let (images, labels) = images(test);
    let targets: Vec<usize> = labels.iter().map(|l| (l + 1) % 10).collect();
    let attack = Attack { kind: AttackKind::Pgd, epsilon: 0.3, steps: 40 };
    let adversarial = block_on(subject.attack(&images, &labels, Some(&targets), attack, &mut Rng::new(1))).unwrap();
    let changed = adversarial.iter().zip(&images).map(|(a, x)| (a - x).abs()).fold(0.0, f32::max);
    assert!(changed <= 0.3 + 1e-6, "a pixel moved by {changed}, beyond ε");
    assert!(adversarial.iter().all(|v| (0.0..=1.0).contains(v)), "a pixel left [0, 1]");
    let predictions = block_on(subject.predict(&adversarial)).unwrap();
    let reached = predictions.iter().zip(&targets).filter(|(p, t)| p == t).count();
    println!("targeted PGD, ε = 0.3, 40 steps: {reached} of 100 reach their target");
    assert!(reached >= 90, "only {reached} of 100 reached their target");
}

#[test]
fn fgsms_robustness_curve_falls_and_noise_does_not_fool_the_network() {
    let (spec, values, test) = trained();
    let mut subject = Subject::cnn(&Simd, spec, values).unwrap();
    let (images, labels) = images(test);
    let mut curve = |kind| -> Vec<f32> {
        [0.0, 0.05, 0.1, 0.15, 0.2, 0.25]
            .iter()
            .map(|&epsilon| {
                let attack = Attack { kind, epsilon, steps: 1 };
                let adversarial = block_on(subject.attack(&images, &labels, None, attack, &mut Rng::new(1))).unwrap();
                block_on(subject.accuracy(&adversarial, &labels)).unwrap()
            })
            .collect()
    };
    let fgsm = curve(AttackKind::Fgsm);
    let noise = curve(AttackKind::Noise);
    println!("FGSM {fgsm:?}\nnoise {noise:?}");
    assert!(fgsm.windows(2).all(|w| w[1] <= w[0]), "FGSM's curve rose: {fgsm:?}");
    assert!(fgsm[0] >= 0.9 && fgsm[5] < 0.5 * fgsm[0], "FGSM at ε = 0.25 kept {} of {}", fgsm[5], fgsm[0]);
    assert!(noise[5] >= fgsm[0] - 0.1, "±ε noise took accuracy from {} to {}", fgsm[0], noise[5]);
}

#[test]
fn randomising_the_weights_changes_gradient_saliency_and_nothing_moves_the_model() {
    let (spec, values, test) = trained();
    let mut subject = Subject::cnn(&Simd, spec, values).unwrap();
    let (images, labels) = images(test);
    let image = &images[..784];
    let before = block_on(subject.parameter_values());
    let saliency =
        block_on(subject.explain(image, Target::Class { class: labels[0] }, Attribution::Gradient)).unwrap().values;
    let mut randomised = block_on(subject.randomised(1, 9));
    let after =
        block_on(randomised.explain(image, Target::Class { class: labels[0] }, Attribution::Gradient)).unwrap().values;
    let (dot, norms) =
        saliency.iter().zip(&after).fold((0.0, (0.0, 0.0)), |(d, (a, b)), (x, y)| (d + x * y, (a + x * x, b + y * y)));
    let cosine = dot / (norms.0 * norms.1).sqrt();
    assert!(cosine < 0.9, "the saliency of a network with a random top layer is the trained one's (cosine {cosine})");
    // Every method and attack leaves the weights bit-identical.
    let conv1 = subject.layers()[0].node;
    for method in
        [Attribution::Gradient, Attribution::Deconvnet, Attribution::Guided, Attribution::GradCam { node: conv1 }]
    {
        block_on(subject.explain(image, Target::Class { class: 3 }, method)).unwrap();
    }
    let attack = Attack { kind: AttackKind::Pgd, epsilon: 0.1, steps: 3 };
    block_on(subject.attack(&images, &labels, None, attack, &mut Rng::new(1))).unwrap();
    let after = block_on(subject.parameter_values());
    let bits = |values: &[Vec<f32>]| values.iter().flatten().map(|v| v.to_bits()).collect::<Vec<u32>>();
    assert_eq!(bits(&before), bits(&after), "looking inside moved the weights");
    assert_eq!(bits(&before), bits(values), "the subject's copy is not the model's weights");
}

#[test]
fn a_map_that_never_fires_is_found_dead() {
    let spec = CnnSpec::default();
    let mut values = random_cnn_values(&spec, 4);
    // conv1's bias: channel 2 far below anything its 3×3 window of [0, 1] pixels can lift it over.
    values[1] = (0..8).map(|c| if c == 2 { -100.0 } else { 0.1 }).collect();
    let mut subject = Subject::cnn(&Simd, &spec, &values).unwrap();
    let mut rng = Rng::new(8);
    let images: Vec<f32> = (0..150 * 784).map(|_| rng.uniform()).collect();
    let peaks = block_on(subject.channel_peaks(&images)).unwrap();
    let conv1 = &peaks[0];
    assert_eq!(conv1[2], 0.0, "channel 2 fired: {conv1:?}");
    assert!(conv1.iter().enumerate().all(|(c, &p)| c == 2 || p > 0.0), "a live channel looks dead: {conv1:?}");
    // Each peak is the largest value of its channel in any image's own activations.
    let last = &block_on(subject.activations(&images[149 * 784..])).unwrap()[0];
    assert!(last.chunks_exact(8).all(|pixel| pixel.iter().zip(conv1).all(|(v, p)| v <= p)));
}

#[test]
fn the_top_images_of_a_unit_are_those_its_activations_rank_first() {
    let spec = CnnSpec::default();
    let mut subject = Subject::cnn(&Simd, &spec, &random_cnn_values(&spec, 6)).unwrap();
    let mut rng = Rng::new(9);
    // 230 images: more than one batch, and a partial last one.
    let images: Vec<f32> = (0..230 * 784).map(|_| rng.uniform()).collect();
    let conv2 = subject.layers().iter().find(|l| l.name == "conv2 3×3").unwrap().clone();
    let top = block_on(subject.top_images(&images, conv2.node, 5, 9)).unwrap();
    assert_eq!(top.len(), 9);
    // The oracle: each image on its own, its channel-5 maximum read from the whole layer.
    let mut each: Vec<(usize, f32)> = (0..230)
        .map(|i| {
            let values = block_on(subject.layer_values(&images[i * 784..(i + 1) * 784], conv2.node)).unwrap();
            (i, values.iter().skip(5).step_by(conv2.channels).copied().fold(f32::NEG_INFINITY, f32::max))
        })
        .collect();
    each.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (found, (index, value)) in top.iter().zip(&each) {
        assert_eq!(found.index, *index);
        assert!((found.value - value).abs() <= 1e-5 * value.abs().max(1.0));
        let at = block_on(subject.layer_values(&images[index * 784..(index + 1) * 784], conv2.node)).unwrap();
        assert_eq!(at[(found.y * conv2.width + found.x) * conv2.channels + 5], found.value);
    }
}

/// FGSM's accuracy on the trained CNN and the first test image's gradient saliency, on one backend.
fn attack_and_saliency<B: Backend>(backend: &B) -> (f32, Vec<f32>) {
    let (spec, values, test) = trained();
    let mut subject = Subject::cnn(backend, spec, values).unwrap();
    let (images, labels) = images(test);
    let attack = Attack { kind: AttackKind::Fgsm, epsilon: 0.1, steps: 1 };
    let adversarial = block_on(subject.attack(&images, &labels, None, attack, &mut Rng::new(1))).unwrap();
    let accuracy = block_on(subject.accuracy(&adversarial, &labels)).unwrap();
    let target = Target::Class { class: labels[0] };
    (accuracy, block_on(subject.explain(&images[..784], target, Attribution::Gradient)).unwrap().values)
}

#[test]
fn every_backend_attacks_and_explains_alike() {
    let (accuracy, saliency) = attack_and_saliency(&Scalar);
    let gpu = WebGpu::new().expect("a wgpu adapter (lavapipe in CI)");
    for (name, (other_accuracy, other_saliency)) in
        [("simd", attack_and_saliency(&Simd)), ("webgpu", attack_and_saliency(&gpu))]
    {
        // A gradient near zero may take the other sign on another backend: a pixel or two, not the attack.
        assert!((accuracy - other_accuracy).abs() <= 0.03, "{name}: FGSM leaves {other_accuracy}, scalar {accuracy}");
        let largest = saliency.iter().fold(0f32, |m, v| m.max(v.abs()));
        for (a, b) in saliency.iter().zip(&other_saliency) {
            assert!((a - b).abs() <= 1e-3 * largest, "{name}: saliency {b}, scalar {a}");
        }
    }
}

#[test]
fn a_fine_tuned_network_looked_into_answers_as_it_does() {
    let model = classifier();
    let spec = FineTuneSpec {
        cut: 15,
        classes: 3,
        hidden: Some(16),
        freeze: Freeze::Pretrained,
        pretrained_rate: 0.1,
        seed: 2,
    };
    let mut net = FineTuned::new(&Simd, &model, spec).unwrap();
    let mut subject = block_on(Subject::fine_tuned(&Simd, &net));
    let mut rng = Rng::new(12);
    let image: Vec<f32> = (0..224 * 224 * 3).map(|_| rng.uniform()).collect();
    assert_eq!(block_on(subject.logits(&image)).unwrap(), block_on(net.logits(&image)));
    assert_eq!(subject.classes(), 3);
    gradient_matches_differences(&mut subject, Target::Class { class: 1 }, "the fine-tuned network");
}

#[test]
fn a_copy_on_another_backend_answers_alike_and_reads_pixels_alike() {
    let spec = CnnSpec::default();
    let scale = InputScale { scale: [2.0; 3], shift: [-0.7; 3] };
    let subject = Subject::cnn(&Simd, &spec, &random_cnn_values(&spec, 8)).unwrap().with_input_scale(scale);
    let mut rng = Rng::new(5);
    let images: Vec<f32> = (0..3 * subject.input_len()).map(|_| rng.uniform()).collect();
    // The oracle: the same network without the scale, given the scaled pixels.
    let mut plain = Subject::cnn(&Scalar, &spec, &random_cnn_values(&spec, 8)).unwrap();
    let scaled: Vec<f32> = images.iter().map(|v| 2.0 * v - 0.7).collect();
    let expected = block_on(plain.logits(&scaled)).unwrap();
    let gpu = WebGpu::new().expect("a wgpu adapter (lavapipe in CI)");
    let mut copies = (block_on(subject.on(&Scalar)), block_on(subject.on(&gpu)));
    for (name, logits) in
        [("scalar", block_on(copies.0.logits(&images))), ("webgpu", block_on(copies.1.logits(&images)))]
    {
        for (a, b) in expected.iter().zip(&logits.unwrap()) {
            assert!((a - b).abs() <= 1e-4 * (1.0 + a.abs()), "{name}: logit {b}, expected {a}");
        }
    }
    gradient_matches_differences(&mut copies.0, Target::Class { class: 3 }, "a scaled CNN's copy");
}
