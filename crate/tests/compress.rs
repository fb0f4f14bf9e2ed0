//! The compression lab's oracles: pruning counts and structure by hand, k-means's codebook size, Huffman's
//! round trip, float16 against hand-worked bit patterns, the SVD against Eckart–Young, and the file: what
//! is written reads back within each coding's bound, its length is what it costs, and damage is named.

use playground::compress::prune::{apply, masks, Pruning, Weights};
use playground::compress::quantise::{f16_bits, f32_from_f16};
use playground::compress::svd::{product, svd};
use playground::compress::{huffman, is_weight, Encoding, ValueCoding};
use playground::models::cnn::CnnSpec;
use playground::models::compressed::{read, write};
use playground::rng::Rng;

fn random(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.normal()).collect()
}

/// Three awkwardly sized layers: a convolution [3, 3, 2, 7], a dense [13, 11] and a last dense [11, 5].
fn layers(rng: &mut Rng) -> Vec<(Vec<usize>, Vec<f32>)> {
    [vec![3, 3, 2, 7], vec![13, 11], vec![11, 5]]
        .into_iter()
        .map(|s| (s.clone(), random(rng, s.iter().product())))
        .collect()
}

/// The first `train` and `test` images of MNIST's training and test sets, shuffled, from ../shared.
fn mnist(train: usize, test: usize) -> (playground::data::image_set::ImageSet, playground::data::image_set::ImageSet) {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist");
    let (all_train, all_test) =
        playground::data::convert::read_originals(&shared).expect("MNIST in ../shared beside the repository");
    (all_train.subset(train, 1), all_test.subset(test, 2))
}

fn zeros(values: &[f32]) -> usize {
    values.iter().filter(|v| **v == 0.0).count()
}

#[test]
fn pruning_zeroes_exactly_the_fraction_asked_of_the_smallest_weights() {
    let mut rng = Rng::new(1);
    let layers = layers(&mut rng);
    let weights: Vec<Weights> = layers.iter().map(|(s, v)| Weights { shape: s, values: v }).collect();
    let total: usize = layers.iter().map(|(_, v)| v.len()).sum();
    // Global: round(0.6 · 336) = 202 weights, and every pruned one is no larger than every kept one.
    let global = masks(&weights, Pruning::Unstructured { fraction: 0.6, global: true });
    let pruned: Vec<f32> = layers
        .iter()
        .zip(&global)
        .flat_map(|((_, v), m)| v.iter().zip(m).filter(|p| !*p.1).map(|p| p.0.abs()))
        .collect();
    let kept: Vec<f32> = layers
        .iter()
        .zip(&global)
        .flat_map(|((_, v), m)| v.iter().zip(m).filter(|p| *p.1).map(|p| p.0.abs()))
        .collect();
    assert_eq!(pruned.len(), (0.6 * total as f64).round() as usize);
    assert!(pruned.iter().fold(0f32, |m, &v| m.max(v)) <= kept.iter().fold(f32::INFINITY, |m, &v| m.min(v)));
    // Per layer: round(0.3 · n) in each.
    let per_layer = masks(&weights, Pruning::Unstructured { fraction: 0.3, global: false });
    for ((_, v), m) in layers.iter().zip(&per_layer) {
        let mut values = v.clone();
        apply(&mut values, m);
        assert_eq!(zeros(&values), (0.3 * v.len() as f64).round() as usize);
    }
    // Structured: round(0.5 · 7) = 4 whole filters of the convolution, round(0.5 · 11) = 6 neurons of the
    // dense layer, none of the last; the pruned units have the smallest norms.
    let structured = masks(&weights, Pruning::Structured { fraction: 0.5 });
    for ((shape, v), (m, expected)) in layers.iter().zip(structured.iter().zip([4, 6, 0])) {
        let units = *shape.last().unwrap();
        let dropped: Vec<usize> = (0..units).filter(|&u| !m[u]).collect();
        assert_eq!(dropped.len(), expected, "{shape:?}");
        for u in 0..units {
            let column: Vec<bool> = m.iter().skip(u).step_by(units).copied().collect();
            assert!(column.iter().all(|&k| k == column[0]), "unit {u} of {shape:?} is pruned in part");
        }
        let norm = |u: usize| v.iter().skip(u).step_by(units).map(|x| x * x).sum::<f32>();
        let largest_dropped = dropped.iter().map(|&u| norm(u)).fold(0f32, f32::max);
        assert!((0..units).filter(|u| m[*u]).all(|u| norm(u) >= largest_dropped));
    }
}

#[test]
fn huffman_coding_round_trips_every_stream_and_names_damage() {
    let mut rng = Rng::new(2);
    let skewed: Vec<u8> = (0..5000).map(|_| (rng.normal().abs() * 9.0).min(255.0) as u8).collect();
    let every: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    for stream in [Vec::new(), vec![7u8; 100], vec![0, 255], skewed.clone(), every] {
        assert_eq!(huffman::decode(&huffman::encode(&stream)).unwrap(), stream);
    }
    // Huffman's bound: under one bit a symbol above the stream's entropy (after the table: the count, the
    // number of symbols present and a (symbol, length) pair each).
    let coded = huffman::encode(&skewed);
    let mut counts = [0f64; 256];
    skewed.iter().for_each(|&s| counts[usize::from(s)] += 1.0);
    let n = skewed.len() as f64;
    let entropy: f64 = counts.iter().filter(|&&c| c > 0.0).map(|&c| -(c / n) * (c / n).log2()).sum();
    let present = counts.iter().filter(|&&c| c > 0.0).count();
    let bits = 8.0 * (coded.len() - 5 - 2 * present) as f64;
    assert!(bits >= n * entropy && bits <= n * (entropy + 1.0) + 8.0, "{bits} bits, entropy {entropy} a symbol");
    // A cut stream says so.
    assert!(huffman::decode(&coded[..coded.len() / 2]).unwrap_err().contains("damaged"));
}

#[test]
fn float16_has_the_hand_worked_bit_patterns() {
    let cases: [(f32, u16); 10] = [
        (1.0, 0x3c00),
        (-2.0, 0xc000),
        (0.1, 0x2e66),
        (65504.0, 0x7bff),
        (65520.0, 0x7c00),
        (2f32.powi(-24), 0x0001),
        (2f32.powi(-14), 0x0400),
        // Ties go to even: 1 + 2⁻¹¹ is halfway between 1 and 1 + 2⁻¹⁰.
        (1.0 + 2f32.powi(-11), 0x3c00),
        (1.0 + 3.0 * 2f32.powi(-11), 0x3c02),
        (0.0, 0x0000),
    ];
    for (x, bits) in cases {
        assert_eq!(f16_bits(x), bits, "{x}");
    }
    // Back: exact where the half holds the value, else within half a step (2⁻¹¹ relative).
    for (bits, x) in [(0x3c00, 1.0), (0xc000, -2.0), (0x7bff, 65504.0), (0x0001, 2f32.powi(-24))] {
        assert_eq!(f32_from_f16(bits), x, "{bits:#06x}");
    }
    assert!(f32_from_f16(0x7c00).is_infinite());
    assert!((f32_from_f16(f16_bits(0.1)) - 0.1).abs() <= 0.1 * 2f32.powi(-11));
}

#[test]
fn a_truncated_svd_errs_by_exactly_the_discarded_singular_values() {
    let mut rng = Rng::new(3);
    for (rows, columns) in [(7, 5), (5, 9), (33, 17), (1, 6)] {
        let a = random(&mut rng, rows * columns);
        let decomposition = svd(&a, rows, columns);
        let s = &decomposition.s;
        assert!(s.windows(2).all(|w| w[0] >= w[1]));
        let norm: f64 = a.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
        assert!((s.iter().map(|x| x * x).sum::<f64>() - norm).abs() <= 1e-6 * norm);
        for r in 0..=rows.min(columns) {
            let (left, right) = decomposition.factors(r);
            let approximation = product(&left, &right, rows, r, columns);
            let error: f64 = a.iter().zip(&approximation).map(|(x, y)| f64::from(x - y).powi(2)).sum();
            let discarded: f64 = s[r..].iter().map(|x| x * x).sum();
            assert!(
                (error - discarded).abs() <= 1e-7 * norm + 1e-4 * discarded,
                "{rows}×{columns} rank {r}: {error} vs {discarded}"
            );
        }
    }
}

fn network(seed: u64) -> (CnnSpec, Vec<Vec<f32>>) {
    let spec = CnnSpec::default();
    let mut rng = Rng::new(seed);
    let values = spec.parameter_shapes().unwrap().iter().map(|(_, s)| random(&mut rng, s.iter().product())).collect();
    (spec, values)
}

#[test]
fn every_coding_reads_back_within_its_bound_and_pruned_weights_stay_zero() {
    let (spec, mut values) = network(4);
    let shapes = spec.parameter_shapes().unwrap();
    let weights: Vec<Weights> = shapes.iter().zip(&values).map(|((_, s), v)| Weights { shape: s, values: v }).collect();
    let kept = masks(&weights, Pruning::Unstructured { fraction: 0.9, global: false });
    for (((name, _), v), m) in shapes.iter().zip(&mut values).zip(&kept) {
        if is_weight(name) {
            apply(v, m);
        }
    }
    let dense = playground::models::safetensors::write(&spec, &values).unwrap();
    for (values_coding, huffman) in [
        (ValueCoding::F32, false),
        (ValueCoding::F16, false),
        (ValueCoding::Int8 { per_channel: true }, true),
        (ValueCoding::Int8 { per_channel: false }, false),
        (ValueCoding::Shared { bits: 4 }, true),
        (ValueCoding::Shared { bits: 2 }, false),
    ] {
        let file = write(&spec, &values, &Encoding { values: values_coding, ranks: Vec::new(), huffman }).unwrap();
        assert!(file.len() < dense.len(), "{values_coding:?}: {} bytes, dense {}", file.len(), dense.len());
        let (read_spec, back) = read(&file).unwrap();
        assert_eq!(read_spec, spec);
        for (((name, _), original), back) in shapes.iter().zip(&values).zip(&back) {
            let largest = original.iter().fold(0f32, |m, v| m.max(v.abs()));
            for (a, b) in original.iter().zip(back) {
                // Pruned weights come back exactly zero, and only they.
                assert_eq!(*a == 0.0, *b == 0.0, "{name} {values_coding:?}: {a} → {b}");
                let bound = match values_coding {
                    _ if !is_weight(name) => 0.0,
                    ValueCoding::F32 => 0.0,
                    ValueCoding::F16 => a.abs() * 2f32.powi(-11) + 1e-7,
                    // Half a step of the scale (the tensor's largest / 127), per channel no coarser.
                    ValueCoding::Int8 { .. } => largest / 254.0 + 1e-6,
                    // A codebook value within the layer's range: no bound but the range.
                    ValueCoding::Shared { .. } => 2.0 * largest,
                };
                assert!((a - b).abs() <= bound, "{name} {values_coding:?}: {a} → {b}");
            }
            if let ValueCoding::Shared { bits } = values_coding {
                let mut distinct: Vec<u32> = back.iter().map(|v| v.to_bits()).collect();
                distinct.sort_unstable();
                distinct.dedup();
                assert!(!is_weight(name) || distinct.len() <= 1 << bits, "{name}: {} values", distinct.len());
            }
        }
    }
}

#[test]
fn low_rank_factors_read_back_as_their_product_and_a_damaged_file_is_named() {
    let (spec, values) = network(5);
    let file = write(&spec, &values, &Encoding { values: ValueCoding::F32, ranks: vec![2], huffman: false }).unwrap();
    let (_, back) = read(&file).unwrap();
    for (((name, shape), original), back) in spec.parameter_shapes().unwrap().iter().zip(&values).zip(&back) {
        let columns = *shape.last().unwrap();
        let rows = original.len() / columns;
        if !is_weight(name) || shape.len() < 2 || rows.min(columns) <= 2 {
            assert_eq!(original, back, "{name} is stored whole");
            continue;
        }
        let s = svd(original, rows, columns).s;
        let error: f64 = original.iter().zip(back).map(|(x, y)| f64::from(x - y).powi(2)).sum();
        let discarded: f64 = s[2..].iter().map(|x| x * x).sum();
        assert!((error - discarded).abs() <= 1e-3 * discarded.max(1.0), "{name}: {error} vs {discarded}");
    }
    // Cut short, a byte of the data flipped into nonsense, or not the file at all: each named.
    assert!(read(&file[..file.len() - 10]).unwrap_err().contains("whole"));
    assert!(read(&file[..7]).unwrap_err().contains("header"));
    assert!(read(b"PK\x03\x04 a zip").unwrap_err().contains("not a compressed"));
    let mut extra = file.clone();
    extra.push(0);
    assert!(read(&extra).unwrap_err().contains("after the last tensor"));
}

#[test]
fn retraining_a_pruned_network_keeps_its_pruned_weights_zero_and_recovers() {
    use playground::engine::simd::Simd;
    use playground::labs::compress::{prune_masks, Compressor, Encoded};
    let (train, test) = mnist(3000, 500);
    let spec = CnnSpec::default();
    let initial = pollster::block_on(playground::models::cnn::Cnn::new(&Simd, &spec, 3).unwrap().parameters());
    let pruning = Pruning::Unstructured { fraction: 0.8, global: false };
    let masks = prune_masks(&spec, &initial, pruning).unwrap();
    let mut compressor = Compressor::new(&Simd, &spec, initial.clone()).unwrap();
    compressor.prune(Some(pruning)).unwrap();
    // In parts, as the page asks for it: the epoch is not overrun.
    let mut done = 0.0;
    while done < 1.0 {
        done = pollster::block_on(compressor.retrain(&train, 7, 1.0)).unwrap();
    }
    assert_eq!(done, 1.0);
    let after = pollster::block_on(compressor.trainer.model.parameters());
    for ((v, m), before) in after.iter().zip(&masks).zip(&initial) {
        match m {
            Some(m) => {
                assert!(v.iter().zip(m).all(|(v, keep)| *keep || *v == 0.0), "a pruned weight moved");
                assert!(v.iter().zip(m).zip(before).any(|((v, keep), b)| *keep && v != b), "no kept weight trained");
            }
            None => assert_ne!(v, before, "a bias did not train"),
        }
    }
    let Encoded { file, outcome, .. } =
        pollster::block_on(compressor.encode(&Encoding::default(), &test, test.len())).unwrap();
    assert!(
        outcome.test_accuracy > 0.6,
        "a fifth of the weights trained one epoch on 3000 digits: {}",
        outcome.test_accuracy
    );
    assert!((outcome.zero_weights - 0.8).abs() < 0.01, "{}", outcome.zero_weights);
    assert_eq!(outcome.bytes, file.len());
    // An untrained network guesses: the float32 original scores about a tenth.
    assert!(outcome.float32_test_accuracy < 0.3, "{}", outcome.float32_test_accuracy);
}

#[test]
fn each_tensor_s_size_adds_up_to_the_file_and_counts_what_is_stored() {
    use playground::models::compressed::tensor_sizes;
    let (spec, values) = network(9);
    let shapes = spec.parameter_shapes().unwrap();
    let mut sparse = values.clone();
    // Half of the first weight tensor zero: stored sparse, one entry per nonzero (no gap reaches 256).
    sparse[0].iter_mut().step_by(2).for_each(|v| *v = 0.0);
    let file = write(&spec, &sparse, &Encoding { huffman: true, ..Encoding::default() }).unwrap();
    let sizes = tensor_sizes(&file).unwrap();
    let header = u32::from_le_bytes(file[5..9].try_into().unwrap()) as usize;
    assert_eq!(9 + header + sizes.iter().map(|t| t.bytes).sum::<usize>(), file.len());
    assert_eq!(sizes[0].stored, sparse[0].iter().filter(|v| **v != 0.0).count());
    assert_eq!(sizes[0].parameters, values[0].len());
    // Rank 2: a [rows, columns] matrix stores 2 · (rows + columns) values; a bias as it is. A rank a weight
    // tensor: 2 for the first, none for the second, 3 for the third.
    for (ranks, per_weight) in [(vec![2], [2, 2, 2]), (vec![2, 0, 3], [2, 0, 3])] {
        let file = write(&spec, &values, &Encoding { ranks, ..Encoding::default() }).unwrap();
        let mut weights = per_weight.iter();
        for (size, (name, shape)) in tensor_sizes(&file).unwrap().iter().zip(&shapes) {
            let columns = *shape.last().unwrap();
            let rows = shape.iter().product::<usize>() / columns;
            let expected = if name.ends_with(".bias") {
                columns
            } else {
                match weights.next().unwrap() {
                    0 => rows * columns,
                    rank => rank * (rows + columns),
                }
            };
            assert_eq!((size.name.as_str(), size.stored), (name.as_str(), expected));
        }
    }
}

#[test]
fn a_layer_s_sensitivity_is_the_accuracy_with_that_layer_alone_pruned() {
    use playground::engine::scalar::Scalar;
    use playground::labs::compress::Compressor;
    let (_, test) = mnist(1, 200);
    let (spec, values) = network(10);
    let mut compressor = Compressor::new(&Scalar, &spec, values.clone()).unwrap();
    let float32 = pollster::block_on(compressor.float32_accuracy(&test, test.len())).unwrap();
    // The oracle: the network with that tensor's smallest half zeroed by hand, scored by a fresh trainer.
    let mut by_hand = values.clone();
    let mut order: Vec<usize> = (0..by_hand[2].len()).collect();
    order.sort_by(|&a, &b| by_hand[2][a].abs().total_cmp(&by_hand[2][b].abs()));
    order[..by_hand[2].len() / 2].iter().for_each(|&i| by_hand[2][i] = 0.0);
    let mut trainer = playground::labs::cnn::Trainer::new(&Scalar, &spec, Default::default()).unwrap();
    trainer.model.set_parameters(&by_hand).unwrap();
    let expected = pollster::block_on(trainer.evaluate(&test, test.len())).accuracy;
    let half = pollster::block_on(compressor.sensitivity(2, 0.5, &test, test.len())).unwrap();
    assert_eq!(half, expected);
    assert_eq!(pollster::block_on(compressor.sensitivity(2, 0.0, &test, test.len())).unwrap(), float32);
    assert!(pollster::block_on(compressor.sensitivity(1, 0.5, &test, test.len())).is_err(), "a bias");
}

#[test]
fn the_command_reports_the_files_own_length_and_the_file_loads_as_a_network() {
    let dir = std::env::temp_dir().join(format!("compress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (spec, values) = network(6);
    let model = dir.join("model.safetensors");
    std::fs::write(&model, playground::models::safetensors::write(&spec, &values).unwrap()).unwrap();
    let out = dir.join("model.pgcz");
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/mnist");
    let run = |extra: &[&str]| {
        let mut args = vec!["compress", "--model", model.to_str().unwrap(), "--idx", shared.to_str().unwrap()];
        args.extend(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_playground")).args(&args).output().unwrap()
    };
    let output = run(&["--prune", "0.5", "--int8", "--huffman", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let file = std::fs::read(&out).unwrap();
    assert_eq!(line["bytes"], file.len());
    assert_eq!(line["float32_bytes"], std::fs::metadata(&model).unwrap().len());
    assert!((line["zero_weights"].as_f64().unwrap() - 0.5).abs() < 0.01);
    // The reader every lab and command uses takes it as a network: train-mnist scores it as it is.
    let (read_spec, back) = playground::models::safetensors::read(&file).unwrap();
    assert_eq!((read_spec, back.len()), (spec, values.len()));
    let scored = std::process::Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(["train-mnist", "--load", out.to_str().unwrap(), "--epochs", "0", "--idx", shared.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(scored.status.success(), "{}", String::from_utf8_lossy(&scored.stderr));
    let expected = format!("test accuracy {:.2} %", 100.0 * line["test_accuracy"].as_f64().unwrap());
    assert!(String::from_utf8_lossy(&scored.stdout).contains(&expected), "{}", String::from_utf8_lossy(&scored.stdout));
    // Settings that contradict each other, and a damaged file, are refused with a reason.
    let both = run(&["--int8", "--cluster-bits", "4"]);
    assert!(String::from_utf8_lossy(&both.stderr).contains("choose one"));
    std::fs::write(&model, &file[..file.len() / 2]).unwrap();
    let damaged = run(&[]);
    assert!(!damaged.status.success());
    assert!(
        String::from_utf8_lossy(&damaged.stderr).contains("damaged compressed"),
        "{}",
        String::from_utf8_lossy(&damaged.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fine_tuned_centroids_stay_shared_reach_the_file_exactly_and_win_accuracy_back() {
    use playground::engine::simd::Simd;
    use playground::labs::cnn::{Trainer, TrainingConfig};
    use playground::labs::compress::{Compressor, Encoded};
    let (train, test) = mnist(3000, 500);
    let spec = CnnSpec::default();
    let mut trainer = Trainer::new(&Simd, &spec, TrainingConfig::default()).unwrap();
    while !trainer.step(&train) {}
    let trained = pollster::block_on(trainer.model.parameters());
    let mut compressor = Compressor::new(&Simd, &spec, trained).unwrap();
    compressor.prune(Some(Pruning::Unstructured { fraction: 0.5, global: false })).unwrap();
    let pruned = pollster::block_on(compressor.trainer.model.parameters());
    let bits = 2;
    pollster::block_on(compressor.share(bits)).unwrap();
    let at_sharing = pollster::block_on(compressor.trainer.model.parameters());
    let before = pollster::block_on(compressor.trainer.evaluate(&test, test.len())).accuracy;
    let mut done = 0.0;
    while done < 1.0 {
        done = pollster::block_on(compressor.tune_centroids(&train, 9, 1.0)).unwrap();
    }
    let tuned = pollster::block_on(compressor.trainer.model.parameters());
    let after = pollster::block_on(compressor.trainer.evaluate(&test, test.len())).accuracy;
    let shapes = spec.parameter_shapes().unwrap();
    for (((name, _), tuned), (pruned, at_sharing)) in shapes.iter().zip(&tuned).zip(pruned.iter().zip(&at_sharing)) {
        if !is_weight(name) {
            continue;
        }
        let mut distinct = tuned.clone();
        distinct.sort_by(f32::total_cmp);
        distinct.dedup();
        assert!(distinct.len() <= 1 << bits, "{name}: {} values", distinct.len());
        assert!(pruned.iter().zip(tuned).all(|(p, t)| *p != 0.0 || *t == 0.0), "{name}: a pruned weight moved");
        assert_ne!(tuned, at_sharing, "{name}: no shared value moved");
    }
    let encoding = Encoding { values: ValueCoding::Shared { bits }, ranks: Vec::new(), huffman: true };
    let Encoded { file, .. } = pollster::block_on(compressor.encode(&encoding, &test, test.len())).unwrap();
    assert_eq!(read(&file).unwrap().1, tuned, "the file holds the fine-tuned values exactly");
    assert!(after > before + 0.05, "fine-tuning 4 shared values per layer: {before} → {after}");
}

#[test]
fn boxes_match_by_class_and_overlap_once_each() {
    use playground::labs::compress::matched_boxes;
    use playground::models::detector::Found;
    let found = |class: &str, box_xywh| Found { class: class.into(), score: 0.9, box_xywh };
    let reference = [found("dog", [0.0, 0.0, 10.0, 10.0]), found("cat", [20.0, 0.0, 10.0, 10.0])];
    // Shifted by 2: overlap 8 × 10 = 80 of 100 + 100 − 80 = 120, IoU 2/3.
    assert_eq!(matched_boxes(&reference, &[found("dog", [2.0, 0.0, 10.0, 10.0])], 0.5), 1);
    // Shifted by 4: 60 / 140 = 0.43, under 0.5.
    assert_eq!(matched_boxes(&reference, &[found("dog", [4.0, 0.0, 10.0, 10.0])], 0.5), 0);
    // The right place but another class.
    assert_eq!(matched_boxes(&reference, &[found("cat", [0.0, 0.0, 10.0, 10.0])], 0.5), 0);
    // Two boxes on one reference box: it counts once; both references found.
    let two = [
        found("dog", [0.0, 0.0, 10.0, 10.0]),
        found("dog", [1.0, 0.0, 10.0, 10.0]),
        found("cat", [20.0, 1.0, 10.0, 10.0]),
    ];
    assert_eq!(matched_boxes(&reference, &two, 0.5), 2);
}

#[test]
fn a_served_network_compressed_keeps_its_answers_and_counts_its_bytes() {
    use playground::engine::simd::Simd;
    use playground::labs::compress::{compress_served, matched_boxes};
    use playground::models::classifier::Classifier;
    use playground::models::detector::Detector;
    use playground::models::served;
    let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models");
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/public/samples");
    let classifier = served::CLASSIFIERS[0]
        .load_classifier(|name| {
            std::fs::read(models.join(served::CLASSIFIERS[0].folder).join(name)).map_err(|e| e.to_string())
        })
        .unwrap();
    let network = &classifier.network;
    let parameters: usize =
        (0..network.convolution_count()).map(|i| network.convolution(i).0.len() + network.convolution(i).1.len()).sum();
    // float32 stored as float32: the same network, 4 bytes a parameter.
    let same = compress_served(network, None, &Encoding::default()).unwrap();
    assert_eq!((same.bytes, same.float32_bytes), (4 * parameters, 4 * parameters));
    let int8 = Encoding { values: ValueCoding::Int8 { per_channel: true }, ranks: Vec::new(), huffman: false };
    let small = compress_served(network, None, &int8).unwrap();
    // A byte a weight, four per bias, and four per channel for the scales.
    let biases: usize = (0..network.convolution_count()).map(|i| network.convolution(i).1.len()).sum();
    assert_eq!(small.bytes, (parameters - biases) + 4 * biases + 4 * biases);
    let top1 = |model| {
        let mut c = Classifier::new(&Simd, model, 0).unwrap();
        ["chelsea.png", "dog.jpg", "astronaut.png"].map(|name| {
            let image = image::open(samples.join(name)).unwrap().to_rgb8();
            let p = pollster::block_on(c.classify(image.as_raw(), image.width() as usize, image.height() as usize))
                .unwrap();
            playground::heads::argmax(&p.probabilities)
        })
    };
    assert_eq!(top1(&small.model), top1(network), "int8 per channel answers as float32 on the samples");
    // Yolo-Fastest on the dog photo: int8 finds nearly every box float32 finds (6 of 7 here: a bicycle at a
    // score of 0.32 falls under the threshold).
    let detector =
        served::detector("yolo-fastest-1.1").unwrap().load_from_dir(&models.join("yolo-fastest-1.1")).unwrap();
    let compressed = compress_served(&detector.network, None, &int8).unwrap();
    let image = image::open(samples.join("dog.jpg")).unwrap().to_rgba8();
    let boxes = |network| {
        let model = playground::models::detector::DetectorModel { network, ..detector.clone() };
        let mut d = Detector::new(&Simd, &model, 320).unwrap();
        pollster::block_on(d.detect(image.as_raw(), image.width() as usize, image.height() as usize, model.defaults))
            .unwrap()
            .found
    };
    let (reference, found) = (boxes(detector.network.clone()), boxes(compressed.model));
    assert!(reference.len() >= 2, "{reference:?}");
    let matched = matched_boxes(&reference, &found, 0.5);
    assert!(matched as f32 >= 0.8 * reference.len() as f32, "{matched}: {reference:?} against {found:?}");
    assert!(compressed.bytes * 3 < compressed.float32_bytes);
}
