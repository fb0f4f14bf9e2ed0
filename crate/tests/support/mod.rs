//! What several test files share: where ../shared keeps MNIST, a command's JSON lines, and backends'
//! figures (and whole graphs' values and gradients) held against the scalar backend's. Each test file is a
//! crate of its own and not every one uses every helper, hence the `allow(dead_code)`s.

use playground::engine::Backend;
use playground::nn::{Graph, Parameters};
use std::path::PathBuf;

/// The original MNIST idx files in ../shared, beside the repository.
#[allow(dead_code)]
pub fn shared_mnist() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist")
}

/// Each non-empty line of a command's output, parsed as JSON.
#[allow(dead_code)]
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect()
}

/// Has each backend's figures (`found`, by name) agree with the scalar backend's `reference` within 10⁻³.
#[allow(dead_code)]
pub fn assert_agree_with_scalar(reference: &[f32], found: &[(&str, Vec<f32>)]) {
    for (name, values) in found {
        assert_eq!(values.len(), reference.len(), "{name}");
        for (a, b) in reference.iter().zip(values) {
            assert!((a - b).abs() < 1e-3, "{name}: {values:?}, scalar {reference:?}");
        }
    }
}

/// Every node's value and gradient and every trainable parameter's gradient from a graph's last backward
/// pass, named, in a fixed order.
#[allow(dead_code)]
pub fn graph_values<B: Backend>(backend: &B, graph: &Graph<B>, parameters: &Parameters<B>) -> Vec<(String, Vec<f32>)> {
    let mut all = Vec::new();
    for node in graph.nodes() {
        let name = graph.name(node).to_owned();
        all.push((format!("{name} value"), pollster::block_on(graph.read(backend, node))));
        let grad = pollster::block_on(graph.read_gradient(backend, node)).expect("every node's gradient");
        all.push((format!("{name} gradient"), grad));
    }
    for (id, p) in parameters.iter().filter(|(_, p)| p.trainable) {
        let grad = pollster::block_on(parameters.read_gradient(backend, id)).expect("every parameter's gradient");
        all.push((format!("{} gradient", p.name), grad));
    }
    all
}

/// Has `backend`'s graph values agree with the scalar backend's `expected` within 10⁻⁴ (relative past 1).
#[allow(dead_code)]
pub fn assert_graph_values_agree(backend: &str, actual: &[(String, Vec<f32>)], expected: &[(String, Vec<f32>)]) {
    assert_eq!(actual.len(), expected.len(), "{backend}: the graphs differ");
    for ((name, actual), (_, expected)) in actual.iter().zip(expected) {
        assert_eq!(actual.len(), expected.len(), "{name}");
        for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
            assert!((a - e).abs() <= 1e-4 * (1.0 + e.abs()), "{backend}: {name}[{i}] is {a}, scalar {e}");
        }
    }
}
