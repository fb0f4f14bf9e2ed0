//! Two-class datasets in the plane for the perceptron and MLP labs.

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Point {
    pub x: f32,
    pub y: f32,
    /// Class 0 or 1.
    pub label: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DatasetKind {
    And,
    Or,
    Xor,
    /// Two clouds on either side of the line x + y = 0: linearly separable at any noise.
    Clouds,
    /// A disc inside a ring.
    Circles,
    /// Two overlapping normal distributions: no boundary gets every point right.
    Gaussians,
    /// Two interleaved spiral arms.
    Spiral,
}

/// The square [min, max]² a dataset is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Domain {
    pub min: f32,
    pub max: f32,
}

impl DatasetKind {
    pub fn domain(self) -> Domain {
        match self {
            // Logic gates keep the truth table's 0 and 1 as inputs.
            Self::And | Self::Or | Self::Xor => Domain { min: -0.5, max: 1.5 },
            _ => Domain { min: -1.5, max: 1.5 },
        }
    }

    fn gate(self, a: bool, b: bool) -> bool {
        match self {
            Self::And => a && b,
            Self::Or => a || b,
            Self::Xor => a != b,
            _ => unreachable!("{self:?} is not a logic gate"),
        }
    }
}

/// `count` points of `kind`. `noise` (0 = none) is the standard deviation of the jitter, in domain units,
/// added to each point. A logic gate with `count` = 4 and no noise is its truth table.
pub fn generate(kind: DatasetKind, count: usize, noise: f32, seed: u64) -> Vec<Point> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| {
            let (x, y, label) = clean_point(kind, i, count, &mut rng);
            Point { x: x + noise * rng.normal(), y: y + noise * rng.normal(), label: u8::from(label) }
        })
        .collect()
}

/// Point `i` of `count` before noise. Classes alternate so any prefix is balanced.
fn clean_point(kind: DatasetKind, i: usize, count: usize, rng: &mut Rng) -> (f32, f32, bool) {
    let label = i % 2 == 1;
    match kind {
        DatasetKind::And | DatasetKind::Or | DatasetKind::Xor => {
            let (a, b) = ((i >> 1) & 1 == 1, i & 1 == 1);
            (f32::from(u8::from(a)), f32::from(u8::from(b)), kind.gate(a, b))
        }
        DatasetKind::Clouds => {
            let (cx, cy) = point_in_disc(rng, 0.45);
            let centre = if label { 0.6 } else { -0.6 };
            (centre + cx, centre + cy, label)
        }
        DatasetKind::Circles => {
            let radius = if label { rng.uniform_in(0.0, 0.5) } else { rng.uniform_in(0.75, 1.1) };
            let angle = rng.uniform_in(0.0, std::f32::consts::TAU);
            (radius * angle.cos(), radius * angle.sin(), label)
        }
        DatasetKind::Gaussians => {
            let centre = if label { 0.35 } else { -0.35 };
            (centre + 0.35 * rng.normal(), centre + 0.35 * rng.normal(), label)
        }
        DatasetKind::Spiral => {
            let t = (i / 2) as f32 / (count / 2).max(1) as f32;
            let angle = 3.5 * std::f32::consts::PI * t + if label { std::f32::consts::PI } else { 0.0 };
            let radius = 0.1 + 1.1 * t;
            (radius * angle.cos(), radius * angle.sin(), label)
        }
    }
}

fn point_in_disc(rng: &mut Rng, radius: f32) -> (f32, f32) {
    let r = radius * rng.uniform().sqrt();
    let angle = rng.uniform_in(0.0, std::f32::consts::TAU);
    (r * angle.cos(), r * angle.sin())
}

/// Splits `points` into a training and a test set, the first `train_fraction` of a seeded shuffle training.
pub fn split(points: &[Point], train_fraction: f32, seed: u64) -> (Vec<Point>, Vec<Point>) {
    let mut shuffled = points.to_vec();
    Rng::new(seed).shuffle(&mut shuffled);
    let train_len = ((points.len() as f32 * train_fraction).round() as usize).min(points.len());
    let test = shuffled.split_off(train_len);
    (shuffled, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_without_noise_are_truth_tables() {
        let table =
            |kind| -> Vec<(f32, f32, u8)> { generate(kind, 4, 0.0, 1).iter().map(|p| (p.x, p.y, p.label)).collect() };
        let inputs = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)];
        let with = |labels: [u8; 4]| -> Vec<(f32, f32, u8)> {
            inputs.iter().zip(labels).map(|(&(x, y), l)| (x, y, l)).collect()
        };
        assert_eq!(table(DatasetKind::And), with([0, 0, 0, 1]));
        assert_eq!(table(DatasetKind::Or), with([0, 1, 1, 1]));
        assert_eq!(table(DatasetKind::Xor), with([0, 1, 1, 0]));
    }

    #[test]
    fn clouds_are_separated_by_the_diagonal() {
        for p in generate(DatasetKind::Clouds, 200, 0.0, 5) {
            assert_eq!(p.x + p.y > 0.0, p.label == 1);
        }
    }

    #[test]
    fn datasets_are_balanced_reproducible_and_inside_their_domain() {
        use DatasetKind::*;
        for kind in [And, Or, Xor, Clouds, Circles, Gaussians, Spiral] {
            let points = generate(kind, 200, 0.0, 9);
            assert_eq!(points, generate(kind, 200, 0.0, 9));
            let ones = points.iter().filter(|p| p.label == 1).count();
            let expected_ones = match kind {
                And => 50,
                Or => 150,
                _ => 100,
            };
            assert_eq!(ones, expected_ones, "{kind:?}");
            let Domain { min, max } = kind.domain();
            if kind != Gaussians {
                assert!(points.iter().all(|p| (min..=max).contains(&p.x) && (min..=max).contains(&p.y)));
            }
        }
    }

    #[test]
    fn split_partitions_the_points() {
        let points = generate(DatasetKind::Circles, 101, 0.1, 2);
        let (train, test) = split(&points, 0.5, 3);
        assert_eq!((train.len(), test.len()), (51, 50));
        let mut all: Vec<_> = train.iter().chain(&test).map(|p| (p.x.to_bits(), p.label)).collect();
        let mut expected: Vec<_> = points.iter().map(|p| (p.x.to_bits(), p.label)).collect();
        all.sort_unstable();
        expected.sort_unstable();
        assert_eq!(all, expected);
    }
}
