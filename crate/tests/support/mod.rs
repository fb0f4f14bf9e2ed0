//! What several test files share: where ../shared keeps MNIST, and a command's JSON lines.

use std::path::PathBuf;

/// The original MNIST idx files in ../shared, beside the repository.
pub fn shared_mnist() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist")
}

/// Each non-empty line of a command's output, parsed as JSON.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect()
}
