//! Ops that move values without arithmetic (or with a little): channel concat and split, nearest ×2
//! upsampling and its backward, bilinear resizing.

use crate::engine::ops::{Image, Resize};

/// out = the parts side by side along channels; each part is (values, its channels), all `pixels` long.
pub fn concat_channels(parts: &[(&[f32], usize)], out: &mut [f32], pixels: usize) {
    let total: usize = parts.iter().map(|(_, c)| c).sum();
    for p in 0..pixels {
        let mut offset = p * total;
        for (values, channels) in parts {
            out[offset..][..*channels].copy_from_slice(&values[p * channels..][..*channels]);
            offset += channels;
        }
    }
}

/// The inverse of concat_channels, and so its backward.
pub fn split_channels(x: &[f32], parts: &mut [(&mut [f32], usize)], pixels: usize) {
    let total: usize = parts.iter().map(|(_, c)| c).sum();
    for p in 0..pixels {
        let mut offset = p * total;
        for (values, channels) in parts.iter_mut() {
            values[p * *channels..][..*channels].copy_from_slice(&x[offset..][..*channels]);
            offset += *channels;
        }
    }
}

/// Each input pixel becomes a 2 × 2 block. `shape` is the input's.
pub fn upsample_nearest2x(x: &[f32], out: &mut [f32], shape: &Image) {
    let big = shape.doubled();
    for n in 0..big.batch {
        for y in 0..big.height {
            for x_ in 0..big.width {
                let source = ((n * shape.height + y / 2) * shape.width + x_ / 2) * shape.channels;
                let target = ((n * big.height + y) * big.width + x_) * shape.channels;
                out[target..][..shape.channels].copy_from_slice(&x[source..][..shape.channels]);
            }
        }
    }
}

/// Each input pixel's gradient is the sum over its 2 × 2 block. `shape` is the (small) input's.
pub fn upsample_nearest2x_backward(dy: &[f32], dx: &mut [f32], shape: &Image) {
    let big = shape.doubled();
    dx.fill(0.0);
    for n in 0..big.batch {
        for y in 0..big.height {
            for x in 0..big.width {
                let target = ((n * shape.height + y / 2) * shape.width + x / 2) * shape.channels;
                let source = ((n * big.height + y) * big.width + x) * shape.channels;
                for c in 0..shape.channels {
                    dx[target + c] += dy[source + c];
                }
            }
        }
    }
}

pub fn resize_bilinear(x: &[f32], out: &mut [f32], op: &Resize) {
    let (input, output) = (op.input, op.output());
    let at =
        |n: usize, y: usize, x_: usize, c: usize| x[((n * input.height + y) * input.width + x_) * input.channels + c];
    for n in 0..output.batch {
        for y in 0..output.height {
            let (y0, y1, ty) = op.source(y, input.height, output.height);
            for x_ in 0..output.width {
                let (x0, x1, tx) = op.source(x_, input.width, output.width);
                for c in 0..output.channels {
                    let top = at(n, y0, x0, c) * (1.0 - tx) + at(n, y0, x1, c) * tx;
                    let bottom = at(n, y1, x0, c) * (1.0 - tx) + at(n, y1, x1, c) * tx;
                    out[((n * output.height + y) * output.width + x_) * output.channels + c] =
                        top * (1.0 - ty) + bottom * ty;
                }
            }
        }
    }
}

/// The outside oracle: TensorFlow's bilinear resize (through TensorFlow.js,
/// `scripts/reference/resize-bilinear-tfjs.mjs`) in each sampling mode, on images that go up and down in size,
/// to and from one pixel.
#[cfg(test)]
mod against_tensorflow {
    use super::*;
    use crate::engine::ops::ResizeMode;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Fixtures {
        fixtures: Vec<Fixture>,
    }

    #[derive(Deserialize)]
    struct Fixture {
        mode: String,
        input: [usize; 4],
        output: [usize; 2],
        values: Vec<f32>,
        expected: Vec<f32>,
    }

    #[test]
    fn every_mode_resizes_as_tensorflow_does() {
        let file: Fixtures =
            serde_json::from_str(include_str!("../../../tests/fixtures/resize_bilinear_tfjs.json")).unwrap();
        for mode in ResizeMode::ALL {
            let name = match mode {
                ResizeMode::HalfPixel => "half-pixel",
                ResizeMode::AlignCorners => "align-corners",
                ResizeMode::Asymmetric => "asymmetric",
            };
            let cases: Vec<_> = file.fixtures.iter().filter(|f| f.mode == name).collect();
            assert!(cases.len() >= 5, "{name}: the fixture has {} cases", cases.len());
            for case in cases {
                let [batch, height, width, channels] = case.input;
                let op = Resize {
                    input: Image { batch, height, width, channels },
                    out_height: case.output[0],
                    out_width: case.output[1],
                    mode,
                };
                let mut out = vec![f32::NAN; case.expected.len()];
                resize_bilinear(&case.values, &mut out, &op);
                for (i, (got, want)) in out.iter().zip(&case.expected).enumerate() {
                    assert!(
                        (got - want).abs() <= 1e-5,
                        "{name} {:?}→{:?} [{i}]: {got} vs {want}",
                        case.input,
                        case.output
                    );
                }
            }
        }
    }
}
