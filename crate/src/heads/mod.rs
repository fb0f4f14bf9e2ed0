//! Classical classifiers on feature vectors: the transfer lab's heads on a pretrained network's features.
//! The deck's recipe for little data: cut the network's own classifier off and train a linear SVM (`svm`),
//! a softmax regression (`softmax`) or k nearest neighbours (`knn`) on what the layers below compute.
//!
//! The two linear heads minimise the objectives scikit-learn's `LinearSVC(loss="hinge")` and
//! `LogisticRegression` minimise, on standardised features (`Standardiser`), so a fixture made with
//! scikit-learn checks them (`crate/tests/transfer_heads.rs`).

pub mod knn;
pub mod softmax;
pub mod svm;

use serde::{Deserialize, Serialize};

/// Labelled feature vectors: `features` holds `labels.len()` rows of `dimension` values.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    pub dimension: usize,
    pub features: Vec<f32>,
    pub labels: Vec<usize>,
}

impl Examples {
    pub fn new(dimension: usize) -> Self {
        Self { dimension, features: Vec::new(), labels: Vec::new() }
    }

    pub fn push(&mut self, features: &[f32], label: usize) {
        assert_eq!(features.len(), self.dimension, "a feature vector of the examples' dimension");
        self.features.extend_from_slice(features);
        self.labels.push(label);
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.features[i * self.dimension..(i + 1) * self.dimension]
    }

    /// The first `count` examples of each class, in their order: the deck's "how many images do you need".
    pub fn first_of_each_class(&self, count: usize) -> Examples {
        let mut taken = Examples::new(self.dimension);
        for i in first_of_each_label(&self.labels, count) {
            taken.push(self.row(i), self.labels[i]);
        }
        taken
    }

    /// One more than the largest label: the classes a head trained on these examples tells apart.
    pub fn classes(&self) -> usize {
        self.labels.iter().max().map_or(0, |&c| c + 1)
    }
}

/// The indices of the first `count` items of each label, in order: the deck's "how many images do you need",
/// for feature vectors and images alike.
pub fn first_of_each_label(labels: &[usize], count: usize) -> Vec<usize> {
    let mut seen = vec![0; labels.iter().max().map_or(0, |&l| l + 1)];
    (0..labels.len())
        .filter(|&i| {
            seen[labels[i]] += 1;
            seen[labels[i]] <= count
        })
        .collect()
}

/// Which head to train, with its knob.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum HeadSpec {
    /// One-vs-rest linear SVM with hinge loss; `c` weighs the loss against the margin.
    Svm { c: f32 },
    /// Multinomial logistic regression; `c` is the inverse of the L2 penalty's strength.
    Softmax { c: f32 },
    /// The majority class of the `k` nearest training examples.
    Knn { k: usize, metric: knn::Metric },
}

/// A trained head.
#[derive(Clone, Debug)]
pub enum Head {
    Svm(Standardiser, svm::LinearSvm),
    Softmax(Standardiser, softmax::SoftmaxRegression),
    Knn(knn::Knn),
}

impl Head {
    /// Trains the head `spec` names on `examples` (every class from 0 to `classes` - 1 should have one).
    pub fn train(spec: HeadSpec, examples: &Examples, classes: usize) -> Result<Self, String> {
        if examples.is_empty() {
            return Err("no training examples".into());
        }
        if examples.features.iter().any(|v| !v.is_finite()) {
            return Err("a feature is not a finite number".into());
        }
        Ok(match spec {
            HeadSpec::Svm { c } => {
                let (scaler, scaled) = Standardiser::fit(examples);
                Head::Svm(scaler, svm::LinearSvm::train(&scaled, classes, c)?)
            }
            HeadSpec::Softmax { c } => {
                let (scaler, scaled) = Standardiser::fit(examples);
                Head::Softmax(scaler, softmax::SoftmaxRegression::train(&scaled, classes, c)?)
            }
            HeadSpec::Knn { k, metric } => Head::Knn(knn::Knn::train(examples, classes, k, metric)?),
        })
    }

    /// One score per class, larger for likelier: the SVM's decision values, the softmax's probabilities,
    /// the share of the k neighbours' votes.
    pub fn scores(&self, features: &[f32]) -> Vec<f32> {
        match self {
            Head::Svm(scaler, svm) => svm.decision(&scaler.apply(features)),
            Head::Softmax(scaler, softmax) => softmax.probabilities(&scaler.apply(features)),
            Head::Knn(knn) => knn.votes(features),
        }
    }

    /// The class with the highest score (the first of equals).
    pub fn predict(&self, features: &[f32]) -> usize {
        argmax(&self.scores(features))
    }

    /// Accuracy and confusion matrix on `examples`.
    pub fn evaluate(&self, examples: &Examples, classes: usize) -> HeadEvaluation {
        let predictions: Vec<usize> = (0..examples.len()).map(|i| self.predict(examples.row(i))).collect();
        HeadEvaluation::of(&examples.labels, &predictions, classes)
    }
}

/// The deck's question measured: for each count in `counts`, the held-out accuracy of each head in `specs`
/// trained on the first `count` examples of each class. Rows by count, columns by head.
pub fn accuracy_by_examples(
    specs: &[HeadSpec],
    train: &Examples,
    validation: &Examples,
    classes: usize,
    counts: &[usize],
) -> Result<Vec<Vec<f32>>, String> {
    counts
        .iter()
        .map(|&count| {
            let few = train.first_of_each_class(count);
            specs
                .iter()
                .map(|&spec| Ok(Head::train(spec, &few, classes)?.evaluate(validation, classes).accuracy))
                .collect()
        })
        .collect()
}

/// How a head did on labelled examples.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HeadEvaluation {
    /// Fraction right; 0 without examples.
    pub accuracy: f32,
    /// `confusion[truth][predicted]`: how many examples of class `truth` the head called `predicted`.
    pub confusion: Vec<Vec<u32>>,
    /// The class predicted for each example, in the examples' order.
    pub predictions: Vec<usize>,
}

impl HeadEvaluation {
    pub fn of(truth: &[usize], predictions: &[usize], classes: usize) -> Self {
        let mut confusion = vec![vec![0; classes]; classes];
        for (&t, &p) in truth.iter().zip(predictions) {
            confusion[t][p] += 1;
        }
        let right = truth.iter().zip(predictions).filter(|(t, p)| t == p).count();
        let accuracy = if truth.is_empty() { 0.0 } else { right as f32 / truth.len() as f32 };
        Self { accuracy, confusion, predictions: predictions.to_vec() }
    }
}

/// Centres each feature on its training mean and scales it to unit variance (a constant feature stays 0),
/// as scikit-learn's `StandardScaler` does: the linear heads' penalties then weigh every feature alike.
#[derive(Clone, Debug)]
pub struct Standardiser {
    mean: Vec<f32>,
    scale: Vec<f32>,
}

impl Standardiser {
    /// Fits to `examples` and returns them standardised.
    pub fn fit(examples: &Examples) -> (Self, Examples) {
        let (n, d) = (examples.len() as f64, examples.dimension);
        let mut mean = vec![0f64; d];
        let mut square = vec![0f64; d];
        for i in 0..examples.len() {
            for (j, &v) in examples.row(i).iter().enumerate() {
                mean[j] += v as f64 / n;
            }
        }
        for i in 0..examples.len() {
            for (j, &v) in examples.row(i).iter().enumerate() {
                square[j] += (v as f64 - mean[j]).powi(2) / n;
            }
        }
        let scale = square.iter().map(|&s| if s > 0.0 { s.sqrt() as f32 } else { 1.0 }).collect();
        let scaler = Self { mean: mean.iter().map(|&m| m as f32).collect(), scale };
        let mut scaled = Examples::new(d);
        for i in 0..examples.len() {
            scaled.push(&scaler.apply(examples.row(i)), examples.labels[i]);
        }
        (scaler, scaled)
    }

    pub fn apply(&self, features: &[f32]) -> Vec<f32> {
        features.iter().zip(&self.mean).zip(&self.scale).map(|((&v, &m), &s)| (v - m) / s).collect()
    }
}

/// The index of the largest value (the first of equals).
pub fn argmax(values: &[f32]) -> usize {
    values.iter().enumerate().fold(0, |best, (i, &v)| if v > values[best] { i } else { best })
}

pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confusion_matrix_counts_truth_by_row_and_prediction_by_column() {
        let evaluation = HeadEvaluation::of(&[0, 0, 1, 2, 2], &[0, 1, 1, 2, 0], 3);
        assert_eq!(evaluation.confusion, [[1, 1, 0], [0, 1, 0], [1, 0, 1]]);
        assert_eq!(evaluation.accuracy, 0.6);
    }

    #[test]
    fn standardised_features_have_zero_mean_and_unit_variance_and_constants_stay_put() {
        let mut examples = Examples::new(2);
        for (x, label) in [([1.0, 5.0], 0), ([3.0, 5.0], 1), ([5.0, 5.0], 0)] {
            examples.push(&x, label);
        }
        let (scaler, scaled) = Standardiser::fit(&examples);
        // Mean 3, standard deviation sqrt(8/3) of the first feature; the second is constant.
        let sd = (8.0f32 / 3.0).sqrt();
        assert_eq!(scaled.features, [-2.0 / sd, 0.0, 0.0, 0.0, 2.0 / sd, 0.0]);
        assert_eq!(scaler.apply(&[6.0, 7.0]), [3.0 / sd, 2.0]);
    }

    #[test]
    fn the_first_of_each_class_keep_their_order() {
        let mut examples = Examples::new(1);
        for (x, label) in [(0.0, 1), (1.0, 0), (2.0, 1), (3.0, 1), (4.0, 0), (5.0, 0)] {
            examples.push(&[x], label);
        }
        let first = examples.first_of_each_class(2);
        assert_eq!(first.features, [0.0, 1.0, 2.0, 4.0]);
        assert_eq!(first.labels, [1, 0, 1, 0]);
    }

    #[test]
    fn heads_refuse_no_examples_and_non_finite_features() {
        let spec = HeadSpec::Softmax { c: 1.0 };
        assert!(Head::train(spec, &Examples::new(2), 2).is_err());
        let mut examples = Examples::new(1);
        examples.push(&[f32::NAN], 0);
        assert!(Head::train(spec, &examples, 1).unwrap_err().contains("finite"));
    }
}
