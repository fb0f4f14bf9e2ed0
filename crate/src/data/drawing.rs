//! Turns a drawing into an MNIST-like digit, as MNIST itself was made: the ink's bounding box is scaled so
//! its longer side is 20 pixels (keeping the aspect ratio) and placed in a 28 × 28 image so that its centre
//! of mass lies at the centre. Without this a network trained on MNIST sees a drawn digit as an odd one.

use image::imageops::{self, FilterType};
use image::GrayImage;

pub const SIDE: u32 = 28;
const BOX: u32 = 20;

/// `ink` is a `width × height` drawing, 0 (paper) to 255 (ink); the result is 28 × 28 in [0, 1].
pub fn to_mnist(ink: &[u8], width: u32, height: u32) -> Result<Vec<f32>, String> {
    let drawing = GrayImage::from_raw(width, height, ink.to_vec())
        .ok_or_else(|| format!("{} values for a {width} × {height} drawing", ink.len()))?;
    let inked: Vec<(u32, u32)> =
        drawing.enumerate_pixels().filter(|(_, _, p)| p.0[0] > 0).map(|(x, y, _)| (x, y)).collect();
    let mut digit = vec![0.0; (SIDE * SIDE) as usize];
    if inked.is_empty() {
        return Ok(digit);
    }
    let (left, right) = (inked.iter().map(|p| p.0).min().unwrap(), inked.iter().map(|p| p.0).max().unwrap());
    let (top, bottom) = (inked.iter().map(|p| p.1).min().unwrap(), inked.iter().map(|p| p.1).max().unwrap());
    let (w, h) = (right - left + 1, bottom - top + 1);
    let scale = BOX as f32 / w.max(h) as f32;
    let (sw, sh) = (((w as f32 * scale).round() as u32).max(1), ((h as f32 * scale).round() as u32).max(1));
    let cropped = imageops::crop_imm(&drawing, left, top, w, h).to_image();
    let scaled = imageops::resize(&cropped, sw, sh, FilterType::Triangle);
    // Centre of mass of the scaled ink, then the shift that puts it at the image centre.
    let (mut mass, mut mx, mut my) = (0.0, 0.0, 0.0);
    for (x, y, p) in scaled.enumerate_pixels() {
        let v = f32::from(p.0[0]);
        (mass, mx, my) = (mass + v, mx + v * x as f32, my + v * y as f32);
    }
    let centre = SIDE as f32 / 2.0;
    let (dx, dy) = if mass > 0.0 { (centre - mx / mass, centre - my / mass) } else { (0.0, 0.0) };
    let (dx, dy) = (dx.round() as i64, dy.round() as i64);
    for (x, y, p) in scaled.enumerate_pixels() {
        let (tx, ty) = (x as i64 + dx, y as i64 + dy);
        if (0..SIDE as i64).contains(&tx) && (0..SIDE as i64).contains(&ty) {
            digit[(ty * SIDE as i64 + tx) as usize] = f32::from(p.0[0]) / 255.0;
        }
    }
    Ok(digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stroke_in_a_corner_is_scaled_to_20_pixels_and_centred() {
        // A 10-wide, 40-tall bar in the top-left corner of a 200 × 200 canvas.
        let mut ink = vec![0u8; 200 * 200];
        for y in 5..45 {
            for x in 8..18 {
                ink[y * 200 + x] = 255;
            }
        }
        let digit = to_mnist(&ink, 200, 200).unwrap();
        let rows: Vec<usize> = (0..28).filter(|y| (0..28).any(|x| digit[y * 28 + x] > 0.5)).collect();
        let cols: Vec<usize> = (0..28).filter(|x| (0..28).any(|y| digit[y * 28 + x] > 0.5)).collect();
        assert_eq!(rows.len(), 20, "rows {rows:?}");
        assert!((4..=6).contains(&cols.len()), "cols {cols:?}");
        let middle = |v: &[usize]| (v[0] + v[v.len() - 1]) as f32 / 2.0;
        assert!((middle(&rows) - 13.5).abs() <= 1.0 && (middle(&cols) - 13.5).abs() <= 1.0);
    }

    #[test]
    fn an_empty_canvas_is_an_empty_digit_and_bad_sizes_are_refused() {
        assert!(to_mnist(&[0; 100], 10, 10).unwrap().iter().all(|&v| v == 0.0));
        assert!(to_mnist(&[0; 99], 10, 10).is_err());
    }
}
