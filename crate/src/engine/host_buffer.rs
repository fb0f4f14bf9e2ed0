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
use std::sync::{Mutex, OnceLock};

#[derive(Debug, Default)]
pub struct HostBuffer {
    values: Vec<f32>,
    kept: OnceLock<Kept>,
    /// The memory of the form last dropped, which the next is made in: a training step borders new values of
    /// its input every step, and natively fresh memory is paid for page by page (the benchmark of W2's 3 × 3
    /// convolution, which writes its input before each run, took 52 293 page faults before this memory was
    /// kept, 1 448 after).
    spare: Mutex<Vec<f32>>,
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
    /// The values in `form`: the one kept, else what `make(values, into)` writes into the empty vector it is
    /// handed, kept if no other form is.
    pub fn form(&self, form: Form, make: impl Fn(&[f32], &mut Vec<f32>)) -> Cow<'_, [f32]> {
        let kept = self.kept.get_or_init(|| {
            let mut values = std::mem::take(&mut *self.spare.lock().unwrap_or_else(|p| p.into_inner()));
            values.clear();
            make(&self.values, &mut values);
            Kept { form, values }
        });
        if kept.form == form {
            Cow::Borrowed(&kept.values)
        } else {
            let mut values = Vec::new();
            make(&self.values, &mut values);
            Cow::Owned(values)
        }
    }

    /// Whether a form made from the values is kept (for tests).
    pub fn keeps_a_form(&self) -> bool {
        self.kept.get().is_some()
    }
}

impl Clone for HostBuffer {
    /// The values and the form kept; the spare memory stays with the original.
    fn clone(&self) -> Self {
        Self { values: self.values.clone(), kept: self.kept.clone(), spare: Mutex::default() }
    }
}

impl From<Vec<f32>> for HostBuffer {
    fn from(values: Vec<f32>) -> Self {
        Self { values, ..Self::default() }
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
        if let Some(kept) = self.kept.take() {
            *self.spare.get_mut().unwrap_or_else(|p| p.into_inner()) = kept.values;
        }
        &mut self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: Form = Form::ConvColumns { groups: 1, out_channels: 2 };

    fn doubled(values: &[f32], out: &mut Vec<f32>) {
        out.extend(values.iter().map(|v| 2.0 * v));
    }

    #[test]
    fn a_form_is_made_once_and_made_again_after_the_values_change() {
        let mut buffer = HostBuffer::from(vec![1.0, 2.0]);
        assert_eq!(&*buffer.form(COLUMNS, doubled), &[2.0, 4.0]);
        // Kept: a maker that would give something else is not asked.
        assert_eq!(&*buffer.form(COLUMNS, |_, out| out.extend([0.0; 2])), &[2.0, 4.0]);
        buffer[1] = 5.0;
        assert!(!buffer.keeps_a_form());
        assert_eq!(&*buffer.form(COLUMNS, doubled), &[2.0, 10.0]);
    }

    #[test]
    fn the_next_form_is_made_in_the_memory_of_the_one_dropped() {
        let mut buffer = HostBuffer::from(vec![1.0, 2.0, 3.0]);
        buffer.form(COLUMNS, doubled);
        buffer[0] = 4.0;
        let made_in_spare = |values: &[f32], out: &mut Vec<f32>| {
            assert!(out.is_empty() && out.capacity() >= 3, "handed {} values of {}", out.len(), out.capacity());
            doubled(values, out);
        };
        assert_eq!(&*buffer.form(COLUMNS, made_in_spare), &[8.0, 4.0, 6.0]);
    }

    #[test]
    fn another_layout_of_the_same_values_is_made_afresh() {
        let buffer = HostBuffer::from(vec![1.0, 2.0]);
        buffer.form(COLUMNS, doubled);
        let other = Form::ConvColumns { groups: 2, out_channels: 2 };
        assert_eq!(&*buffer.form(other, |v, out| out.extend_from_slice(v)), &[1.0, 2.0]);
        assert_eq!(&*buffer.form(COLUMNS, |_, out| out.extend([0.0; 2])), &[2.0, 4.0]);
    }
}
