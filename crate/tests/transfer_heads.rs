//! The transfer lab's heads against scikit-learn on the same features: `LinearSVC(loss="hinge")` and
//! `LogisticRegression` behind a `StandardScaler`, and `KNeighborsClassifier` with the cosine distance, on
//! the ImageNet classifier's features of 300 Fashion-MNIST images (fixture written by
//! scripts/reference/transfer-heads.py). Validation accuracies within 2 points of scikit-learn's.

use playground::heads::knn::Metric;
use playground::heads::{Examples, Head, HeadSpec};
use serde_json::Value;

fn examples(set: &Value) -> Examples {
    let rows = set["features"].as_array().unwrap();
    let dimension = rows[0].as_array().unwrap().len();
    let mut examples = Examples::new(dimension);
    for (row, label) in rows.iter().zip(set["labels"].as_array().unwrap()) {
        let features: Vec<f32> = row.as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
        examples.push(&features, label.as_u64().unwrap() as usize);
    }
    examples
}

#[test]
fn every_head_is_within_two_points_of_scikit_learn() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/transfer_heads_sklearn.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (train, validation) = (examples(&fixture["train"]), examples(&fixture["validation"]));
    let classes = fixture["classes"].as_array().unwrap().len();
    let c = |head: &str| fixture["heads"][head]["C"].as_f64().unwrap() as f32;
    let k = fixture["heads"]["knn"]["k"].as_u64().unwrap() as usize;
    assert_eq!(fixture["heads"]["knn"]["metric"], "cosine");
    let heads = [
        ("svm", HeadSpec::Svm { c: c("svm") }),
        ("softmax", HeadSpec::Softmax { c: c("softmax") }),
        ("knn", HeadSpec::Knn { k, metric: Metric::Cosine }),
    ];
    for (name, spec) in heads {
        let ours = Head::train(spec, &train, classes).unwrap().evaluate(&validation, classes).accuracy;
        let theirs = fixture["sklearn_validation_accuracy"][name].as_f64().unwrap() as f32;
        println!("{name}: {ours:.4} (scikit-learn {theirs:.4})");
        assert!((ours - theirs).abs() <= 0.02, "{name}: {ours} against scikit-learn's {theirs}");
    }
}
