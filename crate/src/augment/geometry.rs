//! Geometric augmentations as one affine warp about the image centre, sampled bilinearly; what falls
//! outside the source is black (MNIST's background).

use image::{ImageBuffer, Pixel};

/// A 2-D affine map in pixel units about the image centre: p′ = M·p + t.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    m: [[f32; 2]; 2],
    t: [f32; 2],
}

impl Affine {
    /// Counter-clockwise as seen on screen (y points down).
    pub fn rotation(degrees: f32) -> Self {
        let (s, c) = degrees.to_radians().sin_cos();
        Self { m: [[c, s], [-s, c]], t: [0.0, 0.0] }
    }

    pub fn translation(dx: f32, dy: f32) -> Self {
        Self { m: [[1.0, 0.0], [0.0, 1.0]], t: [dx, dy] }
    }

    pub fn distortion(shear: f32, scale_x: f32, scale_y: f32) -> Self {
        Self { m: [[scale_x, shear * scale_x], [0.0, scale_y]], t: [0.0, 0.0] }
    }

    /// `self` followed by `next`.
    pub fn then(&self, next: &Self) -> Self {
        let (a, b) = (next.m, self.m);
        let m = [
            [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
            [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]],
        ];
        let t = [
            a[0][0] * self.t[0] + a[0][1] * self.t[1] + next.t[0],
            a[1][0] * self.t[0] + a[1][1] * self.t[1] + next.t[1],
        ];
        Self { m, t }
    }

    fn inverse(&self) -> Self {
        let [[a, b], [c, d]] = self.m;
        let det = a * d - b * c;
        let m = [[d / det, -b / det], [-c / det, a / det]];
        let t = [-(m[0][0] * self.t[0] + m[0][1] * self.t[1]), -(m[1][0] * self.t[0] + m[1][1] * self.t[1])];
        Self { m, t }
    }

    fn map(&self, x: f32, y: f32) -> (f32, f32) {
        (self.m[0][0] * x + self.m[0][1] * y + self.t[0], self.m[1][0] * x + self.m[1][1] * y + self.t[1])
    }
}

/// Bilinear sample at (x, y) in pixel-centre coordinates of a `width` × `height` image whose pixel at
/// column x, row y is `pixel(x, y)`; zero outside.
pub fn bilinear(width: usize, height: usize, x: f32, y: f32, pixel: impl Fn(usize, usize) -> f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let at = |xi: f32, yi: f32| {
        if xi < 0.0 || yi < 0.0 || xi >= width as f32 || yi >= height as f32 {
            0.0
        } else {
            pixel(xi as usize, yi as usize)
        }
    };
    let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Channel `channel` of `image`, sampled bilinearly at (x, y).
fn sample<P: Pixel<Subpixel = u8>>(image: &ImageBuffer<P, Vec<u8>>, x: f32, y: f32, channel: usize) -> f32 {
    bilinear(image.width() as usize, image.height() as usize, x, y, |xi, yi| {
        f32::from(image.get_pixel(xi as u32, yi as u32).channels()[channel])
    })
}

/// `image` moved by `transform` (about its centre): each output pixel reads the source where the inverse
/// map sends it.
pub fn affine<P: Pixel<Subpixel = u8>>(image: &ImageBuffer<P, Vec<u8>>, transform: &Affine) -> ImageBuffer<P, Vec<u8>> {
    let inverse = transform.inverse();
    let (cx, cy) = ((image.width() as f32 - 1.0) / 2.0, (image.height() as f32 - 1.0) / 2.0);
    let mut out = ImageBuffer::<P, Vec<u8>>::new(image.width(), image.height());
    for (x, y, pixel) in out.enumerate_pixels_mut() {
        let (sx, sy) = inverse.map(x as f32 - cx, y as f32 - cy);
        for (c, value) in pixel.channels_mut().iter_mut().enumerate() {
            *value = sample(image, sx + cx, sy + cy, c).round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

/// The square of side `fraction` × min(width, height) whose left-top corner is at (`x`, `y`) (fractions of
/// the free room), scaled back to the image's size.
pub fn crop_resized<P: Pixel<Subpixel = u8> + 'static>(
    image: &ImageBuffer<P, Vec<u8>>,
    x: f32,
    y: f32,
    fraction: f32,
) -> ImageBuffer<P, Vec<u8>> {
    let side = ((image.width().min(image.height()) as f32 * fraction.clamp(0.05, 1.0)).round() as u32).max(1);
    let left = ((image.width() - side) as f32 * x.clamp(0.0, 1.0)).round() as u32;
    let top = ((image.height() - side) as f32 * y.clamp(0.0, 1.0)).round() as u32;
    let crop = image::imageops::crop_imm(image, left, top, side, side).to_image();
    image::imageops::resize(&crop, image.width(), image.height(), image::imageops::FilterType::Triangle)
}
