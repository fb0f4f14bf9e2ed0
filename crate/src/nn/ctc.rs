//! Connectionist temporal classification (Graves et al. 2006): the loss of a sequence of per-step class
//! scores against a shorter sequence of labels, summed over every alignment of the labels to the steps,
//! so that nobody has to say at which step each label is. An alignment is a class per step, read by
//! merging repeats and dropping the blank: "1 1 ␣ 1 7 7" reads "117".
//!
//! It runs on the host, in f64 and log space, on logits read back from the graph; its gradient goes back
//! into the graph as the seed of the backward pass (`Seed::Gradient`). The per-step classes are few (a
//! strip's columns by eleven classes), so this costs little beside the network.

/// −ln p(labels | logits) and its gradient with respect to the logits, for one sequence of `steps` rows
/// of `classes` logits, `blank` being the blank class. The labels must fit the steps: each label takes a
/// step, and each repeat of the label before it one more (the blank that parts them).
pub fn ctc_loss(logits: &[f32], classes: usize, blank: usize, labels: &[usize]) -> (f32, Vec<f32>) {
    let steps = logits.len() / classes;
    assert_eq!(logits.len(), steps * classes, "ctc: logits are [steps, classes]");
    assert!(
        blank < classes && labels.iter().all(|&l| l < classes && l != blank),
        "ctc: labels are classes, not blanks"
    );
    let repeats = labels.windows(2).filter(|pair| pair[0] == pair[1]).count();
    assert!(labels.len() + repeats <= steps, "ctc: {} labels need more than {steps} steps", labels.len());

    let log_probabilities: Vec<f64> = logits.chunks_exact(classes).flat_map(log_softmax).collect();
    let lp = |t: usize, class: usize| log_probabilities[t * classes + class];
    // The labels with a blank before, between and after them: the states an alignment moves through.
    let states: Vec<usize> = std::iter::once(blank).chain(labels.iter().flat_map(|&l| [l, blank])).collect();
    let count = states.len();
    // From state s a step may stay, move to s + 1, or skip the blank to s + 2 when that changes the label.
    let skips = |s: usize| s >= 2 && states[s] != blank && states[s] != states[s - 2];

    let mut alpha = vec![f64::NEG_INFINITY; steps * count];
    alpha[0] = lp(0, blank);
    if count > 1 {
        alpha[1] = lp(0, states[1]);
    }
    for t in 1..steps {
        for s in 0..count {
            let previous = |s: usize| alpha[(t - 1) * count + s];
            let mut reach = previous(s);
            if s >= 1 {
                reach = log_add(reach, previous(s - 1));
            }
            if skips(s) {
                reach = log_add(reach, previous(s - 2));
            }
            alpha[t * count + s] = reach + lp(t, states[s]);
        }
    }
    let mut beta = vec![f64::NEG_INFINITY; steps * count];
    let last = (steps - 1) * count;
    beta[last + count - 1] = lp(steps - 1, blank);
    if count > 1 {
        beta[last + count - 2] = lp(steps - 1, states[count - 2]);
    }
    for t in (0..steps - 1).rev() {
        for s in 0..count {
            let next = |s: usize| beta[(t + 1) * count + s];
            let mut reach = next(s);
            if s + 1 < count {
                reach = log_add(reach, next(s + 1));
            }
            if s + 2 < count && skips(s + 2) {
                reach = log_add(reach, next(s + 2));
            }
            beta[t * count + s] = reach + lp(t, states[s]);
        }
    }
    let end = alpha[last + count - 1];
    let log_p = if count > 1 { log_add(end, alpha[last + count - 2]) } else { end };

    // ∂(−ln p)/∂logit = softmax − the posterior of the class at that step over all alignments; α and β
    // both count the step's own probability, so one is taken out.
    let mut gradient = vec![0.0; logits.len()];
    for t in 0..steps {
        let mut posterior = vec![f64::NEG_INFINITY; classes];
        for (s, &class) in states.iter().enumerate() {
            let through = alpha[t * count + s] + beta[t * count + s] - lp(t, class);
            posterior[class] = log_add(posterior[class], through);
        }
        for class in 0..classes {
            let softmax = lp(t, class).exp();
            gradient[t * classes + class] = (softmax - (posterior[class] - log_p).exp()) as f32;
        }
    }
    (-log_p as f32, gradient)
}

/// The best path's reading: each step's most likely class, repeats merged, blanks dropped.
pub fn best_path(logits: &[f32], classes: usize, blank: usize) -> Vec<usize> {
    best_path_by_step(logits, classes, blank).0
}

/// The best path's reading, and how many of its labels are read by the end of each step.
pub fn best_path_by_step(logits: &[f32], classes: usize, blank: usize) -> (Vec<usize>, Vec<usize>) {
    let mut read = Vec::new();
    let mut read_after = Vec::with_capacity(logits.len() / classes);
    let mut previous = blank;
    for step in logits.chunks_exact(classes) {
        let class = (0..classes).max_by(|&a, &b| step[a].total_cmp(&step[b])).expect("a step has classes");
        if class != blank && class != previous {
            read.push(class);
        }
        read_after.push(read.len());
        previous = class;
    }
    (read, read_after)
}

fn log_softmax(row: &[f32]) -> Vec<f64> {
    let max = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
    let log_sum = row.iter().map(|&v| (f64::from(v) - max).exp()).sum::<f64>().ln() + max;
    row.iter().map(|&v| f64::from(v) - log_sum).collect()
}

/// ln(eᵃ + eᵇ), exact when either is −∞.
fn log_add(a: f64, b: f64) -> f64 {
    let (high, low) = if a > b { (a, b) } else { (b, a) };
    if low == f64::NEG_INFINITY {
        high
    } else {
        high + (low - high).exp().ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// p(labels) by brute force: every path of classes over the steps, read by merging repeats and
    /// dropping blanks, its probability added where it reads the labels.
    fn by_every_path(logits: &[f32], classes: usize, blank: usize, labels: &[usize]) -> f64 {
        let steps = logits.len() / classes;
        let probabilities: Vec<Vec<f64>> =
            logits.chunks_exact(classes).map(|row| log_softmax(row).iter().map(|l| l.exp()).collect()).collect();
        let mut total = 0.0;
        for code in 0..classes.pow(steps as u32) {
            let path: Vec<usize> = (0..steps).map(|t| code / classes.pow(t as u32) % classes).collect();
            let mut read = Vec::new();
            for (t, &class) in path.iter().enumerate() {
                if class != blank && (t == 0 || path[t - 1] != class) {
                    read.push(class);
                }
            }
            if read == labels {
                total += path.iter().enumerate().map(|(t, &c)| probabilities[t][c]).product::<f64>();
            }
        }
        total
    }

    fn random_logits(rng: &mut Rng, len: usize) -> Vec<f32> {
        (0..len).map(|_| 2.0 * rng.normal()).collect()
    }

    #[test]
    fn the_loss_is_minus_the_log_of_every_reading_path_added_up() {
        let mut rng = Rng::new(11);
        let (classes, blank) = (4, 3);
        for labels in [vec![0], vec![1, 1], vec![0, 2, 0], vec![2, 1], vec![1, 1, 1]] {
            for steps in [labels.len() + 2, 6] {
                let logits = random_logits(&mut rng, steps * classes);
                let (loss, _) = ctc_loss(&logits, classes, blank, &labels);
                let expected = -by_every_path(&logits, classes, blank, &labels).ln();
                assert!(
                    (f64::from(loss) - expected).abs() < 1e-4 * expected.abs().max(1.0),
                    "{labels:?} over {steps}: {loss} against {expected}"
                );
            }
        }
    }

    #[test]
    fn one_label_over_two_steps_is_worked_by_hand() {
        // Equal logits: each class 1/3. The paths reading "a" are aa, a␣ and ␣a: 3/9.
        let (loss, _) = ctc_loss(&[0.0; 6], 3, 2, &[0]);
        assert!((loss - 3.0_f32.ln()).abs() < 1e-6, "{loss}");
    }

    #[test]
    fn the_gradient_matches_central_differences() {
        let mut rng = Rng::new(12);
        let (classes, blank, steps) = (5, 0, 9);
        let labels = [3, 3, 1, 4];
        let logits = random_logits(&mut rng, steps * classes);
        let (_, gradient) = ctc_loss(&logits, classes, blank, &labels);
        let h = 1e-2;
        for i in 0..logits.len() {
            let shifted = |by: f32| {
                let mut moved = logits.clone();
                moved[i] += by;
                f64::from(ctc_loss(&moved, classes, blank, &labels).0)
            };
            let numeric = (shifted(h) - shifted(-h)) / (2.0 * f64::from(h));
            assert!((f64::from(gradient[i]) - numeric).abs() < 2e-3, "logit {i}: {} against {numeric}", gradient[i]);
        }
    }

    #[test]
    fn the_best_path_merges_repeats_and_drops_blanks() {
        let one_hot = |classes: &[usize]| -> Vec<f32> {
            classes.iter().flat_map(|&c| (0..3).map(move |k| f32::from(u8::from(k == c)))).collect()
        };
        assert_eq!(best_path(&one_hot(&[0, 0, 2, 0, 1, 1, 2]), 3, 2), [0, 0, 1]);
        assert_eq!(best_path_by_step(&one_hot(&[2, 0, 0, 2, 0, 1]), 3, 2).1, [0, 1, 1, 1, 2, 3]);
        assert_eq!(best_path(&one_hot(&[2, 2]), 3, 2), Vec::<usize>::new());
    }
}
