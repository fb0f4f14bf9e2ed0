//! The RNN lab's character model: a text read one character a step, each step asked for the next one.
//!
//! Windows of `length` characters are the sequences. The state starts at zero in each, so the window's
//! length is where backpropagation through time is truncated. The text's tail is held out and scores the
//! network by perplexity: e to the mean cross-entropy per character, the number of characters it is as
//! unsure between as if it chose among that many evenly. A trained network writes text of its own, one
//! character a step, reading the last `length` characters as in training: the most likely character each
//! time (argmax), or one drawn from its probabilities sharpened or flattened by a temperature.

use super::rnn::{Readout, SequenceNet, SequenceShape, MAX_LENGTH};
use crate::engine::Backend;
use crate::nn::Loss;
use crate::rng::Rng;
use std::collections::HashMap;

/// The most symbols a text is read with; the rarer characters of a text with more share the last one.
pub const MAX_ALPHABET: usize = 96;
/// What the characters outside the alphabet are read as.
pub const UNKNOWN: char = '\u{fffd}';
/// One in this many characters of the text is held out (its tail), and at most this many held-out
/// windows are scored.
const HELD_OUT_SHARE: usize = 10;
const MAX_TEST_WINDOWS: usize = 256;

/// A text as symbols, with its alphabet, split into a training part and a held-out tail.
#[derive(Clone, Debug)]
pub struct CharText {
    /// The symbols' characters, in character order (and `UNKNOWN` last where some did not fit).
    alphabet: Vec<char>,
    symbols: Vec<u8>,
    /// Where the held-out tail begins.
    held_out: usize,
    /// Characters per window.
    pub length: usize,
}

/// Held-out windows as a network reads them: whole batches of one-hot inputs, and the next character at
/// each step of the first `windows` of them (the rest of the last batch repeats earlier windows).
pub struct TestWindows {
    pub inputs: Vec<f32>,
    pub targets: Vec<u8>,
    pub windows: usize,
}

/// Why a text cannot be read with a window: the window's length is out of range, or the text is shorter
/// than a held-out window and as long a training part beside it need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRefused {
    Window { length: usize },
    TooShort { needed: usize, got: usize, length: usize },
}

impl std::fmt::Display for TextRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match *self {
            Self::Window { length } => write!(f, "a window of 2 to {MAX_LENGTH} characters, not {length}"),
            Self::TooShort { needed, got, length } => {
                write!(f, "a text of at least {needed} characters for windows of {length}, not {got}")
            }
        }
    }
}

/// The highest temperature text is written at: beyond it every character is about as likely as another.
pub const MAX_TEMPERATURE: f32 = 5.0;

pub fn validate_temperature(temperature: f32) -> Result<(), String> {
    if !(0.0..=MAX_TEMPERATURE).contains(&temperature) {
        return Err(format!("a temperature of 0 to {MAX_TEMPERATURE}, not {temperature}"));
    }
    Ok(())
}

impl CharText {
    pub fn new(text: &str, length: usize) -> Result<Self, TextRefused> {
        if !(2..=MAX_LENGTH).contains(&length) {
            return Err(TextRefused::Window { length });
        }
        let mut counts: HashMap<char, usize> = HashMap::new();
        for c in text.chars() {
            *counts.entry(c).or_default() += 1;
        }
        let mut by_count: Vec<(char, usize)> = counts.into_iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let fits = by_count.len() <= MAX_ALPHABET;
        let kept = if fits { by_count.len() } else { MAX_ALPHABET - 1 };
        let mut alphabet: Vec<char> = by_count[..kept].iter().map(|&(c, _)| c).collect();
        alphabet.sort_unstable();
        if !fits {
            alphabet.push(UNKNOWN);
        }
        let mut read = Self { alphabet, symbols: Vec::new(), held_out: 0, length };
        read.symbols = read.encode(text);
        let total = read.symbols.len();
        // The tail holds a tenth, and at least one window and its next character; the rest as much.
        let tail = (total / HELD_OUT_SHARE).max(length + 1);
        if total < 2 * tail {
            return Err(TextRefused::TooShort { needed: 2 * tail, got: total, length });
        }
        read.held_out = total - tail;
        Ok(read)
    }

    pub fn alphabet(&self) -> &[char] {
        &self.alphabet
    }

    pub fn vocabulary(&self) -> usize {
        self.alphabet.len()
    }

    /// The text's characters as symbols: outside the alphabet, `UNKNOWN` where it has it, else left out.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let unknown = self.alphabet.binary_search(&UNKNOWN).ok();
        let symbol = |c: char| self.alphabet.binary_search(&c).ok().or(unknown).map(|i| i as u8);
        text.chars().filter_map(symbol).collect()
    }

    pub fn decode(&self, symbols: &[u8]) -> String {
        symbols.iter().map(|&s| self.alphabet[s as usize]).collect()
    }

    /// Where writing starts by default: a new line where the text has them (a word list's next word), else
    /// a space, else the text's first character.
    pub fn default_start(&self) -> Vec<u8> {
        let start = ['\n', ' '].into_iter().find(|c| self.alphabet.contains(c)).unwrap_or(self.alphabet[0]);
        self.encode(&start.to_string())
    }

    /// One-hot symbols in, one-hot next symbols out, at every step.
    pub fn shape(&self) -> SequenceShape {
        let symbols = self.vocabulary();
        SequenceShape {
            steps: self.length,
            inputs: symbols,
            outputs: symbols,
            readout: Readout::EveryStep,
            loss: Loss::SoftmaxCrossEntropy,
        }
    }

    fn one_hot(&self, symbols: &[u8], out: &mut Vec<f32>) {
        let vocabulary = self.vocabulary();
        for &s in symbols {
            out.extend((0..vocabulary).map(|c| f32::from(u8::from(c == s as usize))));
        }
    }

    /// `count` windows from random places of the training part, and each step's next character.
    pub fn batch(&self, rng: &mut Rng, count: usize) -> (Vec<f32>, Vec<f32>) {
        let (mut inputs, mut targets) = (Vec::new(), Vec::new());
        for _ in 0..count {
            let start = rng.below(self.held_out - self.length);
            self.one_hot(&self.symbols[start..start + self.length], &mut inputs);
            self.one_hot(&self.symbols[start + 1..start + self.length + 1], &mut targets);
        }
        (inputs, targets)
    }

    /// The held-out tail's first window (the first of `test_windows`).
    pub fn first_held_out(&self) -> &[u8] {
        &self.symbols[self.held_out..self.held_out + self.length]
    }

    /// The held-out tail cut into windows, one after another, filled up to whole batches of `batch`.
    pub fn test_windows(&self, batch: usize) -> TestWindows {
        let tail = &self.symbols[self.held_out..];
        let windows = ((tail.len() - 1) / self.length).min(MAX_TEST_WINDOWS);
        let (mut inputs, mut targets) = (Vec::new(), Vec::new());
        for w in 0..windows.div_ceil(batch) * batch {
            let start = (w % windows) * self.length;
            self.one_hot(&tail[start..start + self.length], &mut inputs);
            if w < windows {
                targets.extend(&tail[start + 1..start + self.length + 1]);
            }
        }
        TestWindows { inputs, targets, windows }
    }

    /// The perplexity of a model that knows only how often each character comes in the training part
    /// (counted with one added to each, so none is impossible), on the held-out windows' characters: what a
    /// network that learned nothing from the order of characters reaches.
    pub fn unigram_perplexity(&self, test: &TestWindows) -> f32 {
        let mut counts = vec![1.0f64; self.vocabulary()];
        for &s in &self.symbols[..self.held_out] {
            counts[s as usize] += 1.0;
        }
        let total: f64 = counts.iter().sum();
        let nats: f64 = test.targets.iter().map(|&s| -(counts[s as usize] / total).ln()).sum();
        (nats / test.targets.len() as f64).exp() as f32
    }

    /// Text the network writes after `start`, `count` characters a row: row 0 the most likely character
    /// each step, the others drawn at `temperature` (0: all argmax). Every row of the network's batch is
    /// written at once, one forward pass a character.
    pub async fn write<B: Backend>(
        &self,
        net: &mut SequenceNet<'_, B>,
        start: &[u8],
        count: usize,
        temperature: f32,
        rng: &mut Rng,
    ) -> Vec<Vec<u8>> {
        let (rows, vocabulary, steps) = (net.config.batch, self.vocabulary(), self.length);
        let mut written: Vec<Vec<u8>> = vec![start.to_vec(); rows];
        for _ in 0..count {
            // Each row's last `steps` characters from a zero state, as in training; no input after them.
            let mut inputs = Vec::with_capacity(rows * steps * vocabulary);
            let mut last = Vec::with_capacity(rows);
            for row in &written {
                let read = &row[row.len().saturating_sub(steps)..];
                self.one_hot(read, &mut inputs);
                inputs.resize(inputs.len() + (steps - read.len()) * vocabulary, 0.0);
                last.push(read.len() - 1);
            }
            let logits = net.outputs(&inputs).await;
            for (r, row) in written.iter_mut().enumerate() {
                let at = (r * steps + last[r]) * vocabulary;
                let t = if r == 0 { 0.0 } else { temperature };
                row.push(choose(&logits[at..at + vocabulary], t, rng) as u8);
            }
        }
        written.into_iter().map(|row| row[start.len()..].to_vec()).collect()
    }
}

/// The index of the largest logit at temperature 0; else one drawn with probability ∝ exp(logit / t).
pub fn choose(logits: &[f32], temperature: f32, rng: &mut Rng) -> usize {
    let largest = (0..logits.len()).max_by(|&a, &b| logits[a].total_cmp(&logits[b])).expect("logits");
    if temperature <= 0.0 {
        return largest;
    }
    let weights: Vec<f32> = logits.iter().map(|l| ((l - logits[largest]) / temperature).exp()).collect();
    let mut left = rng.uniform() * weights.iter().sum::<f32>();
    for (i, w) in weights.iter().enumerate() {
        if left < *w {
            return i;
        }
        left -= w;
    }
    largest
}

/// e to the mean over `targets` of −log softmax(logits) at the target: `logits` [windows, steps,
/// vocabulary] (rows past the targets' are left out), `targets` a symbol per step.
pub fn perplexity(logits: &[f32], targets: &[u8], vocabulary: usize) -> f32 {
    let nats: f64 = logits
        .chunks_exact(vocabulary)
        .zip(targets)
        .map(|(row, &t)| {
            let top = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f64 = row.iter().map(|&l| f64::from(l - top).exp()).sum();
            sum.ln() - f64::from(row[t as usize] - top)
        })
        .sum();
    (nats / targets.len() as f64).exp() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perplexity_is_worked_by_hand() {
        // Two steps of two symbols: logits (0, 0) give ½ to each; (ln 3, 0) give ¾ to the first.
        let logits = [0.0, 0.0, 3f32.ln(), 0.0];
        let expected = (0.5f64 * (2f64.ln() + (4.0f64 / 3.0).ln())).exp() as f32;
        assert!((perplexity(&logits, &[1, 0], 2) - expected).abs() < 1e-6);
        // A uniform guess among n is perplexity n.
        assert!((perplexity(&[0.5; 5], &[3], 5) - 5.0).abs() < 1e-5);
    }

    #[test]
    fn the_alphabet_keeps_the_commonest_characters_and_reads_the_rest_as_one() {
        let text = CharText::new("abba cab\n".repeat(30).as_str(), 4).unwrap();
        assert_eq!(text.alphabet(), ['\n', ' ', 'a', 'b', 'c']);
        assert_eq!(text.decode(&text.encode("cab\nz")), "cab\n");
        assert_eq!(text.default_start(), text.encode("\n"));
        // 100 distinct characters, the first ones commonest: the 95 commonest stay, the others are one.
        let many: String = (0..100u32)
            .flat_map(|i| std::iter::repeat_n(char::from_u32(0x100 + i).unwrap(), 200 - i as usize))
            .collect();
        let text = CharText::new(&many, 4).unwrap();
        assert_eq!(text.vocabulary(), MAX_ALPHABET);
        assert_eq!(*text.alphabet().last().unwrap(), UNKNOWN);
        assert_eq!(text.decode(&text.encode("\u{100}\u{163}")), "\u{100}\u{fffd}");
    }

    #[test]
    fn a_window_s_targets_are_its_characters_one_step_on_and_the_tail_is_held_out() {
        let source: String = (0..400).map(|i| char::from(b'a' + (i % 7) as u8)).collect();
        let text = CharText::new(&source, 5).unwrap();
        let (inputs, targets) = text.batch(&mut Rng::new(1), 3);
        let symbols = |one_hot: &[f32]| -> Vec<usize> {
            one_hot.chunks(7).map(|row| row.iter().position(|&v| v == 1.0).unwrap()).collect()
        };
        let (read, next) = (symbols(&inputs), symbols(&targets));
        assert_eq!(read.len(), 15);
        for (r, n) in read.iter().zip(&next) {
            assert_eq!(*n, (r + 1) % 7);
        }
        // 40 held-out characters make 7 windows of 5 with a next character each; two batches of 4.
        let test = text.test_windows(4);
        assert_eq!((test.windows, test.targets.len(), test.inputs.len()), (7, 35, 8 * 5 * 7));
        assert_eq!(text.held_out, 360);
        let first: Vec<usize> = text.first_held_out().iter().map(|&s| usize::from(s)).collect();
        assert_eq!(symbols(&test.inputs[..5 * 7]), first);
        assert_eq!(test.targets[..4], text.first_held_out()[1..]);
        assert_eq!(CharText::new("short", 5).unwrap_err(), TextRefused::TooShort { needed: 12, got: 5, length: 5 });
    }

    #[test]
    fn choosing_at_temperature_zero_is_argmax_and_higher_temperatures_spread_the_draws() {
        let logits = [1.0, 3.0, 2.0];
        let mut rng = Rng::new(2);
        assert_eq!(choose(&logits, 0.0, &mut rng), 1);
        let share_of_top =
            |t: f32, rng: &mut Rng| (0..4000).filter(|_| choose(&logits, t, rng) == 1).count() as f32 / 4000.0;
        // At t = 1 the top symbol's probability is e³ / (e + e³ + e²) = 0.665.
        assert!((share_of_top(1.0, &mut rng) - 0.665).abs() < 0.03);
        assert!(share_of_top(0.2, &mut rng) > 0.97);
        assert!(share_of_top(10.0, &mut rng) < 0.4);
    }
}
