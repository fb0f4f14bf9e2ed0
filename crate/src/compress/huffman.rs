//! Huffman coding of a byte stream (Deep Compression's last stage: the quantised weights and the sparse
//! indices are far from uniform). Canonical codes, so the table is the code lengths alone — of the symbols
//! present only, as (symbol, length) pairs, where that is shorter than all 256 lengths, since a 16-symbol
//! stream of a small network must not pay for a 256-entry table; codes are limited to 24 bits by flattening
//! the counts, which costs next to nothing on real streams.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const MAX_LENGTH: u8 = 24;

/// `symbols` coded: the count (u32 LE), the table — the number of symbols present (u8, 0 for all 256
/// lengths that follow) and their (symbol, length) pairs —, then the bits, most significant first.
pub fn encode(symbols: &[u8]) -> Vec<u8> {
    let mut counts = [0u64; 256];
    symbols.iter().for_each(|&s| counts[usize::from(s)] += 1);
    let lengths = code_lengths(&counts);
    let codes = canonical(&lengths);
    let mut out = Vec::with_capacity(4 + 256 + symbols.len() / 2);
    out.extend_from_slice(&(symbols.len() as u32).to_le_bytes());
    let present: Vec<u8> = (0..=255u8).filter(|&s| lengths[usize::from(s)] > 0).collect();
    if present.is_empty() || present.len() >= 128 {
        out.push(0);
        out.extend_from_slice(&lengths);
    } else {
        out.push(present.len() as u8);
        out.extend(present.iter().flat_map(|&s| [s, lengths[usize::from(s)]]));
    }
    let (mut buffer, mut filled) = (0u64, 0u32);
    for &s in symbols {
        let (code, length) = (codes[usize::from(s)], u32::from(lengths[usize::from(s)]));
        buffer = (buffer << length) | u64::from(code);
        filled += length;
        while filled >= 8 {
            filled -= 8;
            out.push((buffer >> filled) as u8);
        }
    }
    if filled > 0 {
        out.push((buffer << (8 - filled)) as u8);
    }
    out
}

/// The stream `encode` made, or why these bytes are not one.
pub fn decode(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let damaged = |why: &str| format!("a damaged Huffman stream: {why}");
    let count = bytes.get(..4).ok_or_else(|| damaged("too short"))?;
    let count = u32::from_le_bytes(count.try_into().expect("4 bytes")) as usize;
    let present = usize::from(*bytes.get(4).ok_or_else(|| damaged("no code table"))?);
    let mut lengths = [0u8; 256];
    let bits_from = if present == 0 {
        lengths.copy_from_slice(bytes.get(5..261).ok_or_else(|| damaged("no code table"))?);
        261
    } else {
        let pairs = bytes.get(5..5 + 2 * present).ok_or_else(|| damaged("no code table"))?;
        pairs.chunks_exact(2).for_each(|p| lengths[usize::from(p[0])] = p[1]);
        5 + 2 * present
    };
    if lengths.iter().any(|&l| l > MAX_LENGTH) {
        return Err(damaged("a code longer than 24 bits"));
    }
    let codes = canonical(&lengths);
    // (length, code) → symbol, looked up per length as the bits arrive.
    let mut table: Vec<Vec<(u32, u8)>> = vec![Vec::new(); usize::from(MAX_LENGTH) + 1];
    for s in 0..256 {
        if lengths[s] > 0 {
            table[usize::from(lengths[s])].push((codes[s], s as u8));
        }
    }
    table.iter_mut().for_each(|t| t.sort_unstable());
    let mut out = Vec::with_capacity(count);
    let (mut code, mut length) = (0u32, 0usize);
    'bits: for &byte in &bytes[bits_from..] {
        for bit in (0..8).rev() {
            if out.len() == count {
                break 'bits;
            }
            code = (code << 1) | u32::from((byte >> bit) & 1);
            length += 1;
            if length > usize::from(MAX_LENGTH) {
                return Err(damaged("a code that is in no table"));
            }
            if let Ok(i) = table[length].binary_search_by_key(&code, |&(c, _)| c) {
                out.push(table[length][i].1);
                (code, length) = (0, 0);
            }
        }
    }
    if out.len() != count {
        return Err(damaged("it ends early"));
    }
    Ok(out)
}

/// Huffman code lengths for `counts` (0 for an absent symbol), at most `MAX_LENGTH`.
fn code_lengths(counts: &[u64; 256]) -> [u8; 256] {
    let mut counts = *counts;
    loop {
        let lengths = unlimited_lengths(&counts);
        if lengths.iter().all(|&l| l <= MAX_LENGTH) {
            return lengths;
        }
        // Too deep a tree: halve the counts (keeping every present symbol present) and build again.
        counts.iter_mut().filter(|c| **c > 0).for_each(|c| *c = (*c).div_ceil(2));
    }
}

fn unlimited_lengths(counts: &[u64; 256]) -> [u8; 256] {
    let mut lengths = [0u8; 256];
    let present: Vec<usize> = (0..256).filter(|&s| counts[s] > 0).collect();
    if present.len() == 1 {
        lengths[present[0]] = 1;
        return lengths;
    }
    // Nodes: leaves 0..256, inner nodes after; each remembers its parent.
    let mut parent: Vec<usize> = vec![usize::MAX; 256];
    let mut heap: BinaryHeap<Reverse<(u64, usize)>> = present.iter().map(|&s| Reverse((counts[s], s))).collect();
    while heap.len() > 1 {
        let (Reverse((a, i)), Reverse((b, j))) = (heap.pop().unwrap(), heap.pop().unwrap());
        let node = parent.len();
        parent.push(usize::MAX);
        parent[i] = node;
        parent[j] = node;
        heap.push(Reverse((a + b, node)));
    }
    for &s in &present {
        let (mut node, mut depth) = (s, 0u8);
        while parent[node] != usize::MAX {
            node = parent[node];
            depth = depth.saturating_add(1);
        }
        lengths[s] = depth;
    }
    lengths
}

/// Canonical codes for `lengths`: shorter codes first, then by symbol.
fn canonical(lengths: &[u8; 256]) -> [u32; 256] {
    let mut codes = [0u32; 256];
    let mut order: Vec<usize> = (0..256).filter(|&s| lengths[s] > 0).collect();
    order.sort_by_key(|&s| (lengths[s], s));
    let (mut code, mut previous) = (0u32, 0u8);
    for (n, &s) in order.iter().enumerate() {
        if n > 0 {
            code = (code + 1) << (lengths[s] - previous);
        } else {
            code <<= lengths[s] - previous;
        }
        codes[s] = code;
        previous = lengths[s];
    }
    codes
}
