//! House numbers at workshop scale: the deck's Street View numbers (Goodfellow et al. 2014), made of
//! MNIST digits. A strip holds one to five digits at a random scale, spacing and height; a small CNN turns
//! it into a sequence of columns, an LSTM reads the columns left to right, and at each column a readout
//! names a digit or the blank. The loss is CTC (`crate::nn::ctc`), so no one says where each digit is:
//! the network finds the columns to name them at. This is the CRNN of Shi et al. (2015), small.

use crate::activation::Activation;
use crate::augment::bilinear;
use crate::data::image_set::ImageSet;
use crate::engine::ops::{Padding, PoolKind};
use crate::engine::Backend;
use crate::labs::rnn::{Readout, SequenceStep, SequenceTraining};
use crate::models::recurrent::RecurrentSpec;
use crate::nn::ctc::{best_path, ctc_loss};
use crate::nn::{he_uniform, ConvOptions, Graph, GraphBuilder, NodeId, Parameters, Role, Seed};
use crate::rng::Rng;

/// A strip's size in pixels, and the most digits it holds.
pub const HEIGHT: usize = 28;
pub const WIDTH: usize = 112;
pub const MAX_DIGITS: usize = 5;
/// The readout's classes: the ten digits, then CTC's blank.
pub const CLASSES: usize = 11;
pub const BLANK: usize = 10;
/// The columns the LSTM reads: the strip's width after two 2 × 2 pools.
pub const COLUMNS: usize = WIDTH / 4;
/// The CNN's channels after each of its two convolutions, and in a column.
const CHANNELS: [usize; 3] = [16, 32, 64];
/// A digit's scale on the strip, from this to 1 (a digit's 28 pixels tall).
const SMALLEST: f32 = 0.6;
/// Pixels of paper between two digits, at most.
const MOST_SPACE: usize = 6;

/// A strip of digits, its pixels in [0, 1] row by row, and the number it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Strip {
    pub pixels: Vec<f32>,
    pub digits: Vec<usize>,
}

impl Strip {
    /// One to five digits drawn from `set`, each at a random height, one scale for the strip, a random
    /// space between them and a random start, the whole strip fitting its width.
    pub fn draw(set: &ImageSet, rng: &mut Rng) -> Strip {
        let count = 1 + rng.below(MAX_DIGITS);
        let chosen: Vec<usize> = (0..count).map(|_| rng.below(set.len())).collect();
        let inked: Vec<(usize, usize)> = chosen.iter().map(|&i| inked_columns(set.image(i), set.side)).collect();
        let spaces: Vec<usize> = (1..count).map(|_| rng.below(MOST_SPACE + 1)).collect();
        let space: usize = spaces.iter().sum();
        let inked_width: usize = inked.iter().map(|(from, to)| to - from).sum();
        // The scale that makes the digits and spaces fit, if the drawn one does not.
        let fits = (WIDTH - space) as f32 / inked_width as f32;
        let scale = rng.uniform_in(SMALLEST, 1.0).min(fits);
        let widths: Vec<usize> =
            inked.iter().map(|(from, to)| (((to - from) as f32 * scale).round() as usize).max(1)).collect();
        let used = widths.iter().sum::<usize>() + space;
        let mut x = rng.below(WIDTH.saturating_sub(used) + 1);
        let mut pixels = vec![0.0_f32; HEIGHT * WIDTH];
        for (k, (&index, &(from, _))) in chosen.iter().zip(&inked).enumerate() {
            let side = set.side;
            let tall = ((side as f32 * scale).round() as usize).min(HEIGHT);
            let y = rng.below(HEIGHT - tall + 1);
            let image = set.image(index);
            for row in 0..tall {
                for column in 0..widths[k] {
                    let (at_x, at_y) = (x + column, y + row);
                    if at_x >= WIDTH {
                        continue;
                    }
                    let source_y = (row as f32 + 0.5) / scale - 0.5;
                    let source_x = from as f32 + (column as f32 + 0.5) / scale - 0.5;
                    let value = bilinear(side, side, source_x, source_y, |x, y| f32::from(image[y * side + x])) / 255.0;
                    let pixel = &mut pixels[at_y * WIDTH + at_x];
                    *pixel = pixel.max(value);
                }
            }
            x += widths[k] + spaces.get(k).copied().unwrap_or(0);
        }
        Strip { pixels, digits: chosen.iter().map(|&i| usize::from(set.labels[i])).collect() }
    }

    /// `count` strips drawn from `set` by a generator of their own: the same strips each time.
    pub fn held_out(set: &ImageSet, count: usize) -> Vec<Strip> {
        let mut rng = Rng::new(HELD_OUT_SEED);
        (0..count).map(|_| Strip::draw(set, &mut rng)).collect()
    }
}

/// The held-out strips' generator seed, apart from any training seed.
const HELD_OUT_SEED: u64 = 0x4005e;

/// The first and one past the last column of a digit's image with ink in it (the whole image if blank).
fn inked_columns(image: &[u8], side: usize) -> (usize, usize) {
    let inked = |x: usize| (0..side).any(|y| image[y * side + x] > 0);
    let from = (0..side).find(|&x| inked(x)).unwrap_or(0);
    let to = (0..side).rev().find(|&x| inked(x)).map_or(side, |x| x + 1);
    (from, to)
}

/// The CNN, the recurrent layers on its columns and the readout at each column.
pub struct NumberReader<'a, B: Backend> {
    backend: &'a B,
    pub spec: RecurrentSpec,
    pub config: SequenceTraining,
    pub parameters: Parameters<B>,
    graph: Graph<B>,
    input: NodeId,
    output: NodeId,
    pub iterations: usize,
}

impl<'a, B: Backend> NumberReader<'a, B> {
    pub fn new(backend: &'a B, spec: RecurrentSpec, config: SequenceTraining) -> Result<Self, String> {
        spec.validate()?;
        config.validate()?;
        let mut rng = Rng::new(config.seed);
        let mut parameters = spec.parameters(backend, CHANNELS[2], &mut rng);
        let layers: Vec<_> = parameters.iter().map(|(id, _)| id).collect();
        // He-uniform convolutions; a column's convolution spans the CNN's whole last map across.
        let across = HEIGHT / 4;
        let mut conv = |name: &str, shape: [usize; 4], rng: &mut Rng| {
            let values = he_uniform(rng, &shape);
            let weight = parameters.add(backend, &format!("{name}.weight"), &shape, Role::Weight, &values);
            let bias = parameters.add(backend, &format!("{name}.bias"), &[shape[3]], Role::Bias, &vec![0.0; shape[3]]);
            (weight, bias)
        };
        let conv1 = conv("conv1", [3, 3, 1, CHANNELS[0]], &mut rng);
        let conv2 = conv("conv2", [3, 3, CHANNELS[0], CHANNELS[1]], &mut rng);
        let columns = conv("columns", [1, across, CHANNELS[1], CHANNELS[2]], &mut rng);
        let readout = Readout::EveryStep.parameters(backend, &mut parameters, (spec.hidden, CLASSES), &mut rng);

        let mut g = GraphBuilder::new(&parameters, config.batch);
        // The strip goes in transposed, a column of pixels a row of the tensor: the CNN's rows are then
        // the strip's columns, and once a convolution spans each row, its output is the sequence
        // [batch, columns, 1, channels] a recurrent layer reads.
        let strip = g.input("strip (transposed)", WIDTH, HEIGHT, 1);
        let relu = ConvOptions::same(Activation::Relu);
        let x = g.conv("conv1", strip, conv1.0, Some(conv1.1), relu);
        let x = g.pool("pool1", x, PoolKind::Max, 2, 2, Padding::Valid);
        let x = g.conv("conv2", x, conv2.0, Some(conv2.1), relu);
        let x = g.pool("pool2", x, PoolKind::Max, 2, 2, Padding::Valid);
        let valid = ConvOptions { padding: Padding::Valid, ..relu };
        let x = g.conv("columns", x, columns.0, Some(columns.1), valid);
        let hidden = spec.write(&mut g, x, &layers);
        let output = Readout::EveryStep.write(&mut g, hidden, readout);
        let graph = g.build(backend);
        Ok(Self { backend, spec, config, parameters, graph, input: strip, output, iterations: 0 })
    }

    /// The graph's input for `strips` (a whole batch), each transposed.
    fn write_strips(&mut self, strips: &[Strip]) {
        assert_eq!(strips.len(), self.config.batch, "a batch of strips");
        let mut transposed = Vec::with_capacity(strips.len() * HEIGHT * WIDTH);
        for strip in strips {
            transposed.extend((0..WIDTH).flat_map(|x| (0..HEIGHT).map(move |y| strip.pixels[y * WIDTH + x])));
        }
        self.graph.write_input(self.backend, self.input, &transposed);
    }

    /// Each strip's logits, [columns, classes].
    async fn logits(&mut self, strips: &[Strip]) -> Vec<f32> {
        self.write_strips(strips);
        self.graph.forward(self.backend, &self.parameters);
        self.graph.read(self.backend, self.output).await
    }

    /// One optimiser step on a batch of `config.batch` strips: the mean CTC loss and the gradient's norm
    /// before clipping.
    pub async fn train_step(&mut self, strips: &[Strip]) -> SequenceStep {
        let backend = self.backend;
        let logits = self.logits(strips).await;
        let share = 1.0 / strips.len() as f32;
        let mut loss = 0.0;
        let mut gradient = Vec::with_capacity(logits.len());
        for (strip, logits) in strips.iter().zip(logits.chunks_exact(COLUMNS * CLASSES)) {
            let (strip_loss, strip_gradient) = ctc_loss(logits, CLASSES, BLANK, &strip.digits);
            loss += strip_loss * share;
            gradient.extend(strip_gradient.iter().map(|g| g * share));
        }
        self.graph.backward(backend, &mut self.parameters, Seed::Gradient { node: self.output, values: &gradient });
        let gradient_norm = self.parameters.clip_gradient_norm(backend, self.config.clip).await;
        self.parameters.step(backend, self.config.optimiser);
        self.iterations += 1;
        SequenceStep { loss, gradient_norm }
    }

    /// What the network reads on each of `strips` (whole batches; a partial last batch is left out).
    pub async fn read(&mut self, strips: &[Strip]) -> Vec<Vec<usize>> {
        let mut numbers = Vec::with_capacity(strips.len());
        for batch in strips.chunks_exact(self.config.batch) {
            let logits = self.logits(batch).await;
            numbers.extend(logits.chunks_exact(COLUMNS * CLASSES).map(|l| best_path(l, CLASSES, BLANK)));
        }
        numbers
    }

    /// The share of `strips` (whole batches) whose whole number the network reads right.
    pub async fn accuracy(&mut self, strips: &[Strip]) -> f32 {
        let read = self.read(strips).await;
        let right = read.iter().zip(strips).filter(|(number, strip)| **number == strip.digits).count();
        right as f32 / read.len().max(1) as f32
    }

    /// One strip read column by column: each column's class probabilities, [columns, classes].
    pub async fn trace(&mut self, strip: &Strip) -> Vec<f32> {
        let batch = vec![strip.clone(); self.config.batch];
        let logits = self.logits(&batch).await;
        let mut probabilities = vec![0.0; COLUMNS * CLASSES];
        crate::engine::scalar::elementwise::softmax(&logits[..COLUMNS * CLASSES], &mut probabilities, CLASSES);
        probabilities
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set of `count` digits, each a filled bar `wide` pixels wide in the middle of a 28 × 28 image,
    /// labelled by its index.
    fn bars(count: usize, wide: usize) -> ImageSet {
        let side = 28;
        let mut pixels = Vec::new();
        for _ in 0..count {
            pixels.extend((0..side * side).map(|i| {
                if (14 - wide / 2..14 - wide / 2 + wide).contains(&(i % side)) {
                    255
                } else {
                    0
                }
            }));
        }
        ImageSet { side, pixels, labels: (0..count as u8).collect() }
    }

    /// The strip's runs of inked columns: where each digit stands.
    fn runs(strip: &Strip) -> Vec<(usize, usize)> {
        let inked: Vec<bool> = (0..WIDTH).map(|x| (0..HEIGHT).any(|y| strip.pixels[y * WIDTH + x] > 0.0)).collect();
        let mut runs = Vec::new();
        let mut x = 0;
        while x < WIDTH {
            if inked[x] {
                let from = x;
                while x < WIDTH && inked[x] {
                    x += 1;
                }
                runs.push((from, x));
            }
            x += 1;
        }
        runs
    }

    #[test]
    fn a_strip_holds_its_digits_left_to_right_inside_its_width() {
        let set = bars(10, 20);
        let mut rng = Rng::new(5);
        for _ in 0..200 {
            let strip = Strip::draw(&set, &mut rng);
            assert!((1..=MAX_DIGITS).contains(&strip.digits.len()));
            assert!(strip.pixels.iter().all(|p| (0.0..=1.0).contains(p)));
            // Bars of 20 pixels scaled by 0.6 to 1 are 12 to 20 wide; the spaces may be none, so runs of
            // ink hold one bar or more, and together as many columns as the bars at that scale.
            let runs = runs(&strip);
            assert!(!runs.is_empty() && runs.len() <= strip.digits.len(), "{runs:?}");
            let inked: usize = runs.iter().map(|(from, to)| to - from).sum();
            let count = strip.digits.len();
            assert!(inked >= count * 11 && inked <= count * 21, "{count} bars over {inked} columns");
        }
    }

    #[test]
    fn held_out_strips_are_the_same_each_time() {
        let set = bars(10, 8);
        assert_eq!(Strip::held_out(&set, 20), Strip::held_out(&set, 20));
    }
}
