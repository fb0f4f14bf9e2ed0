//! The methods of the deck's "memory footprint" section, on plain tensors: magnitude pruning, weight
//! sharing by k-means, int8 and float16, low-rank factors and Huffman coding (`prune`, `kmeans`,
//! `quantise`, `svd`, `huffman`). `models::compressed` writes a network with them into a file of the
//! project's own, whose length is the size reported; a lab computes with what that file decodes to, so
//! accuracy is measured on the file, not on a promise.

pub mod huffman;
pub mod kmeans;
pub mod prune;
pub mod quantise;
pub mod svd;

use serde::{Deserialize, Serialize};

/// How each tensor's values are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ValueCoding {
    F32,
    F16,
    /// Symmetric int8 with one scale per tensor, or per output channel.
    Int8 {
        #[serde(rename = "perChannel")]
        per_channel: bool,
    },
    /// Weight sharing: each weight the index (of `bits` bits) of one of at most 2^bits values per layer,
    /// zero among them where the layer has pruned weights. Biases stay float32.
    Shared {
        bits: u8,
    },
}

/// How a network's file is written: the choices the command line's flags and the page's controls make.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Encoding {
    pub values: ValueCoding,
    /// Weight matrices stored as rank-r factors (a convolution's filters reshaped to a matrix first): a rank
    /// per weight tensor, in order (0: not factored); one rank alone is every tensor's; none, none factored.
    pub ranks: Vec<usize>,
    /// Huffman-code the byte streams: sparse positions, int8 values, shared indices.
    pub huffman: bool,
}

impl Default for Encoding {
    fn default() -> Self {
        Self { values: ValueCoding::F32, ranks: Vec::new(), huffman: false }
    }
}

impl Encoding {
    /// The rank weight tensor `index` (counting weights only, biases aside) is factored to, if any.
    pub fn rank_of(&self, index: usize) -> Option<usize> {
        let rank = if self.ranks.len() == 1 { self.ranks[0] } else { self.ranks.get(index).copied().unwrap_or(0) };
        (rank > 0).then_some(rank)
    }
}

/// Whether a tensor of this name is a weight (pruned, shared, factored) rather than a bias.
pub fn is_weight(name: &str) -> bool {
    !name.ends_with(".bias")
}
