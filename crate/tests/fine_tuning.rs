//! Fine-tuning the transfer lab's ImageNet classifier on two new classes (chelsea.png against astronaut.png,
//! each in mirrored and cropped views): what `Freeze` freezes stays bit-identical through training, what it
//! does not changes, and the fine-tuned network learns the two classes.

use image::imageops::{self, FilterType};
use playground::augment::counted_views;
use playground::engine::simd::Simd;
use playground::labs::transfer::{FineTuneTraining, FineTuning, LabelledImages};
use playground::models::classifier::ClassifierModel;
use playground::models::cnn::CnnSpec;
use playground::models::fine_tune::{FineTuneSpec, FineTuned, Freeze};
use playground::models::safetensors;
use playground::models::served;
use std::collections::HashMap;
use std::path::Path;

fn model() -> ClassifierModel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static-models").join(served::CLASSIFIERS[0].folder);
    served::CLASSIFIERS[0].load_classifier(|name| std::fs::read(dir.join(name)).map_err(|e| e.to_string())).unwrap()
}

/// Ten views of each sample (the five crops, each mirrored), at 224 × 224: class 0 the cat, class 1 the astronaut.
fn two_classes() -> LabelledImages {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/public/samples");
    let mut images = LabelledImages::new(224);
    for (label, name) in ["chelsea.png", "astronaut.png"].iter().enumerate() {
        let photo = image::open(samples.join(name)).unwrap().to_rgb8();
        for view in counted_views(&photo, true, true, 0.8) {
            let sized = imageops::resize(&view, 224, 224, FilterType::Triangle);
            images.push(sized.as_raw(), label).unwrap();
        }
    }
    images
}

fn spec(freeze: Freeze) -> FineTuneSpec {
    let cut = model().default_cut();
    FineTuneSpec { cut, classes: 2, hidden: None, freeze, pretrained_rate: 0.1, seed: 1 }
}

const TRAINING: FineTuneTraining = FineTuneTraining { learning_rate: 0.01, batch: 4, augment: true, seed: 2 };

/// Trains `epochs` epochs; which parameters changed, by name, the mean loss of each epoch and the accuracy.
fn changed_after_training(freeze: Freeze, epochs: usize) -> (HashMap<String, bool>, Vec<f32>, f32) {
    let model = model();
    let images = two_classes();
    let mut run = FineTuning::new(&Simd, &model.network, spec(freeze), TRAINING).unwrap();
    let before: HashMap<String, Vec<f32>> = pollster::block_on(run.net.parameters()).into_iter().collect();
    let losses: Vec<f32> = (0..epochs).map(|_| pollster::block_on(run.epoch(&images))).collect();
    let after = pollster::block_on(run.net.parameters());
    let changed = after.into_iter().map(|(name, values)| (name.clone(), values != before[&name])).collect();
    let accuracy = pollster::block_on(run.evaluate(&images)).accuracy;
    (changed, losses, accuracy)
}

#[test]
fn frozen_layers_stay_bit_identical_and_the_rest_learns_the_new_classes() {
    let (changed, losses, accuracy) = changed_after_training(Freeze::Pretrained, 2);
    let pretrained = |name: &str| name.starts_with("layer");
    assert!(changed.iter().filter(|(n, _)| pretrained(n)).all(|(_, &c)| !c), "a frozen layer moved: {changed:?}");
    assert!(changed.iter().filter(|(n, _)| !pretrained(n)).all(|(_, &c)| c), "the new classifier did not train");
    assert!(losses[1] < losses[0], "the loss did not fall: {losses:?}");
    assert_eq!(accuracy, 1.0, "losses {losses:?}");

    // All but the top pretrained convolution: that one trains too, at a tenth of the rate.
    let (changed, _, _) = changed_after_training(Freeze::AllButTop, 1);
    let mut moved: Vec<&String> = changed.iter().filter(|(n, &c)| pretrained(n) && c).map(|(n, _)| n).collect();
    moved.sort();
    let top = spec(Freeze::AllButTop).cut;
    assert_eq!(moved, [&format!("layer{top}.bias"), &format!("layer{top}.weight")]);

    let (changed, _, _) = changed_after_training(Freeze::Nothing, 1);
    assert!(changed.values().all(|&c| c), "with nothing frozen every parameter trains: {changed:?}");
}

#[test]
fn an_exported_network_imports_with_its_classes_and_a_foreign_file_is_refused() {
    let model = model();
    let spec = FineTuneSpec { hidden: Some(8), seed: 9, ..spec(Freeze::AllButTop) };
    let net = FineTuned::new(&Simd, &model.network, spec).unwrap();
    let classes = vec!["thumb up".to_string(), "thumb down".to_string()];
    let bytes = pollster::block_on(net.export(&classes));
    let (imported, names) = FineTuned::import(&Simd, &model.network, &bytes).unwrap();
    assert_eq!(names, classes);
    assert_eq!(imported.spec(), spec);
    assert_eq!(pollster::block_on(imported.parameters()), pollster::block_on(net.parameters()));
    let cnn = safetensors::write(&CnnSpec::default(), &[]).unwrap();
    let refused = FineTuned::import(&Simd, &model.network, &cnn).err().unwrap();
    assert_eq!(refused.to_string(), "the file's format is playground-cnn, not playground-fine-tuned");
    assert!(FineTuned::import(&Simd, &model.network, &bytes[..bytes.len() - 1]).is_err());
}
