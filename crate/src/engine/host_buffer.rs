//! The CPU backends' buffer: values in host memory, and at most one form made from them (the SIMD
//! convolution's weights packed in column panels, or its input inside a zero border) kept until the values
//! are next borrowed to be changed.
//!
//! A detector runs its convolutions with the same weights on every frame, and packing them on every call
//! read each weight row at a stride: a tenth of a Tiny-YOLO frame's time. A training step reads each
//! convolution's input twice, forward and for the filter gradient, and bordered it twice. The form lives on the buffer
//! because that is what makes keeping it safe: every change to the values goes through `DerefMut`, which drops
//! it, so a training step that updates its weights in place, or a buffer given other values, never meets a
//! stale form. (A cache keyed by a buffer's address could not know either.)

use std::borrow::Cow;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

#[derive(Clone, Debug, Default)]
pub struct HostBuffer {
    values: Vec<f32>,
    kept: OnceLock<Kept>,
}

/// Which form of the values a `Kept` is, with the sizes that lay it out: the same values asked for in
/// another layout are made afresh and not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// HWIO weights of a convolution with these groups and output channels, as the SIMD kernel's column panels.
    ConvColumns { groups: usize, out_channels: usize },
    /// NHWC images of `height` × `width` × `channels` inside a zero border, `padded_height` ×
    /// `padded_width` pixels an image, the input's first pixel at row `top` and column `left` of it (rows and
    /// columns that no convolution window reaches are left out).
    Bordered {
        height: usize,
        width: usize,
        channels: usize,
        padded_height: usize,
        padded_width: usize,
        top: usize,
        left: usize,
    },
}

#[derive(Clone, Debug)]
struct Kept {
    form: Form,
    values: Vec<f32>,
}

impl HostBuffer {
    /// The values in `form`: the one kept, else `make(values)`, kept if no other form is.
    pub fn form(&self, form: Form, make: impl Fn(&[f32]) -> Vec<f32>) -> Cow<'_, [f32]> {
        let kept = self.kept.get_or_init(|| Kept { form, values: make(&self.values) });
        if kept.form == form {
            Cow::Borrowed(&kept.values)
        } else {
            Cow::Owned(make(&self.values))
        }
    }

    /// Whether a form made from the values is kept (for tests).
    pub fn keeps_a_form(&self) -> bool {
        self.kept.get().is_some()
    }
}

impl From<Vec<f32>> for HostBuffer {
    fn from(values: Vec<f32>) -> Self {
        Self { values, kept: OnceLock::new() }
    }
}

impl FromIterator<f32> for HostBuffer {
    fn from_iter<I: IntoIterator<Item = f32>>(values: I) -> Self {
        Self::from(values.into_iter().collect::<Vec<_>>())
    }
}

impl From<HostBuffer> for Vec<f32> {
    fn from(buffer: HostBuffer) -> Self {
        buffer.values
    }
}

impl Deref for HostBuffer {
    type Target = Vec<f32>;

    fn deref(&self) -> &Vec<f32> {
        &self.values
    }
}

impl DerefMut for HostBuffer {
    /// The values, to be changed: the form made from them goes.
    fn deref_mut(&mut self) -> &mut Vec<f32> {
        self.kept.take();
        &mut self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: Form = Form::ConvColumns { groups: 1, out_channels: 2 };

    fn doubled(values: &[f32]) -> Vec<f32> {
        values.iter().map(|v| 2.0 * v).collect()
    }

    #[test]
    fn a_form_is_made_once_and_made_again_after_the_values_change() {
        let mut buffer = HostBuffer::from(vec![1.0, 2.0]);
        assert_eq!(&*buffer.form(COLUMNS, doubled), &[2.0, 4.0]);
        // Kept: a maker that would give something else is not asked.
        assert_eq!(&*buffer.form(COLUMNS, |_| vec![0.0; 2]), &[2.0, 4.0]);
        buffer[1] = 5.0;
        assert!(!buffer.keeps_a_form());
        assert_eq!(&*buffer.form(COLUMNS, doubled), &[2.0, 10.0]);
    }

    #[test]
    fn another_layout_of_the_same_values_is_made_afresh() {
        let buffer = HostBuffer::from(vec![1.0, 2.0]);
        buffer.form(COLUMNS, doubled);
        let other = Form::ConvColumns { groups: 2, out_channels: 2 };
        assert_eq!(&*buffer.form(other, |v| v.to_vec()), &[1.0, 2.0]);
        assert_eq!(&*buffer.form(COLUMNS, |_| vec![0.0; 2]), &[2.0, 4.0]);
    }
}
