//! Weight sharing (Deep Compression's second stage): one layer's weights clustered into at most k values by
//! 1-D k-means, each weight then stored as the index of its centroid. Centroids start spread linearly
//! between the smallest and the largest weight — Han et al. found that keeps the rare large weights, which
//! matter most, better than density-based starts.

/// Lloyd's iterations stop here at the latest (1-D k-means converges in far fewer on weights).
const MAX_ITERATIONS: usize = 100;

/// The centroids of `values`, sorted: at most `k` (fewer where a centroid is left without values).
pub fn cluster(values: &[f32], k: usize) -> Vec<f32> {
    let k = k.max(1);
    let (low, high) = values.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    if values.is_empty() {
        return Vec::new();
    }
    let mut centroids: Vec<f32> = if k == 1 || low == high {
        vec![low]
    } else {
        (0..k).map(|i| low + (high - low) * i as f32 / (k - 1) as f32).collect()
    };
    let mut assignment = vec![usize::MAX; values.len()];
    for _ in 0..MAX_ITERATIONS {
        let mut changed = false;
        for (a, &v) in assignment.iter_mut().zip(values) {
            let nearest = nearest(&centroids, v);
            changed |= *a != nearest;
            *a = nearest;
        }
        if !changed {
            break;
        }
        let mut sums = vec![(0f64, 0usize); centroids.len()];
        for (&a, &v) in assignment.iter().zip(values) {
            sums[a].0 += f64::from(v);
            sums[a].1 += 1;
        }
        // A centroid no value chose is dropped: fewer distinct values, never more.
        let kept: Vec<f32> = sums.iter().filter(|s| s.1 > 0).map(|s| (s.0 / s.1 as f64) as f32).collect();
        centroids = kept;
    }
    centroids
}

/// The index of the centroid (of sorted `centroids`) nearest to `v`.
fn nearest(centroids: &[f32], v: f32) -> usize {
    let above = centroids.partition_point(|&c| c < v);
    match above {
        0 => 0,
        i if i == centroids.len() => i - 1,
        i => {
            if v - centroids[i - 1] <= centroids[i] - v {
                i - 1
            } else {
                i
            }
        }
    }
}
