//! The deck's claim about autoencoders measured: with N labelled digits per class, does a linear SVM on an
//! autoencoder's codes (the autoencoder trained on every image, without labels) beat a linear SVM on the
//! raw pixels, and the CNN lab's network trained from scratch on the same N per class? One point of the
//! chart per N, each of the three scored on the same test images.

use crate::data::image_set::ImageSet;
use crate::engine::Backend;
use crate::heads::{first_of_each_label, Examples, Head, HeadSpec};
use crate::labs::autoencoder::AutoencoderTrainer;
use crate::labs::cnn::{Trainer, TrainingConfig};
use crate::models::cnn::CnnSpec;
use serde::Serialize;

/// The SVMs' C, as the transfer lab's heads take it.
const SVM: HeadSpec = HeadSpec::Svm { c: 1.0 };
/// Optimiser steps the CNN trains from scratch: enough for every N to fit its labelled digits.
pub const CNN_STEPS: usize = 150;
const CLASSES: usize = 10;
/// Images per batch when reading codes.
const CODE_BATCH: usize = 250;

/// Test accuracy of the three with `per_class` labelled digits per class (`labelled` in all).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FewLabelsPoint {
    pub per_class: usize,
    pub labelled: usize,
    pub svm_on_codes: f32,
    pub svm_on_pixels: f32,
    pub cnn: f32,
}

/// Each of `images` as the autoencoder codes it, and as its pixels, labelled.
async fn examples<B: Backend>(autoencoder: &mut AutoencoderTrainer<'_, B>, images: &ImageSet) -> (Examples, Examples) {
    let code = autoencoder.model.spec().code;
    let pixels_per_image = images.side * images.side;
    let (mut codes, mut pixels) = (Examples::new(code), Examples::new(pixels_per_image));
    for from in (0..images.len()).step_by(CODE_BATCH) {
        let batch: Vec<usize> = (from..(from + CODE_BATCH).min(images.len())).collect();
        let values: Vec<f32> = batch.iter().flat_map(|&i| images.image_f32(i)).collect();
        let batch_codes = autoencoder.model.encode(&values).await;
        for (j, &i) in batch.iter().enumerate() {
            let label = usize::from(images.labels[i]);
            codes.push(&batch_codes[j * code..(j + 1) * code], label);
            pixels.push(&values[j * pixels_per_image..(j + 1) * pixels_per_image], label);
        }
    }
    (codes, pixels)
}

/// The point for `per_class` labelled digits per class: the first of each class in `train`; the
/// autoencoder as trained (on all of `train`, unlabelled), scored on the first `test_limit` test digits.
pub async fn few_labels_point<B: Backend>(
    backend: &B,
    autoencoder: &mut AutoencoderTrainer<'_, B>,
    train: &ImageSet,
    test: &ImageSet,
    per_class: usize,
    test_limit: usize,
) -> Result<FewLabelsPoint, String> {
    let labels: Vec<usize> = train.labels.iter().map(|&l| usize::from(l)).collect();
    let labelled = train.select(&first_of_each_label(&labels, per_class));
    let test = test.select(&(0..test_limit.min(test.len())).collect::<Vec<_>>());
    let (train_codes, train_pixels) = examples(autoencoder, &labelled).await;
    let (test_codes, test_pixels) = examples(autoencoder, &test).await;
    let svm_on_codes = Head::train(SVM, &train_codes, CLASSES)?.evaluate(&test_codes, CLASSES).accuracy;
    let svm_on_pixels = Head::train(SVM, &train_pixels, CLASSES)?.evaluate(&test_pixels, CLASSES).accuracy;

    let config =
        TrainingConfig { batch: labelled.len().min(TrainingConfig::default().batch), ..TrainingConfig::default() };
    let mut cnn = Trainer::new(backend, &CnnSpec::default(), config).map_err(|e| e.to_string())?;
    for _ in 0..CNN_STEPS {
        cnn.step(&labelled);
    }
    let cnn = cnn.evaluate(&test, test.len()).await.accuracy;
    Ok(FewLabelsPoint { per_class, labelled: labelled.len(), svm_on_codes, svm_on_pixels, cnn })
}
