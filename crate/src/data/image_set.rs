//! A labelled set of small grey images (MNIST-like), stored as bytes as the dataset ships them.
//!
//! The site serves a dataset as chunks; a chunk is the labels' idx array followed by the images' idx
//! array (gzip-compressed on the wire; the browser decompresses). `append_chunk` adds one, so training
//! can start on the first chunk while the others arrive.

use super::idx;
use crate::rng::Rng;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageSet {
    pub side: usize,
    /// `len() × side × side` bytes, row-major.
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

impl ImageSet {
    /// The set in an idx labels file and an idx images file.
    pub fn from_idx(labels: &[u8], images: &[u8], what: &str) -> Result<Self, String> {
        let mut set = Self::default();
        set.append(labels, images, what)?;
        Ok(set)
    }

    fn append(&mut self, labels: &[u8], images: &[u8], what: &str) -> Result<(), String> {
        let labels = idx::parse(labels, &format!("{what} labels"))?;
        let images = idx::parse(images, &format!("{what} images"))?;
        match (&labels.dims[..], &images.dims[..]) {
            ([n], [m, rows, cols]) if n == m && rows == cols => {
                if !self.labels.is_empty() && *rows != self.side {
                    return Err(format!("{what}: {rows}×{rows} images, the set holds {0}×{0}", self.side));
                }
                self.side = *rows;
            }
            (l, i) => return Err(format!("{what}: labels {l:?} and images {i:?} do not match")),
        }
        self.labels.extend_from_slice(labels.values);
        self.pixels.extend_from_slice(images.values);
        Ok(())
    }

    /// Adds the images of one chunk (labels idx then images idx).
    pub fn append_chunk(&mut self, chunk: &[u8], what: &str) -> Result<(), String> {
        let labels = idx::parse(chunk, &format!("{what} labels"))?;
        let images_start = chunk.len() - labels.rest.len();
        let label_bytes = &chunk[..images_start];
        self.append(label_bytes, labels.rest, what)
    }

    /// The chunk holding images `range` of this set.
    pub fn chunk(&self, range: std::ops::Range<usize>) -> Vec<u8> {
        let per_image = self.side * self.side;
        let mut out = Vec::new();
        idx::write(&[range.len()], &self.labels[range.clone()], &mut out);
        idx::write(
            &[range.len(), self.side, self.side],
            &self.pixels[range.start * per_image..range.end * per_image],
            &mut out,
        );
        out
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Image `index`'s bytes.
    pub fn image(&self, index: usize) -> &[u8] {
        let per_image = self.side * self.side;
        &self.pixels[index * per_image..(index + 1) * per_image]
    }

    /// Image `index` scaled to [0, 1].
    pub fn image_f32(&self, index: usize) -> impl Iterator<Item = f32> + '_ {
        self.image(index).iter().map(|&p| f32::from(p) / 255.0)
    }

    /// `count` images drawn without replacement under `seed` (the small-data lesson's subset).
    pub fn subset(&self, count: usize, seed: u64) -> Self {
        let mut order: Vec<usize> = (0..self.len()).collect();
        Rng::new(seed).shuffle(&mut order);
        order.truncate(count);
        self.select(&order)
    }

    /// The images at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Self {
        let mut selected = Self { side: self.side, ..Self::default() };
        for &i in indices {
            selected.pixels.extend_from_slice(self.image(i));
            selected.labels.push(self.labels[i]);
        }
        selected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(count: usize) -> ImageSet {
        let labels: Vec<u8> = (0..count).map(|i| (i % 10) as u8).collect();
        let pixels: Vec<u8> = (0..count * 16).map(|i| (i % 251) as u8).collect();
        ImageSet { side: 4, pixels, labels }
    }

    #[test]
    fn chunks_reassemble_the_set() {
        let whole = set(7);
        let mut rebuilt = ImageSet::default();
        rebuilt.append_chunk(&whole.chunk(0..3), "first").unwrap();
        rebuilt.append_chunk(&whole.chunk(3..7), "second").unwrap();
        assert_eq!(rebuilt, whole);
    }

    #[test]
    fn mismatched_counts_and_sides_are_refused() {
        let whole = set(3);
        let mut labels = Vec::new();
        idx::write(&[2], &[1, 2], &mut labels);
        let mut images = Vec::new();
        idx::write(&[3, 4, 4], &whole.pixels, &mut images);
        assert!(ImageSet::from_idx(&labels, &images, "t").err().unwrap().contains("do not match"));
        let mut other = ImageSet { side: 5, ..set(0) };
        other.labels.push(0);
        other.pixels.extend([0; 25]);
        assert!(other.append_chunk(&whole.chunk(0..1), "c").err().unwrap().contains("4×4 images, the set holds 5×5"));
    }
}
