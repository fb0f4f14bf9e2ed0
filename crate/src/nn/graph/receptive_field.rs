//! Receptive fields: which input pixels a node's value at one position can depend on, from the windows
//! of the convolutions and pools below it (Araujo et al. 2019, "Computing receptive fields of CNNs").

use super::{Graph, NodeId, Op};
use crate::engine::ops::Window;

/// The input rows and columns one position of a node can see: position (y, x) sees rows
/// `start.0 + y · jump.0 ..` for `size.0` rows, clipped to the input (the start may lie in the padding).
/// `None` sizes: the whole input (a dense layer, or a decoder's upsampling).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub size: Option<(usize, usize)>,
    pub jump: (usize, usize),
    pub start: (isize, isize),
}

impl Field {
    const INPUT: Field = Field { size: Some((1, 1)), jump: (1, 1), start: (0, 0) };
    const WHOLE: Field = Field { size: None, jump: (1, 1), start: (0, 0) };

    fn through(self, window: &Window) -> Field {
        let Some((height, width)) = self.size else { return Field::WHOLE };
        let out = window.output();
        Field {
            size: Some((height + (window.kernel_h - 1) * self.jump.0, width + (window.kernel_w - 1) * self.jump.1)),
            jump: (self.jump.0 * window.stride_h, self.jump.1 * window.stride_w),
            start: (
                self.start.0 - (out.pad_top * self.jump.0) as isize,
                self.start.1 - (out.pad_left * self.jump.1) as isize,
            ),
        }
    }

    /// The smallest field holding both: the same grid, or else the whole input.
    fn union(self, other: Field) -> Field {
        match (self.size, other.size) {
            (Some(a), Some(b)) if self.jump == other.jump => {
                let start = (self.start.0.min(other.start.0), self.start.1.min(other.start.1));
                let end = |s: isize, size: usize, t: isize, other: usize| (s + size as isize).max(t + other as isize);
                let end = (end(self.start.0, a.0, other.start.0, b.0), end(self.start.1, a.1, other.start.1, b.1));
                Field { size: Some(((end.0 - start.0) as usize, (end.1 - start.1) as usize)), jump: self.jump, start }
            }
            _ => Field::WHOLE,
        }
    }

    /// The input rectangle (top, left, bottom, right; exclusive ends) position (y, x) sees, on an input of
    /// `height` × `width`.
    pub fn rectangle(&self, y: usize, x: usize, height: usize, width: usize) -> (usize, usize, usize, usize) {
        let Some(size) = self.size else { return (0, 0, height, width) };
        let clip = |v: isize, limit: usize| v.clamp(0, limit as isize) as usize;
        let top = self.start.0 + (y * self.jump.0) as isize;
        let left = self.start.1 + (x * self.jump.1) as isize;
        (clip(top, height), clip(left, width), clip(top + size.0 as isize, height), clip(left + size.1 as isize, width))
    }
}

impl<B: crate::engine::Backend> Graph<B> {
    /// `node`'s receptive field on the graph's inputs (all inputs are taken to share one grid).
    pub fn receptive_field(&self, node: NodeId) -> Field {
        let mut fields: Vec<Field> = Vec::with_capacity(node.0 + 1);
        for n in &self.nodes[..=node.0] {
            let input = |id: &NodeId| fields[id.0];
            let field = match &n.op {
                Op::Input => Field::INPUT,
                Op::Conv { input: i, conv, .. } => input(i).through(&conv.window),
                Op::Pool { input: i, pool } => input(i).through(&pool.window),
                Op::BatchNorm { input: i, .. } | Op::Dropout { input: i, .. } => input(i),
                Op::Add { a, b, .. } => input(a).union(input(b)),
                Op::Concat { inputs } => inputs.iter().map(input).reduce(Field::union).unwrap_or(Field::WHOLE),
                Op::Dense { .. }
                | Op::ConvTranspose { .. }
                | Op::Unpool { .. }
                | Op::Upsample { .. }
                | Op::Recurrent { .. }
                | Op::LastStep { .. } => Field::WHOLE,
            };
            fields.push(field);
        }
        fields[node.0]
    }
}
