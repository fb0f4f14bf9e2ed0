//! Colour augmentations on RGB images: casting (a tint), relighting, and other colour spaces.

use image::{Rgb, RgbImage};
use serde::{Deserialize, Serialize};

/// Each channel multiplied by its factor: a colour cast, as from a different light source.
pub fn cast(image: &RgbImage, factors: [f32; 3]) -> RgbImage {
    map(image, |rgb| [0, 1, 2].map(|c| rgb[c] * factors[c]))
}

/// out = ((in / 255)^gamma · contrast about mid-grey) + brightness, in 0–255 units for the brightness.
pub fn relight(image: &RgbImage, brightness: f32, contrast: f32, gamma: f32) -> RgbImage {
    map(image, |rgb| rgb.map(|v| ((v / 255.0).powf(gamma) - 0.5) * contrast * 255.0 + 127.5 + brightness))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ColourSpace {
    /// Luma only (ITU-R BT.601).
    Grey,
    /// Hue, saturation and value as red, green and blue.
    Hsv,
    /// Luma and the two chroma differences (JPEG's YCbCr) as red, green and blue.
    YCbCr,
}

/// The image's channels in `space`, each scaled to 0–255 and shown as R, G, B.
pub fn to_colour_space(image: &RgbImage, space: ColourSpace) -> RgbImage {
    map(image, |[r, g, b]| {
        let luma = 0.299 * r + 0.587 * g + 0.114 * b;
        match space {
            ColourSpace::Grey => [luma; 3],
            ColourSpace::YCbCr => [luma, 128.0 + 0.564 * (b - luma), 128.0 + 0.713 * (r - luma)],
            ColourSpace::Hsv => {
                let (max, min) = (r.max(g).max(b), r.min(g).min(b));
                let range = max - min;
                let hue = if range == 0.0 {
                    0.0
                } else if max == r {
                    ((g - b) / range).rem_euclid(6.0)
                } else if max == g {
                    (b - r) / range + 2.0
                } else {
                    (r - g) / range + 4.0
                };
                let saturation = if max == 0.0 { 0.0 } else { range / max };
                [hue / 6.0 * 255.0, saturation * 255.0, max]
            }
        }
    })
}

fn map(image: &RgbImage, f: impl Fn([f32; 3]) -> [f32; 3]) -> RgbImage {
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        let Rgb(p) = *image.get_pixel(x, y);
        Rgb(f(p.map(f32::from)).map(|v| v.round().clamp(0.0, 255.0) as u8))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_spaces_of_known_colours() {
        let pure = |rgb| RgbImage::from_pixel(1, 1, Rgb(rgb));
        let at = |image: RgbImage| image.get_pixel(0, 0).0;
        assert_eq!(at(to_colour_space(&pure([0, 255, 0]), ColourSpace::Hsv)), [85, 255, 255]);
        assert_eq!(at(to_colour_space(&pure([255, 255, 255]), ColourSpace::YCbCr)), [255, 128, 128]);
        assert_eq!(at(to_colour_space(&pure([255, 0, 0]), ColourSpace::Grey)), [76; 3]);
        assert_eq!(at(cast(&pure([100, 100, 100]), [1.5, 1.0, 0.5])), [150, 100, 50]);
        assert_eq!(at(relight(&pure([100, 200, 0]), 10.0, 1.0, 1.0)), [110, 210, 10]);
    }
}
