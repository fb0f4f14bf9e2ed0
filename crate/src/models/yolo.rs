//! Turning YOLO heads into boxes, and non-maximum suppression.
//!
//! A head is a grid of cells, NHWC [rows, cols, anchors × (5 + classes)]; each cell predicts, per anchor,
//! (tx, ty, tw, th, objectness, class scores…). The box centre is the cell plus a sigmoid offset, its size
//! the anchor scaled by exp(tw), exp(th). YOLOv3-style heads (darknet `[yolo]`) give anchors in input pixels
//! and score each class by its own sigmoid; YOLOv2-style heads (`[region]`, the TinyFaceDetector) give
//! anchors in cells and share one softmax over the classes. Either way score = objectness × class.

use crate::activation::Activation;
use crate::engine::scalar::elementwise;
use serde::Serialize;

/// A detected box, relative to the network input: centre and size in [0, 1] of its width and height.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Detection {
    pub class: usize,
    pub score: f32,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Detection {
    /// [left, top, width, height] after scaling x by `scale_x` and y by `scale_y`.
    pub fn xywh(&self, scale_x: f32, scale_y: f32) -> [f32; 4] {
        [
            (self.x - self.width / 2.0) * scale_x,
            (self.y - self.height / 2.0) * scale_y,
            self.width * scale_x,
            self.height * scale_y,
        ]
    }
}

/// Intersection over union of two boxes.
pub fn iou(a: &Detection, b: &Detection) -> f32 {
    let overlap = |ac: f32, al: f32, bc: f32, bl: f32| {
        ((ac + al / 2.0).min(bc + bl / 2.0) - (ac - al / 2.0).max(bc - bl / 2.0)).max(0.0)
    };
    let intersection = overlap(a.x, a.width, b.x, b.width) * overlap(a.y, a.height, b.y, b.height);
    let union = a.width * a.height + b.width * b.height - intersection;
    if union > 0.0 {
        intersection / union
    } else {
        0.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HeadStyle {
    /// Anchors in input pixels (divide by the input size); classes by independent sigmoids.
    V3 { input_width: f32, input_height: f32, scale_x_y: f32 },
    /// Anchors in cells (divide by the grid size); classes by one softmax.
    V2,
}

/// A head's grid and anchors: what decoding needs besides the values.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadLayout {
    pub rows: usize,
    pub cols: usize,
    pub anchors: Vec<(f32, f32)>,
    pub classes: usize,
    pub style: HeadStyle,
}

fn sigmoid(x: f32) -> f32 {
    Activation::Sigmoid.apply(x)
}

/// Every (cell, anchor, class) whose score exceeds `threshold`, as a box.
pub fn decode(values: &[f32], layout: &HeadLayout, threshold: f32) -> Vec<Detection> {
    let stride = 5 + layout.classes;
    assert_eq!(values.len(), layout.rows * layout.cols * layout.anchors.len() * stride, "head size");
    let mut found = Vec::new();
    // With no classes (a one-class detector such as the face detector) objectness is the score.
    let mut class_scores = vec![1.0; layout.classes.max(1)];
    for row in 0..layout.rows {
        for col in 0..layout.cols {
            for (a, &(anchor_w, anchor_h)) in layout.anchors.iter().enumerate() {
                let p = &values[((row * layout.cols + col) * layout.anchors.len() + a) * stride..][..stride];
                let objectness = sigmoid(p[4]);
                if objectness <= threshold {
                    continue;
                }
                let (offset_scale, (width_unit, height_unit)) = match layout.style {
                    HeadStyle::V3 { input_width, input_height, scale_x_y } => (scale_x_y, (input_width, input_height)),
                    HeadStyle::V2 => (1.0, (layout.cols as f32, layout.rows as f32)),
                };
                let offset = |t: f32| sigmoid(t) * offset_scale - (offset_scale - 1.0) / 2.0;
                let x = (col as f32 + offset(p[0])) / layout.cols as f32;
                let y = (row as f32 + offset(p[1])) / layout.rows as f32;
                let width = p[2].exp() * anchor_w / width_unit;
                let height = p[3].exp() * anchor_h / height_unit;
                match layout.style {
                    _ if layout.classes == 0 => {}
                    HeadStyle::V3 { .. } => class_scores.iter_mut().zip(&p[5..]).for_each(|(s, &v)| *s = sigmoid(v)),
                    HeadStyle::V2 => softmax_into(&p[5..], &mut class_scores),
                }
                for (class, &probability) in class_scores.iter().enumerate() {
                    let score = objectness * probability;
                    if score > threshold {
                        found.push(Detection { class, score, x, y, width, height });
                    }
                }
            }
        }
    }
    found
}

/// Each cell's highest objectness over its anchors (after the sigmoid), row by row: what the grid overlay shows.
pub fn cell_objectness(values: &[f32], layout: &HeadLayout) -> Vec<f32> {
    let per_anchor = 5 + layout.classes;
    values
        .chunks_exact(layout.anchors.len() * per_anchor)
        .map(|cell| cell.chunks_exact(per_anchor).map(|p| sigmoid(p[4])).fold(0.0, f32::max))
        .collect()
}

fn softmax_into(logits: &[f32], out: &mut [f32]) {
    elementwise::softmax(logits, out, logits.len());
}

/// Greedy non-maximum suppression: best score first, dropping every box that overlaps a kept one by more
/// than `iou_threshold` (of the same class when `per_class`). Returns the kept boxes, best first.
pub fn non_max_suppression(mut boxes: Vec<Detection>, iou_threshold: f32, per_class: bool) -> Vec<Detection> {
    boxes.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Detection> = Vec::new();
    for candidate in boxes {
        let suppressed =
            kept.iter().any(|k| (!per_class || k.class == candidate.class) && iou(k, &candidate) > iou_threshold);
        if !suppressed {
            kept.push(candidate);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(class: usize, score: f32, x: f32) -> Detection {
        Detection { class, score, x, y: 0.5, width: 0.2, height: 0.2 }
    }

    #[test]
    fn iou_of_known_boxes() {
        let a = boxed(0, 1.0, 0.5);
        assert!((iou(&a, &a) - 1.0).abs() < 1e-6);
        // Shifted by half a width: overlap 0.1 × 0.2 over 2 × 0.04 − 0.02.
        assert!((iou(&a, &boxed(0, 1.0, 0.6)) - 0.02 / 0.06).abs() < 1e-6);
        assert_eq!(iou(&a, &boxed(0, 1.0, 0.9)), 0.0);
    }

    #[test]
    fn suppression_keeps_the_best_of_each_overlapping_group() {
        let boxes = vec![boxed(0, 0.6, 0.51), boxed(0, 0.9, 0.5), boxed(1, 0.7, 0.5), boxed(0, 0.5, 0.9)];
        let per_class = non_max_suppression(boxes.clone(), 0.45, true);
        assert_eq!(per_class.iter().map(|d| d.score).collect::<Vec<_>>(), [0.9, 0.7, 0.5]);
        let agnostic = non_max_suppression(boxes, 0.45, false);
        assert_eq!(agnostic.iter().map(|d| d.score).collect::<Vec<_>>(), [0.9, 0.5]);
    }

    #[test]
    fn decoding_places_a_confident_cell_where_its_offsets_say() {
        // 2 × 3 grid, one anchor, two classes; only cell (row 1, col 2) is confident, for class 1.
        let layout = HeadLayout {
            rows: 2,
            cols: 3,
            anchors: vec![(32.0, 16.0)],
            classes: 2,
            style: HeadStyle::V3 { input_width: 96.0, input_height: 64.0, scale_x_y: 1.0 },
        };
        let mut values = vec![-10.0; 2 * 3 * 7];
        let cell = &mut values[(3 + 2) * 7..][..7];
        cell.copy_from_slice(&[0.0, 0.0, 2f32.ln(), 0.0, 10.0, -10.0, 10.0]);
        let found = decode(&values, &layout, 0.25);
        assert_eq!(found.len(), 1);
        let objectness = cell_objectness(&values, &layout);
        assert_eq!(objectness.len(), 6);
        assert!(objectness[5] > 0.99 && objectness[..5].iter().all(|&o| o < 1e-4), "{objectness:?}");
        let d = found[0];
        assert_eq!(d.class, 1);
        assert!((d.x - 2.5 / 3.0).abs() < 1e-6 && (d.y - 0.75).abs() < 1e-6);
        assert!((d.width - 64.0 / 96.0).abs() < 1e-6 && (d.height - 16.0 / 64.0).abs() < 1e-6);
        let v2 = decode(&values, &HeadLayout { style: HeadStyle::V2, ..layout }, 0.25);
        assert!((v2[0].width - 2.0 * 32.0 / 3.0).abs() < 1e-5, "{v2:?}");
    }
}
