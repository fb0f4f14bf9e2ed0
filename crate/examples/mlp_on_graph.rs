//! A two-layer MLP written on the network graph: trained to tell the quadrants of the plane apart (XOR),
//! then asked how its class score changes with its input. `cargo run --example mlp_on_graph`; the README
//! shows this file, and crate/tests/readme.rs runs it and checks that the two agree.

use playground::activation::Activation;
use playground::engine::scalar::Scalar;
use playground::nn::{GraphBuilder, Loss, Optimiser, Parameters, Role, Seed};
use playground::rng::Rng;

fn main() {
    let (accuracy, gradient) = train_and_explain();
    println!("accuracy {accuracy:.2}; ∂score₁/∂input at (0.5, 0.5) = {gradient:?}");
}

/// The accuracy after training, and the input gradient of the class-1 score at (0.5, 0.5).
pub fn train_and_explain() -> (f32, Vec<f32>) {
    let backend = &Scalar;
    let mut rng = Rng::new(1);
    let mut random = |len: usize, scale: f32| (0..len).map(|_| rng.uniform_in(-scale, scale)).collect::<Vec<f32>>();

    // Parameters have names (the keys of a saved file) and roles; graphs of any batch size share them.
    let mut parameters = Parameters::new();
    let w1 = parameters.add(backend, "hidden.weight", &[2, 16], Role::Weight, &random(32, 1.0));
    let b1 = parameters.add(backend, "hidden.bias", &[16], Role::Bias, &[0.0; 16]);
    let w2 = parameters.add(backend, "output.weight", &[16, 2], Role::Weight, &random(32, 0.5));
    let b2 = parameters.add(backend, "output.bias", &[2], Role::Bias, &[0.0; 2]);

    // The network is its forward description; backward is derived from it.
    let network = |batch: usize, parameters: &Parameters<Scalar>| {
        let mut g = GraphBuilder::new(parameters, batch);
        let x = g.input("x", 1, 1, 2);
        let hidden = g.dense("hidden", x, w1, Some(b1), Activation::Tanh);
        let logits = g.dense("logits", hidden, w2, Some(b2), Activation::Linear);
        g.loss(Loss::SoftmaxCrossEntropy, logits);
        (g.build(backend), x, logits)
    };

    // Train at batch 64: points in [−1, 1]², class 1 where x·y > 0.
    let (mut train, x, logits) = network(64, &parameters);
    let batch = |points: &[f32]| -> Vec<f32> {
        points.chunks(2).flat_map(|p| if p[0] * p[1] > 0.0 { [0.0, 1.0] } else { [1.0, 0.0] }).collect()
    };
    for _ in 0..500 {
        let points = random(128, 1.0);
        train.write_input(backend, x, &points);
        train.write_targets(backend, &batch(&points));
        train.forward(backend, &parameters);
        train.backward(backend, &mut parameters, Seed::Loss);
        parameters.step(backend, Optimiser::adam(0.02));
    }
    let points = random(128, 1.0);
    train.write_input(backend, x, &points);
    train.forward(backend, &parameters);
    let scores = pollster::block_on(train.read(backend, logits));
    let targets = batch(&points);
    let correct = scores.chunks(2).zip(targets.chunks(2)).filter(|(s, t)| (s[1] > s[0]) == (t[1] > t[0])).count();
    let accuracy = correct as f32 / 64.0;

    // The gradient of the class-1 score with respect to the input, at one point (batch 1, same weights).
    let (mut one, x, logits) = network(1, &parameters);
    one.set_input_gradients(true);
    one.write_input(backend, x, &[0.5, 0.5]);
    one.forward(backend, &parameters);
    one.backward(backend, &mut parameters, Seed::Unit { node: logits, index: 1 });
    let gradient = pollster::block_on(one.read_gradient(backend, x)).expect("the input's gradient");
    (accuracy, gradient)
}
