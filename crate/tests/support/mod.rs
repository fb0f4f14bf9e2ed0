//! What several test files share: where ../shared keeps MNIST, a command's JSON lines, and backends'
//! figures held against the scalar backend's.

use std::path::PathBuf;

/// The original MNIST idx files in ../shared, beside the repository.
pub fn shared_mnist() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist")
}

/// Each non-empty line of a command's output, parsed as JSON.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect()
}

/// Has each backend's figures (`found`, by name) agree with the scalar backend's `reference` within 10⁻³.
#[allow(dead_code)] // Each test file is a crate of its own, and not every one uses every helper.
pub fn assert_agree_with_scalar(reference: &[f32], found: &[(&str, Vec<f32>)]) {
    for (name, values) in found {
        assert_eq!(values.len(), reference.len(), "{name}");
        for (a, b) in reference.iter().zip(values) {
            assert!((a - b).abs() < 1e-3, "{name}: {values:?}, scalar {reference:?}");
        }
    }
}
