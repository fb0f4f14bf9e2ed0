//! Object detection end to end: an RGBA image in, boxes in its pixels out. A `DetectorModel` is a network
//! plus how it wants its input and how its heads read; a `Detector` lays one out on a backend for one input
//! size and reuses its buffers frame after frame, so a webcam loop allocates nothing that grows.

use super::darknet::cfg::{self, HeadKind};
use super::darknet::{Darknet, DarknetError, DarknetModel};
use super::tiny_face;
use super::yolo::{cell_objectness, decode, non_max_suppression, HeadLayout, HeadStyle};
use crate::clock::now_ms;
use crate::engine::ops::{Image, Resize, ResizeMode};
use crate::engine::scalar::Scalar;
use crate::engine::{Backend, HostBuffer};
use serde::{Deserialize, Serialize};

/// How a detector wants its input: value = (pixel − mean) / divisor per RGB channel, pixels in 0..=255.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputConvention {
    /// Pad with zeros at the bottom or right to a square first, keeping the aspect ratio (boxes then scale
    /// by the longer side); otherwise the image is stretched to the input square.
    pub pad_to_square: bool,
    pub resize: ResizeMode,
    pub mean: [f32; 3],
    pub divisor: f32,
}

/// An output layer and how to read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    pub layer: usize,
    /// In input pixels for `HeadStyle::V3`, in grid cells for `HeadStyle::V2`.
    pub anchors: Vec<(f32, f32)>,
    pub classes: usize,
    /// V3's input size is filled in for each input size; any value here is replaced.
    pub style: HeadStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    /// Boxes scoring at most this are dropped.
    pub confidence: f32,
    /// A box overlapping a better one by more than this IoU is dropped.
    pub nms_iou: f32,
}

#[derive(Clone)]
pub struct DetectorModel {
    pub network: DarknetModel,
    pub reading: Reading,
    /// The input side the model was trained at.
    pub default_size: usize,
    pub defaults: Thresholds,
}

/// How a detector's input is made and its output read: what a `Detector` keeps of its model.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub class_names: Vec<String>,
    pub input: InputConvention,
    pub heads: Vec<Head>,
}

impl DetectorModel {
    /// A darknet YOLO detector (`[yolo]` or `[region]` heads), read as Yolo-Fastest and OpenCV read them:
    /// RGB / 255, the image stretched to the input square, half-pixel bilinear; confidence 0.25 and NMS
    /// 0.45 per class.
    pub fn darknet(cfg_text: &str, weights: &[u8], names: &str) -> Result<Self, DarknetError> {
        let network = DarknetModel::load(cfg::parse(cfg_text)?, weights)?;
        let heads: Vec<Head> = network
            .heads()
            .into_iter()
            .map(|(index, head)| Head {
                layer: index - 1,
                anchors: head.anchors.clone(),
                classes: head.classes,
                style: match head.kind {
                    HeadKind::Yolo { scale_x_y } => HeadStyle::V3 { input_width: 0.0, input_height: 0.0, scale_x_y },
                    HeadKind::Region => HeadStyle::V2,
                },
            })
            .collect();
        if heads.is_empty() {
            return Err(DarknetError::NoHeads);
        }
        let class_names: Vec<String> =
            names.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        if let Some(head) = heads.iter().find(|h| h.classes > class_names.len()) {
            return Err(DarknetError::TooFewNames { classes: head.classes, names: class_names.len() });
        }
        Ok(Self {
            default_size: network.cfg.width,
            network,
            reading: Reading {
                class_names,
                input: InputConvention {
                    pad_to_square: false,
                    resize: ResizeMode::HalfPixel,
                    mean: [0.0; 3],
                    divisor: 255.0,
                },
                heads,
            },
            defaults: Thresholds { confidence: 0.25, nms_iou: 0.45 },
        })
    }

    /// face-api.js's TinyFaceDetector from its weights manifest: padded to a square, asymmetric bilinear
    /// resize, mean RGB subtracted and divided by 256; score 0.5, NMS 0.4.
    pub fn tiny_face(manifest: &str, shard: impl FnMut(&str) -> Result<Vec<u8>, String>) -> Result<Self, String> {
        let network = tiny_face::load(manifest, shard)?;
        let last = network.cfg.layers.len() - 1;
        Ok(Self {
            default_size: network.cfg.width,
            network,
            reading: Reading {
                class_names: vec!["face".into()],
                input: InputConvention {
                    pad_to_square: true,
                    resize: ResizeMode::Asymmetric,
                    mean: tiny_face::MEAN_RGB,
                    divisor: 256.0,
                },
                heads: vec![Head {
                    layer: last,
                    anchors: tiny_face::ANCHORS.to_vec(),
                    classes: 0,
                    style: HeadStyle::V2,
                }],
            },
            defaults: Thresholds { confidence: 0.5, nms_iou: 0.4 },
        })
    }
}

/// A detected object, its box in image pixels: [left, top, width, height].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "DetectedBox"))]
#[serde(rename_all = "camelCase")]
pub struct Found {
    pub class: String,
    pub score: f32,
    pub box_xywh: [f32; 4],
}

/// A head's grid of cells: each cell's highest objectness over its anchors, row by row.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "DetectionGrid"))]
pub struct Grid {
    pub rows: usize,
    pub cols: usize,
    pub anchors: usize,
    pub objectness: Vec<f32>,
}

/// Milliseconds per stage of one detection.
#[derive(Clone, Copy, Debug, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StageTimes {
    pub preprocess_ms: f64,
    pub network_ms: f64,
    pub decode_ms: f64,
}

/// One image's detections, how long each stage took, and the raw heads they came from.
pub struct Detections {
    pub found: Vec<Found>,
    pub times: StageTimes,
    pub heads: Vec<(Image, Vec<f32>)>,
}

pub struct Detector<'a, B: Backend> {
    reading: Reading,
    net: Darknet<'a, B>,
    size: usize,
    /// The frame as RGB floats (padded when the model pads) and the network's input, on the host.
    frame: HostBuffer,
    input: HostBuffer,
}

impl<'a, B: Backend> Detector<'a, B> {
    /// `model` laid out on `backend` for `size` × `size` inputs (a multiple of 32).
    pub fn new(backend: &'a B, model: &DetectorModel, size: usize) -> Result<Self, DarknetError> {
        if size == 0 || !size.is_multiple_of(32) {
            return Err(DarknetError::InputSize { size });
        }
        let heads: Vec<usize> = model.reading.heads.iter().map(|head| head.layer).collect();
        let net = Darknet::new(backend, &model.network, size, size, &heads)?;
        Ok(Self {
            reading: model.reading.clone(),
            net,
            size,
            frame: HostBuffer::default(),
            input: vec![0.0; size * size * 3].into(),
        })
    }

    /// Writes the network input for an RGBA image (`width` × `height`, rows top to bottom) into `self.input`;
    /// returns the side the relative boxes scale by (x, y).
    fn preprocess(&mut self, rgba: &[u8], width: usize, height: usize) -> Result<(f32, f32), String> {
        if width == 0 || height == 0 || rgba.len() != width * height * 4 {
            return Err(format!("{} bytes are not a {width} × {height} RGBA image", rgba.len()));
        }
        let convention = self.reading.input;
        let (frame_width, frame_height) =
            if convention.pad_to_square { (width.max(height), width.max(height)) } else { (width, height) };
        self.frame.clear();
        self.frame.resize(frame_width * frame_height * 3, 0.0);
        for (y, row) in rgba.chunks_exact(width * 4).enumerate() {
            let target = &mut self.frame[y * frame_width * 3..][..width * 3];
            for (pixel, rgb) in row.chunks_exact(4).zip(target.chunks_exact_mut(3)) {
                rgb.iter_mut().zip(pixel).for_each(|(v, &p)| *v = p as f32);
            }
        }
        let resize = Resize {
            input: Image { batch: 1, height: frame_height, width: frame_width, channels: 3 },
            out_height: self.size,
            out_width: self.size,
            mode: convention.resize,
        };
        Scalar.resize_bilinear(&self.frame, &mut self.input, &resize);
        for rgb in self.input.chunks_exact_mut(3) {
            for (v, mean) in rgb.iter_mut().zip(convention.mean) {
                *v = (*v - mean) / convention.divisor;
            }
        }
        Ok((frame_width as f32, frame_height as f32))
    }

    /// Detects objects in an RGBA image; boxes best first.
    pub async fn detect(
        &mut self,
        rgba: &[u8],
        width: usize,
        height: usize,
        thresholds: Thresholds,
    ) -> Result<Detections, String> {
        let started = now_ms();
        let (scale_x, scale_y) = self.preprocess(rgba, width, height)?;
        let preprocessed = now_ms();
        self.net.run(&self.input);
        let heads = self.raw_heads().await;
        let ran = now_ms();
        let found = self.decode(&heads, thresholds, scale_x, scale_y);
        let times = StageTimes {
            preprocess_ms: preprocessed - started,
            network_ms: ran - preprocessed,
            decode_ms: now_ms() - ran,
        };
        Ok(Detections { found, times, heads })
    }

    /// The bytes the network's activations take, with buffers shared and with one buffer per layer.
    pub fn activation_bytes(&self) -> (usize, usize) {
        self.net.activation_bytes()
    }

    /// Runs the network on a ready input tensor ([size, size, 3], already normalised).
    pub fn run_tensor(&mut self, input: &[f32]) -> Result<(), String> {
        if input.len() != self.input.len() {
            return Err(format!(
                "the input tensor holds {} values, a {0}×{0}×3 input needs {}",
                self.size,
                self.input.len()
            ));
        }
        self.net.run(input);
        Ok(())
    }

    /// Each head's shape and raw values (NHWC) from the last run.
    pub async fn raw_heads(&self) -> Vec<(Image, Vec<f32>)> {
        let mut heads = Vec::with_capacity(self.reading.heads.len());
        for head in &self.reading.heads {
            heads.push((self.net.shape(head.layer), self.net.output(head.layer).await));
        }
        heads
    }

    /// Each head's layout at this input size.
    fn layouts<'h>(&'h self, heads: &'h [(Image, Vec<f32>)]) -> impl Iterator<Item = (HeadLayout, &'h [f32])> + 'h {
        self.reading.heads.iter().zip(heads).map(|(head, (shape, values))| {
            let style = match head.style {
                HeadStyle::V3 { scale_x_y, .. } => {
                    HeadStyle::V3 { input_width: self.size as f32, input_height: self.size as f32, scale_x_y }
                }
                HeadStyle::V2 => HeadStyle::V2,
            };
            let layout = HeadLayout {
                rows: shape.height,
                cols: shape.width,
                anchors: head.anchors.clone(),
                classes: head.classes,
                style,
            };
            (layout, values.as_slice())
        })
    }

    /// Each head's grid and its cells' highest objectness, for drawing over the frame.
    pub fn grids(&self, heads: &[(Image, Vec<f32>)]) -> Vec<Grid> {
        self.layouts(heads)
            .map(|(layout, values)| Grid {
                rows: layout.rows,
                cols: layout.cols,
                anchors: layout.anchors.len(),
                objectness: cell_objectness(values, &layout),
            })
            .collect()
    }

    /// Boxes from raw heads, thresholded and suppressed, scaled to pixels.
    pub fn decode(
        &self,
        heads: &[(Image, Vec<f32>)],
        thresholds: Thresholds,
        scale_x: f32,
        scale_y: f32,
    ) -> Vec<Found> {
        let mut boxes = Vec::new();
        for (layout, values) in self.layouts(heads) {
            boxes.extend(decode(values, &layout, thresholds.confidence));
        }
        non_max_suppression(boxes, thresholds.nms_iou, true)
            .into_iter()
            .map(|d| Found {
                class: self.reading.class_names.get(d.class).cloned().unwrap_or_else(|| format!("class {}", d.class)),
                score: d.score,
                box_xywh: d.xywh(scale_x, scale_y),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 convolution whose weights are zero, so every cell outputs its biases, then a `[region]` head.
    fn region_model(biases: [f32; 14]) -> DetectorModel {
        let cfg = "[net]\nwidth=32\nheight=32\n[convolutional]\nfilters=14\n\
                   [region]\nanchors=1.5,2, 3,3\nclasses=2\nnum=2\n";
        let header: Vec<u8> = [0i32, 2, 0].iter().flat_map(|v| v.to_le_bytes()).chain(0i64.to_le_bytes()).collect();
        let values = biases.iter().chain(&[0.0; 14 * 3]).flat_map(|v| v.to_le_bytes());
        DetectorModel::darknet(cfg, &[header, values.collect()].concat(), "a\nb\n").unwrap()
    }

    #[test]
    fn a_region_head_decodes_with_cell_anchors_and_a_softmax() {
        // Anchor 0: centred, objectness σ(10), classes softmax(0, 5); anchor 1: objectness σ(−10).
        let model = region_model([0.0, 0.0, 0.0, 0.0, 10.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, -10.0, 0.0, 0.0]);
        let mut detector = Detector::new(&Scalar, &model, 32).unwrap();
        let rgba = vec![128; 64 * 64 * 4];
        let thresholds = Thresholds { confidence: 0.5, nms_iou: 0.45 };
        let found = pollster::block_on(detector.detect(&rgba, 64, 64, thresholds)).unwrap().found;
        // One box per cell of the 32 × 32 grid (neighbours overlap too little to suppress each other).
        assert_eq!(found.len(), 32 * 32);
        let expected_score = (1.0 / (1.0 + (-10f32).exp())) * (5f32.exp() / (1.0 + 5f32.exp()));
        assert!(found.iter().all(|f| f.class == "b" && (f.score - expected_score).abs() < 1e-5));
        // 1.5 cells wide, 2 tall, on a 64-pixel image of 32 cells.
        let [_, _, width, height] = found[0].box_xywh;
        assert!((width - 3.0).abs() < 1e-4 && (height - 4.0).abs() < 1e-4, "{:?}", found[0]);
    }
}
