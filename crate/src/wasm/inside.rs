//! Bindings of the inside lab (`crate::labs::inside`): a subject made from the attendee's CNN (its
//! safetensors bytes, with the dataset's test images), from a served classifier's files, the transfer lab's
//! fine-tuned network or a detector's backbone, laid out on a backend; the lab's image set (a CNN's test
//! images, or the samples and pictures the page adds); attributions (on a randomised copy too, for the
//! sanity check), attacks, robustness on the image set and whether its attacks transfer to a second
//! network, and images dreamed up step by step so the worker can report and stop between steps.

use super::cnn::cnn_with_test_set;
use super::detect::bytes_of;
use super::engine::{gpu, kind};
use super::{failed, from_js, problem, to_js};
use crate::engine::ops::{Image, Resize, ResizeMode};
use crate::engine::scalar::Scalar;
use crate::engine::simd::Simd;
use crate::engine::webgpu::WebGpu;
use crate::engine::{Backend, HostBuffer, PerBackend};
use crate::labs::inside::attack::Attack;
use crate::labs::inside::dream::{Dream, DreamSettings, Objective};
use crate::labs::inside::explain::Attribution;
use crate::labs::inside::{InputScale, Subject, Target};
use crate::models::fine_tune::FineTuned;
use crate::models::safetensors;
use crate::models::served::{detector, CLASSIFIERS};
use crate::on_backend;
use crate::rng::Rng;
use crate::wire::{Attacked, Dreamed, Filters, InsideInfo, LabProblem, Transferred};
use js_sys::Object;
use wasm_bindgen::prelude::*;

type AnySubject = PerBackend<Subject<'static, Scalar>, Subject<'static, Simd>, Subject<'static, WebGpu>>;

/// The lab's image set, one image after another, and each image's label: a test set's, or the network's own
/// answer for a picture the page adds.
#[derive(Default)]
struct LabImages {
    values: Vec<f32>,
    labels: Vec<usize>,
    labelled: bool,
}

impl LabImages {
    /// The first `count` images (all of them where there are fewer), and their labels.
    fn first(&self, count: usize) -> Result<(&[f32], &[usize]), JsError> {
        self.range(0, count)
    }

    /// `count` images from image `start` on (fewer where the set ends first), and their labels.
    fn range(&self, start: usize, count: usize) -> Result<(&[f32], &[usize]), JsError> {
        let end = start.saturating_add(count).min(self.labels.len());
        if start >= end {
            return Err(failed(format!("no images from {start} on: the lab holds {}", self.labels.len())));
        }
        let len = self.values.len() / self.labels.len();
        Ok((&self.values[start * len..end * len], &self.labels[start..end]))
    }
}

#[wasm_bindgen]
pub struct InsideLab {
    subject: AnySubject,
    class_names: Vec<String>,
    /// The sanity check's copy: how many layers from the top are randomised, and the copy.
    randomised: Option<(usize, AnySubject)>,
    /// The network an attack's inputs are scored on too: another one, or this one on another backend.
    second: Option<AnySubject>,
    images: LabImages,
    dream: Option<Dream>,
    rng: Rng,
}

#[wasm_bindgen]
impl InsideLab {
    /// The CNN in `bytes` (the CNN lab's export), with its dataset's test images (`test_chunk`: a served
    /// chunk, labels idx then images idx).
    #[wasm_bindgen(js_name = fromCnn)]
    pub async fn from_cnn(
        backend: String,
        bytes: Vec<u8>,
        test_chunk: Vec<u8>,
        class_names: Vec<String>,
    ) -> Result<InsideLab, JsValue> {
        let (spec, values, test) = cnn_with_test_set(&bytes, &test_chunk)?;
        let subject =
            on_backend!(make kind(&backend)?, gpu().await?, |b| Subject::cnn(b, &spec, &values).map_err(failed)?);
        let mut lab = Self::new(subject, class_names);
        lab.images = LabImages {
            values: test.pixels.iter().map(|&p| f32::from(p) / 255.0).collect(),
            labels: test.labels.iter().map(|&l| l as usize).collect(),
            labelled: true,
        };
        Ok(lab)
    }

    /// Served classifier `id` from `files` (file name → Uint8Array, as fetched from its folder).
    #[wasm_bindgen(js_name = fromServedClassifier)]
    pub async fn from_served_classifier(backend: String, id: &str, files: Object) -> Result<InsideLab, JsValue> {
        let served = CLASSIFIERS.iter().find(|m| m.id == id).ok_or_else(|| failed(format!("no classifier {id}")))?;
        let model = served
            .load_classifier(|name| bytes_of(&files, name))
            .map_err(|detail| problem(LabProblem::ServedModelDamaged { model: id.into(), detail }))?;
        let network = &model.network;
        let layers = network.cfg.layers.len();
        let subject =
            on_backend!(make kind(&backend)?, gpu().await?, |b| Subject::darknet(b, network, layers).map_err(failed)?);
        Ok(Self::new(subject, model.labels.clone()))
    }

    /// The transfer lab's fine-tuned network in `bytes` (its export), on served classifier `id`'s pretrained
    /// layers (from `files`).
    #[wasm_bindgen(js_name = fromFineTuned)]
    pub async fn from_fine_tuned(
        backend: String,
        id: &str,
        files: Object,
        bytes: Vec<u8>,
    ) -> Result<InsideLab, JsValue> {
        let served = CLASSIFIERS.iter().find(|m| m.id == id).ok_or_else(|| failed(format!("no classifier {id}")))?;
        let model = served
            .load_classifier(|name| bytes_of(&files, name))
            .map_err(|detail| problem(LabProblem::ServedModelDamaged { model: id.into(), detail }))?;
        let network = &model.network;
        let class_names;
        let subject = on_backend!(make kind(&backend)?, gpu().await?, |b| {
            let (net, names) = FineTuned::import(b, network, &bytes).map_err(problem)?;
            class_names = names;
            Subject::fine_tuned(b, &net).await
        });
        Ok(Self::new(subject, class_names))
    }

    /// Served detector `id`'s backbone from `files`: its layers below the first detection head. It has no
    /// classes of its own (no class names): its units are what the lab looks at.
    #[wasm_bindgen(js_name = fromServedDetector)]
    pub async fn from_served_detector(backend: String, id: &str, files: Object) -> Result<InsideLab, JsValue> {
        let served = detector(id).map_err(failed)?;
        let model = served
            .load(|name| bytes_of(&files, name))
            .map_err(|detail| problem(LabProblem::ServedModelDamaged { model: id.into(), detail }))?;
        let network = &model.network;
        let upto = network.heads().first().map_or(network.cfg.layers.len(), |(index, _)| *index);
        let scale = InputScale::of(&model.reading.input);
        let subject = on_backend!(make kind(&backend)?, gpu().await?, |b| {
            Subject::darknet(b, network, upto).map_err(failed)?.with_input_scale(scale)
        });
        Ok(Self::new(subject, Vec::new()))
    }

    fn new(subject: AnySubject, class_names: Vec<String>) -> Self {
        Self {
            subject,
            class_names,
            randomised: None,
            second: None,
            images: LabImages::default(),
            dream: None,
            rng: Rng::new(1),
        }
    }

    /// Adds `image` (an input, as `inputFromRgba` makes it) to the image set, labelled with the network's
    /// own answer; returns how many images the set holds.
    #[wasm_bindgen(js_name = addImage)]
    pub async fn add_image(&mut self, image: Vec<f32>) -> Result<usize, JsError> {
        let answer = on_backend!(use &mut self.subject, |s| s.predict(&image).await).map_err(failed)?;
        self.images.values.extend(image);
        self.images.labels.extend(answer);
        Ok(self.images.labels.len())
    }

    pub fn info(&self) -> Result<JsValue, JsError> {
        let info = on_backend!(use &self.subject, |s| {
            let shape = s.input_shape();
            InsideInfo {
                layers: s.layers(),
                classes: s.classes(),
                class_names: self.class_names.clone(),
                height: shape.height,
                width: shape.width,
                channels: shape.channels,
                weighted_layers: s.weighted_layers(),
                images: self.images.labels.len(),
                labelled: self.images.labelled,
            }
        });
        to_js(&info)
    }

    /// An RGBA image (`width` × `height`) as the network's input: squeezed to its square, values in [0, 1].
    #[wasm_bindgen(js_name = inputFromRgba)]
    pub fn input_from_rgba(&self, rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>, JsError> {
        if width == 0 || height == 0 || rgba.len() != width * height * 4 {
            return Err(failed(format!("{} bytes are not a {width} × {height} RGBA image", rgba.len())));
        }
        let shape = on_backend!(use &self.subject, |s| s.input_shape());
        let frame: HostBuffer = rgba
            .chunks_exact(4)
            .flat_map(|p| match shape.channels {
                1 => vec![(f32::from(p[0]) + f32::from(p[1]) + f32::from(p[2])) / (3.0 * 255.0)],
                _ => vec![f32::from(p[0]) / 255.0, f32::from(p[1]) / 255.0, f32::from(p[2]) / 255.0],
            })
            .collect();
        let resize = Resize {
            input: Image { batch: 1, height, width, channels: shape.channels },
            out_height: shape.height,
            out_width: shape.width,
            mode: ResizeMode::AlignCorners,
        };
        let mut input = Scalar.zeros(shape.len());
        Scalar.resize_bilinear(&frame, &mut input, &resize);
        Ok(input.into())
    }

    /// Image `index` of the set as the network's input.
    pub fn image(&self, index: usize) -> Result<Vec<f32>, JsError> {
        Ok(self.images.range(index, 1)?.0.to_vec())
    }

    /// How many images the set holds.
    #[wasm_bindgen(js_name = imageCount)]
    pub fn image_count(&self) -> usize {
        self.images.labels.len()
    }

    pub fn label(&self, index: usize) -> Option<usize> {
        self.images.labels.get(index).copied()
    }

    pub async fn probabilities(&mut self, image: Vec<f32>) -> Result<Vec<f32>, JsError> {
        on_backend!(use &mut self.subject, |s| s.probabilities(&image).await).map_err(failed)
    }

    /// Node `node`'s values for one image.
    #[wasm_bindgen(js_name = layerValues)]
    pub async fn layer_values(&mut self, image: Vec<f32>, node: usize) -> Result<Vec<f32>, JsError> {
        on_backend!(use &mut self.subject, |s| s.layer_values(&image, node).await).map_err(failed)
    }

    /// Each layer's largest value per channel over the set's first `count` images (a dead map's is ≤ 0).
    #[wasm_bindgen(js_name = channelPeaks)]
    pub async fn channel_peaks(&mut self, count: usize) -> Result<JsValue, JsError> {
        let (images, _) = self.images.first(count)?;
        to_js(&on_backend!(use &mut self.subject, |s| s.channel_peaks(images).await).map_err(failed)?)
    }

    /// Node `node`'s weights (`Filters`), or null for a node without.
    pub async fn filters(&self, node: usize) -> Result<JsValue, JsError> {
        let weights = on_backend!(use &self.subject, |s| s.weights(node).await).map_err(failed)?;
        to_js(&weights.map(|(shape, values)| Filters { shape, values }))
    }

    /// The `count` images (of the set's first `limit`) that excite channel `channel` of node `node` most.
    #[wasm_bindgen(js_name = topImages)]
    pub async fn top_images(
        &mut self,
        node: usize,
        channel: usize,
        count: usize,
        limit: usize,
    ) -> Result<JsValue, JsError> {
        let (images, _) = self.images.first(limit)?;
        to_js(
            &on_backend!(use &mut self.subject, |s| s.top_images(images, node, channel, count).await)
                .map_err(failed)?,
        )
    }

    /// The input rectangle [top, left, bottom, right) that position (y, x) of node `node` sees.
    #[wasm_bindgen(js_name = receptiveField)]
    pub fn receptive_field(&self, node: usize, y: usize, x: usize) -> Result<Vec<usize>, JsError> {
        let (top, left, bottom, right) =
            on_backend!(use &self.subject, |s| s.receptive_field(node, y, x)).map_err(failed)?;
        Ok(vec![top, left, bottom, right])
    }

    /// What `target` (`Target`) depends on in `image` by `method` (`Attribution`), on the network or, with
    /// `randomised` > 0, on a copy whose top `randomised` weighted layers are random.
    pub async fn explain(
        &mut self,
        image: Vec<f32>,
        target: JsValue,
        method: JsValue,
        randomised: usize,
    ) -> Result<JsValue, JsError> {
        let (target, method): (Target, Attribution) = (from_js(target)?, from_js(method)?);
        let subject = match randomised {
            0 => &mut self.subject,
            layers => {
                if self.randomised.as_ref().is_none_or(|(k, _)| *k != layers) {
                    let copy = match &self.subject {
                        PerBackend::Scalar(s) => PerBackend::Scalar(s.randomised(layers, 7).await),
                        PerBackend::Simd(s) => PerBackend::Simd(s.randomised(layers, 7).await),
                        PerBackend::WebGpu(s) => PerBackend::WebGpu(s.randomised(layers, 7).await),
                    };
                    self.randomised = Some((layers, copy));
                }
                &mut self.randomised.as_mut().unwrap().1
            }
        };
        to_js(&on_backend!(use subject, |s| s.explain(&image, target, method).await).map_err(failed)?)
    }

    /// `image` attacked by `attack` (`Attack`), away from `label` or towards `target`.
    pub async fn attack(
        &mut self,
        image: Vec<f32>,
        label: usize,
        target: Option<usize>,
        attack: JsValue,
    ) -> Result<JsValue, JsError> {
        let attack: Attack = from_js(attack)?;
        let (rng, targets) = (&mut self.rng, target.map(|t| [t]));
        let attacked = on_backend!(use &mut self.subject, |s| {
            let adversarial = s.attack(&image, &[label], targets.as_ref().map(|t| &t[..]), attack, rng).await;
            match adversarial {
                Ok(adversarial) => s.probabilities(&adversarial).await.map(|p| Attacked { adversarial, probabilities: p }),
                Err(e) => Err(e),
            }
        });
        to_js(&attacked.map_err(failed)?)
    }

    /// The smallest ε of `grid` (ascending) at which `attack` changes the answer, or none.
    #[wasm_bindgen(js_name = smallestEpsilon)]
    pub async fn smallest_epsilon(
        &mut self,
        image: Vec<f32>,
        label: usize,
        target: Option<usize>,
        attack: JsValue,
        grid: Vec<f32>,
    ) -> Result<Option<f32>, JsError> {
        let attack: Attack = from_js(attack)?;
        let rng = &mut self.rng;
        on_backend!(use &mut self.subject, |s| s.smallest_epsilon(&image, label, target, attack, &grid, rng).await)
            .map_err(failed)
    }

    /// The accuracy on the set's first `count` images after `attack` (`Attack`): one point of the
    /// robustness curve.
    #[wasm_bindgen(js_name = robustness)]
    pub async fn robustness(&mut self, attack: JsValue, count: usize) -> Result<f32, JsError> {
        let attack: Attack = from_js(attack)?;
        let (images, labels) = self.images.first(count)?;
        let rng = &mut self.rng;
        on_backend!(use &mut self.subject, |s| match s.attack(images, labels, None, attack, rng).await {
            Ok(adversarial) => s.accuracy(&adversarial, labels).await,
            Err(e) => Err(e),
        })
        .map_err(failed)
    }

    /// The second network: the CNN in `bytes` (another seed or architecture of the CNN lab's, on the same
    /// dataset) on `backend`.
    #[wasm_bindgen(js_name = secondFromCnn)]
    pub async fn second_from_cnn(&mut self, backend: String, bytes: Vec<u8>) -> Result<(), JsValue> {
        let (spec, values) = safetensors::read(&bytes).map_err(problem)?;
        let second =
            on_backend!(make kind(&backend)?, gpu().await?, |b| Subject::cnn(b, &spec, &values).map_err(failed)?);
        let shape = |s: &AnySubject| on_backend!(use s, |s| (s.input_shape(), s.classes()));
        if shape(&second) != shape(&self.subject) {
            return Err(failed("the second network takes other images or has other classes than the first").into());
        }
        self.second = Some(second);
        Ok(())
    }

    /// The second network: this one, with the same weights, on `backend`.
    #[wasm_bindgen(js_name = secondOnBackend)]
    pub async fn second_on_backend(&mut self, backend: String) -> Result<(), JsValue> {
        let subject = &self.subject;
        let second = on_backend!(make kind(&backend)?, gpu().await?, |b| on_backend!(use subject, |s| s.on(b).await));
        self.second = Some(second);
        Ok(())
    }

    /// `attack` (`Attack`) made on this network for `count` of the set's images from image `start` on, scored
    /// on it and on the second network (`Transferred`).
    pub async fn transfer(&mut self, attack: JsValue, start: usize, count: usize) -> Result<JsValue, JsError> {
        let attack: Attack = from_js(attack)?;
        let second = self.second.as_mut().ok_or_else(|| failed("no second network chosen"))?;
        let (images, labels) = self.images.range(start, count)?;
        let rng = &mut self.rng;
        let adversarial = on_backend!(use &mut self.subject, |s| s.attack(images, labels, None, attack, rng).await)
            .map_err(failed)?;
        let mut accuracies = Vec::with_capacity(4);
        for subject in [&mut self.subject, second] {
            for inputs in [images, &adversarial] {
                accuracies.push(on_backend!(use &mut *subject, |s| s.accuracy(inputs, labels).await).map_err(failed)?);
            }
        }
        let [clean, adversarial, second_clean, second_adversarial]: [f32; 4] =
            accuracies.try_into().expect("two networks, two sets of inputs");
        to_js(&Transferred { images: labels.len(), clean, adversarial, second_clean, second_adversarial })
    }

    /// Starts an image from noise towards `objective` (`Objective`) with `settings` (`DreamSettings`).
    #[wasm_bindgen(js_name = dreamStart)]
    pub fn dream_start(&mut self, objective: JsValue, settings: JsValue, seed: u64) -> Result<(), JsError> {
        let (objective, settings): (Objective, DreamSettings) = (from_js(objective)?, from_js(settings)?);
        let shape = on_backend!(use &self.subject, |s| s.input_shape());
        self.dream = Some(Dream::new(shape, objective, settings, seed));
        Ok(())
    }

    /// `steps` more steps of the dream started last; where it is now.
    #[wasm_bindgen(js_name = dreamSteps)]
    pub async fn dream_steps(&mut self, steps: usize) -> Result<JsValue, JsError> {
        let dream = self.dream.as_mut().ok_or_else(|| failed("no image started"))?;
        let mut score = f32::NAN;
        for _ in 0..steps.max(1) {
            score = on_backend!(use &mut self.subject, |s| dream.step(s).await).map_err(failed)?;
        }
        let probabilities =
            on_backend!(use &mut self.subject, |s| s.probabilities(&dream.image).await).map_err(failed)?;
        to_js(&Dreamed { image: dream.image.clone(), score, steps: dream.steps, probabilities })
    }
}
