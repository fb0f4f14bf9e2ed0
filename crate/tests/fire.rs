//! SqueezeNet's Fire module in the CNN lab's network: its tensors and parameter count against hand-worked
//! values, its forward pass against the scalar reference's ops composed by hand (squeeze, the two expands,
//! their channels side by side), and a network with one learning digits.

use playground::activation::Activation;
use playground::engine::ops::{Conv2d, Padding, PoolKind, Window};
use playground::engine::scalar::Scalar;
use playground::engine::Backend;
use playground::models::cnn::{Cnn, CnnSpec, ConvBlock};

fn spec() -> CnnSpec {
    let block = |filters, fire| ConvBlock { filters, kernel: 3, pooling: PoolKind::Max, fire };
    CnnSpec { blocks: vec![block(8, false), block(16, true)], ..CnnSpec::default() }
}

#[test]
fn a_fire_module_has_the_hand_worked_tensors_and_parameters() {
    let shapes = spec().parameter_shapes().unwrap();
    let fire: Vec<(&str, &[usize])> =
        shapes[2..8].iter().map(|(name, shape)| (name.as_str(), shape.as_slice())).collect();
    // 8 channels in, 16 out: squeeze to 16 / 4 = 4, expand to 8 (1×1) and 8 (3×3).
    assert_eq!(
        fire,
        [
            ("fire1.squeeze.weight", &[1, 1, 8, 4][..]),
            ("fire1.squeeze.bias", &[4][..]),
            ("fire1.expand1.weight", &[1, 1, 4, 8][..]),
            ("fire1.expand1.bias", &[8][..]),
            ("fire1.expand3.weight", &[3, 3, 4, 8][..]),
            ("fire1.expand3.bias", &[8][..]),
        ]
    );
    let summary = spec().summary().unwrap();
    // 8·4 + 4 + 4·8 + 8 + 9·4·8 + 8 = 372, on a 14 × 14 map (after the first pool), 16 channels out.
    assert_eq!((summary[2].name.as_str(), summary[2].parameters), ("fire1 3×3", 372));
    assert_eq!(summary[2].output, vec![14, 14, 16]);
    // A plain 3×3 convolution from 8 to 16 channels: 1,168. The Fire module is the smaller by design.
    let plain = CnnSpec { blocks: vec![spec().blocks[0], ConvBlock { fire: false, ..spec().blocks[1] }], ..spec() };
    assert_eq!(plain.summary().unwrap()[2].parameters, 1168);
}

#[test]
fn a_fire_module_computes_squeeze_then_both_expands_side_by_side() {
    let spec = spec();
    let mut cnn = Cnn::new(&Scalar, &spec, 5).unwrap();
    let mut rng = playground::rng::Rng::new(3);
    let images: Vec<f32> = (0..2 * 28 * 28).map(|_| rng.uniform_in(0.0, 1.0)).collect();
    let pooled = pollster::block_on(cnn.layer_output(&images, 1));
    let fire = pollster::block_on(cnn.layer_output(&images, 2));
    let p = pollster::block_on(cnn.parameters());
    let conv = |input: &[f32], weights: &[f32], bias: &[f32], kernel: usize, from: usize, to: usize| {
        let op = Conv2d {
            window: Window::new(2, 14, 14, (kernel, kernel), 1, Padding::Same),
            in_channels: from,
            out_channels: to,
            groups: 1,
        };
        let mut out = Scalar.zeros(op.output_len());
        Scalar.conv2d(&Scalar.upload(input), &Scalar.upload(weights), &mut out, &op);
        Scalar.bias_activation(&mut out, &Scalar.upload(bias), Activation::Relu);
        out
    };
    let squeezed = conv(&pooled, &p[2], &p[3], 1, 8, 4);
    let (one, wide) = (conv(&squeezed, &p[4], &p[5], 1, 4, 8), conv(&squeezed, &p[6], &p[7], 3, 4, 8));
    let expected: Vec<f32> = one.chunks_exact(8).zip(wide.chunks_exact(8)).flat_map(|(a, b)| [a, b].concat()).collect();
    assert_eq!(fire.len(), expected.len());
    for (i, (a, e)) in fire.iter().zip(&expected).enumerate() {
        assert!((a - e).abs() <= 1e-5 * (1.0 + e.abs()), "output {i}: {a}, expected {e}");
    }
}

#[test]
fn a_network_with_a_fire_module_learns_digits() {
    use playground::data::convert;
    use playground::engine::simd::Simd;
    use playground::labs::cnn::{Trainer, TrainingConfig};
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist");
    let (train, test) = convert::read_originals(&shared).expect("MNIST in ../shared beside the repository");
    let (train, test) = (train.subset(3000, 1), test.subset(500, 2));
    let mut trainer = Trainer::new(&Simd, &spec(), TrainingConfig::default()).unwrap();
    while !trainer.step(&train) {}
    let accuracy = pollster::block_on(trainer.evaluate(&test, test.len())).accuracy;
    assert!(accuracy > 0.8, "one epoch on 3000 digits: {accuracy}");
}
