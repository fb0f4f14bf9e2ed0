//! Data augmentation (the deck's "Data augmentation"): new training images from old ones by flipping,
//! rotating, cropping, shifting, distorting, recolouring and relighting. Every random choice comes from a
//! seeded `Rng`, so the same seed gives the same images on every machine.
//!
//! Geometry works on any 8-bit image (grey digits and colour photos); colour works on RGB.

mod colour;
mod geometry;

pub use colour::{cast, relight, to_colour_space, ColourSpace};
pub use geometry::{affine, bilinear, crop_resized, Affine};

use crate::rng::Rng;
use image::{imageops, GrayImage, ImageBuffer, Pixel, RgbImage};
use serde::{Deserialize, Serialize};

/// One augmentation with its parameters, as the preview grid shows them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Augmentation {
    FlipHorizontal,
    FlipVertical,
    Rotate {
        degrees: f32,
    },
    Translate {
        dx: f32,
        dy: f32,
    },
    /// The square of side `fraction` × the image's at (`x`, `y`) (fractions), scaled back to full size.
    Crop {
        x: f32,
        y: f32,
        fraction: f32,
    },
    /// Shear and anisotropic scale: the small elastic-like distortions used for digits.
    Distort {
        shear: f32,
        scale_x: f32,
        scale_y: f32,
    },
    /// Colour only: multiply each channel.
    ColourCast {
        red: f32,
        green: f32,
        blue: f32,
    },
    /// Colour only: the image's channels in another colour space, shown as RGB.
    ColourSpace {
        space: ColourSpace,
    },
    /// Colour only: brightness offset, contrast factor, gamma.
    Relight {
        brightness: f32,
        contrast: f32,
        gamma: f32,
    },
}

impl Augmentation {
    /// The geometric augmentations, on any 8-bit image; colour ones return it unchanged.
    pub fn apply_geometric<P: Pixel<Subpixel = u8> + 'static>(
        self,
        image: &ImageBuffer<P, Vec<u8>>,
    ) -> ImageBuffer<P, Vec<u8>> {
        match self {
            Self::FlipHorizontal => imageops::flip_horizontal(image),
            Self::FlipVertical => imageops::flip_vertical(image),
            Self::Rotate { degrees } => affine(image, &Affine::rotation(degrees)),
            Self::Translate { dx, dy } => affine(image, &Affine::translation(dx, dy)),
            Self::Crop { x, y, fraction } => crop_resized(image, x, y, fraction),
            Self::Distort { shear, scale_x, scale_y } => affine(image, &Affine::distortion(shear, scale_x, scale_y)),
            Self::ColourCast { .. } | Self::ColourSpace { .. } | Self::Relight { .. } => image.clone(),
        }
    }

    pub fn apply_rgb(self, image: &RgbImage) -> RgbImage {
        match self {
            Self::ColourCast { red, green, blue } => cast(image, [red, green, blue]),
            Self::ColourSpace { space } => to_colour_space(image, space),
            Self::Relight { brightness, contrast, gamma } => relight(image, brightness, contrast, gamma),
            geometric => geometric.apply_geometric(image),
        }
    }
}

/// The deck's counting of what one image becomes: itself (1), with its mirror image (2), or the four
/// corner crops and the centre crop of side `fraction`, each also mirrored (10).
pub fn counted_views(image: &RgbImage, flips: bool, crops: bool, fraction: f32) -> Vec<RgbImage> {
    let bases: Vec<RgbImage> = if crops {
        let far = 1.0 - fraction;
        [(0.0, 0.0), (far, 0.0), (0.0, far), (far, far), (far / 2.0, far / 2.0)]
            .iter()
            .map(|&(x, y)| crop_resized(image, x, y, fraction))
            .collect()
    } else {
        vec![image.clone()]
    };
    if !(flips || crops) {
        return bases;
    }
    bases.into_iter().flat_map(|b| [imageops::flip_horizontal(&b), b]).rev().collect()
}

/// Random digit augmentation for training: a rotation, shift, scale and shear drawn per image.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DigitAugmentation {
    pub max_degrees: f32,
    pub max_shift: f32,
    pub max_scale: f32,
    pub max_shear: f32,
}

impl Default for DigitAugmentation {
    fn default() -> Self {
        Self { max_degrees: 12.0, max_shift: 2.5, max_scale: 0.1, max_shear: 0.15 }
    }
}

impl DigitAugmentation {
    pub fn apply(&self, digit: &GrayImage, rng: &mut Rng) -> GrayImage {
        let mut symmetric = |limit: f32| rng.uniform_in(-limit, limit);
        let transform = Affine::rotation(symmetric(self.max_degrees))
            .then(&Affine::distortion(
                symmetric(self.max_shear),
                1.0 + symmetric(self.max_scale),
                1.0 + symmetric(self.max_scale),
            ))
            .then(&Affine::translation(symmetric(self.max_shift), symmetric(self.max_shift)));
        affine(digit, &transform)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(side: u32, x: u32, y: u32) -> GrayImage {
        let mut image = GrayImage::new(side, side);
        image.put_pixel(x, y, image::Luma([255]));
        image
    }

    fn brightest(image: &GrayImage) -> (u32, u32) {
        let (x, y, _) = image.enumerate_pixels().max_by_key(|(_, _, p)| p.0[0]).unwrap();
        (x, y)
    }

    #[test]
    fn a_known_pixel_moves_where_it_should() {
        // 29 × 29 has a centre pixel (14, 14); a pixel 10 right of it.
        let image = dot(29, 24, 14);
        assert_eq!(brightest(&Augmentation::FlipHorizontal.apply_geometric(&image)), (4, 14));
        assert_eq!(brightest(&Augmentation::FlipVertical.apply_geometric(&image)), (24, 14));
        // Counter-clockwise on screen (y down): right of centre goes to above it.
        assert_eq!(brightest(&Augmentation::Rotate { degrees: 90.0 }.apply_geometric(&image)), (14, 4));
        assert_eq!(brightest(&Augmentation::Rotate { degrees: 180.0 }.apply_geometric(&image)), (4, 14));
        assert_eq!(brightest(&Augmentation::Translate { dx: -3.0, dy: 2.0 }.apply_geometric(&image)), (21, 16));
        let moved = Augmentation::Rotate { degrees: 90.0 }.apply_geometric(&image);
        assert!(moved.get_pixel(14, 4).0[0] > 250, "exact for right angles: {}", moved.get_pixel(14, 4).0[0]);
    }

    #[test]
    fn a_crop_magnifies_about_its_corner() {
        // The left-top half crop of a 20 × 20 image shows (5, 5) at (10, 10).
        let cropped = Augmentation::Crop { x: 0.0, y: 0.0, fraction: 0.5 }.apply_geometric(&dot(20, 5, 5));
        let (x, y) = brightest(&cropped);
        assert!((9..=11).contains(&x) && (9..=11).contains(&y), "({x}, {y})");
    }

    #[test]
    fn the_deck_counts_one_two_and_ten_views() {
        let photo = RgbImage::from_fn(16, 12, |x, y| image::Rgb([x as u8 * 10, y as u8 * 10, 7]));
        assert_eq!(counted_views(&photo, false, false, 0.8).len(), 1);
        let two = counted_views(&photo, true, false, 0.8);
        assert_eq!((two.len(), &two[0]), (2, &photo));
        assert_eq!(two[1], imageops::flip_horizontal(&photo));
        assert_eq!(counted_views(&photo, true, true, 0.8).len(), 10);
    }

    #[test]
    fn random_digit_augmentation_is_deterministic_under_a_seed() {
        let digit = dot(28, 10, 12);
        let policy = DigitAugmentation::default();
        let a = policy.apply(&digit, &mut Rng::new(3));
        assert_eq!(a, policy.apply(&digit, &mut Rng::new(3)));
        assert_ne!(a, policy.apply(&digit, &mut Rng::new(4)));
    }
}
