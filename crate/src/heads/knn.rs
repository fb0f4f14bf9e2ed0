//! k nearest neighbours: no training beyond keeping the examples; a feature vector's class is the one most
//! of its `k` nearest training examples have (ties go to the class whose tied members are nearer in sum).

use super::{dot, Examples};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    Euclidean,
    /// One minus the cosine of the angle: only the direction of a feature vector counts.
    Cosine,
}

impl Metric {
    fn distance(self, a: &[f32], b: &[f32]) -> f32 {
        match self {
            Metric::Euclidean => a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt(),
            Metric::Cosine => {
                let norms = (dot(a, a) * dot(b, b)).sqrt();
                if norms == 0.0 {
                    1.0
                } else {
                    1.0 - dot(a, b) / norms
                }
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct Knn {
    examples: Examples,
    classes: usize,
    k: usize,
    metric: Metric,
}

impl Knn {
    pub fn train(examples: &Examples, classes: usize, k: usize, metric: Metric) -> Result<Self, String> {
        if k == 0 {
            return Err("k must be at least 1".into());
        }
        Ok(Self { examples: examples.clone(), classes, k: k.min(examples.len()), metric })
    }

    /// Each class's share of the `k` nearest examples' votes, with the tie-break folded in as less than
    /// one vote, so the largest share is the prediction.
    pub fn votes(&self, features: &[f32]) -> Vec<f32> {
        let mut distances: Vec<(f32, usize)> = (0..self.examples.len())
            .map(|i| (self.metric.distance(features, self.examples.row(i)), self.examples.labels[i]))
            .collect();
        distances.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut votes = vec![0f32; self.classes];
        let mut summed = vec![0f32; self.classes];
        for &(distance, label) in &distances[..self.k] {
            votes[label] += 1.0;
            summed[label] += distance;
        }
        let top = votes.iter().copied().fold(0.0, f32::max);
        let tied: Vec<usize> = (0..self.classes).filter(|&c| votes[c] == top).collect();
        if tied.len() > 1 {
            let nearest = tied.iter().copied().min_by(|&a, &b| summed[a].total_cmp(&summed[b])).expect("a tie");
            // Half a vote decides the tie without overtaking a class that had more votes.
            votes[nearest] += 0.5;
        }
        let total: f32 = votes.iter().sum();
        votes.iter().map(|v| v / total).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::argmax;
    use super::*;

    fn line() -> Examples {
        // Class 0 at 0 and 1, class 1 at 3, 4 and 10.
        let mut examples = Examples::new(1);
        for (x, label) in [(0.0, 0), (1.0, 0), (3.0, 1), (4.0, 1), (10.0, 1)] {
            examples.push(&[x], label);
        }
        examples
    }

    #[test]
    fn the_majority_of_the_nearest_decides() {
        let knn = Knn::train(&line(), 2, 3, Metric::Euclidean).unwrap();
        // Nearest to 1.9: 1 (0), 3 (1), 0 (0) → class 0 by two votes to one.
        assert_eq!(argmax(&knn.votes(&[1.9])), 0);
        // Nearest to 2.6: 3 (1), 1 (0), 4 (1) → class 1.
        assert_eq!(argmax(&knn.votes(&[2.6])), 1);
        let one = Knn::train(&line(), 2, 1, Metric::Euclidean).unwrap();
        assert_eq!(one.votes(&[8.0]), [0.0, 1.0]);
    }

    #[test]
    fn a_tie_goes_to_the_nearer_class() {
        // k = 2 at 2.2: 3 (class 1, distance 0.8) and 1 (class 0, distance 1.2).
        let knn = Knn::train(&line(), 2, 2, Metric::Euclidean).unwrap();
        assert_eq!(argmax(&knn.votes(&[2.2])), 1);
        assert_eq!(argmax(&knn.votes(&[1.8])), 0);
    }

    #[test]
    fn cosine_distance_ignores_length() {
        let mut examples = Examples::new(2);
        examples.push(&[10.0, 0.0], 0);
        examples.push(&[0.0, 1.0], 1);
        // (1, 2) is nearer (0, 1) in both; (3, 0.5) is nearer (0, 1) in Euclidean distance but points at (10, 0).
        let cosine = Knn::train(&examples, 2, 1, Metric::Cosine).unwrap();
        let euclidean = Knn::train(&examples, 2, 1, Metric::Euclidean).unwrap();
        assert_eq!(argmax(&cosine.votes(&[3.0, 0.5])), 0);
        assert_eq!(argmax(&euclidean.votes(&[3.0, 0.5])), 1);
        assert!((Metric::Cosine.distance(&[1.0, 0.0], &[0.0, 2.0]) - 1.0).abs() < 1e-6);
    }
}
