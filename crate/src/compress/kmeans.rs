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

/// A layer's shared values, at most `slots`: an exact zero first where `zero_code` (pruned weights stay
/// exact), then the centroids of the other values — or those values themselves where no more are distinct
/// than fit, so weights already shared (as fine-tuning the centroids leaves them) come back unchanged.
pub fn codebook(values: &[f32], slots: usize, zero_code: bool) -> Vec<f32> {
    let rest: Vec<f32> = values.iter().copied().filter(|&v| !zero_code || v != 0.0).collect();
    let room = slots.saturating_sub(usize::from(zero_code)).max(1);
    let mut distinct = rest.clone();
    distinct.sort_by(f32::total_cmp);
    distinct.dedup();
    let centroids = if distinct.len() <= room { distinct } else { cluster(&rest, room) };
    if zero_code {
        std::iter::once(0.0).chain(centroids).collect()
    } else {
        centroids
    }
}

/// The entry of `codebook` (as `codebook` made it) for `v`: an exact zero to the zero code, else the nearest.
pub fn code(codebook: &[f32], v: f32, zero_code: bool) -> usize {
    if zero_code && v == 0.0 {
        return 0;
    }
    let first = usize::from(zero_code);
    first + nearest(&codebook[first.min(codebook.len())..], v)
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
