//! The README's example of a network on the graph is `crate/examples/mlp_on_graph.rs`, word for word,
//! and it does what the README says: the MLP learns XOR's quadrants, and at (0.5, 0.5), inside a class-1
//! quadrant, moving either coordinate further out raises the class-1 score.

#[path = "../examples/mlp_on_graph.rs"]
#[allow(dead_code)]
mod example;

#[test]
fn the_readme_shows_the_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/mlp_on_graph.rs")).unwrap();
    let start = example.find("    // Parameters have names").expect("the example's first shown line");
    let end = example.find("    (accuracy, gradient)\n}").expect("the example's last line");
    assert!(readme.contains(&example[start..end]), "the README's example differs from examples/mlp_on_graph.rs");
}

#[test]
fn the_example_learns_and_its_gradient_points_outwards() {
    let (accuracy, gradient) = example::train_and_explain();
    assert!(accuracy >= 0.9, "accuracy {accuracy}");
    assert!(gradient.len() == 2 && gradient.iter().all(|g| *g > 0.0), "{gradient:?}");
}
