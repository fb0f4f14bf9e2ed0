//! Int8 inference on the SIMD backend (`engine::simd::int8`): its ops against the scalar reference in float
//! within the stated bound (the conformance suite's `int8_ops`, which the browser runs too), and a network of
//! the CNN lab on it, through the same graph, answering as the float network does on nearly every digit.

use playground::engine::conformance;
use playground::engine::simd::int8::SimdInt8;

#[test]
fn int8_ops_are_exact_integer_arithmetic_within_the_bound_of_float() {
    pollster::block_on(conformance::int8_ops()).unwrap();
}

#[test]
fn a_trained_cnn_on_int8_answers_as_in_float() {
    use playground::data::convert;
    use playground::engine::simd::Simd;
    use playground::labs::cnn::{Trainer, TrainingConfig};
    use playground::models::cnn::{Cnn, CnnSpec};
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist");
    let (train, test) = convert::read_originals(&shared).expect("MNIST in ../shared beside the repository");
    let (train, test) = (train.subset(2000, 1), test.subset(300, 2));
    let spec = CnnSpec::default();
    let mut trainer = Trainer::new(&Simd, &spec, TrainingConfig::default()).unwrap();
    while !trainer.step(&train) {}
    let values = pollster::block_on(trainer.model.parameters());
    let images: Vec<f32> = (0..test.len()).flat_map(|i| test.image_f32(i)).collect();
    let answers = |logits: Vec<f32>| logits.chunks_exact(10).map(playground::heads::argmax).collect::<Vec<_>>();
    let mut float = Cnn::new(&Simd, &spec, 0).unwrap();
    float.set_parameters(&values).unwrap();
    let mut int8 = Cnn::new(&SimdInt8, &spec, 0).unwrap();
    int8.set_parameters(&values).unwrap();
    let float = answers(pollster::block_on(float.logits(&images)));
    let int8 = answers(pollster::block_on(int8.logits(&images)));
    let agree = float.iter().zip(&int8).filter(|(a, b)| a == b).count() as f32 / float.len() as f32;
    assert!(agree >= 0.97, "int8 agrees with float on {agree} of the digits");
    let right = int8.iter().enumerate().filter(|(i, p)| **p == test.labels[*i] as usize).count();
    assert!(right as f32 / test.len() as f32 > 0.8, "one epoch on 2000 digits, in int8: {right} of {}", test.len());
}
