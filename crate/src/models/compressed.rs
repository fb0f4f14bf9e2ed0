//! The compressed network file: `PGCZ`, a version byte, a little-endian u32 header length, a JSON header (the
//! CNN's architecture and how each tensor is stored), then each tensor's byte streams in order. A tensor is
//! dense or sparse (its nonzero positions as gaps of at most 255, with zero-valued fillers for longer
//! ones, as Deep Compression stores them), whole or as two low-rank factors, and its values are float32,
//! float16, int8 with scales, or indices into a shared codebook; the byte streams may be Huffman-coded. The
//! scales and codebooks are float32 in a stream of their own, not in the JSON, so that their size is what
//! they cost.

use super::cnn::CnnSpec;
use crate::compress::quantise::{dequantise, f16_bits, f32_from_f16, int8, Granularity};
use crate::compress::svd::{product, svd};
use crate::compress::{huffman, is_weight, kmeans, Encoding, ValueCoding};
use serde::{Deserialize, Serialize};

pub const MAGIC: &[u8; 4] = b"PGCZ";
const VERSION: u8 = 1;
/// A tensor is stored sparse when at least this fraction of it is zero.
const SPARSE_FROM: f32 = 0.3;

#[derive(Serialize, Deserialize)]
struct Header {
    architecture: CnnSpec,
    tensors: Vec<Stored>,
}

/// How one tensor is stored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    name: String,
    shape: Vec<usize>,
    /// Stored entries (nonzero values and fillers) when sparse.
    sparse: Option<usize>,
    /// The rank of its two factors, [rows, r] and [r, columns], when stored low-rank.
    rank: Option<usize>,
    values: StoredValues,
    huffman: bool,
    /// Byte lengths of its streams: the scales or codebooks (for int8 and shared values), the gaps (when
    /// sparse), then the values (of each factor when low-rank).
    streams: Vec<usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
enum StoredValues {
    F32,
    F16,
    /// Each part's (factor's) number of scales.
    Int8 {
        tables: Vec<usize>,
    },
    /// Each part's codebook size.
    Shared {
        bits: u8,
        tables: Vec<usize>,
    },
}

impl StoredValues {
    /// Each part's table length (scales or codebook), none for float values.
    fn tables(&self) -> &[usize] {
        match self {
            StoredValues::Int8 { tables } | StoredValues::Shared { tables, .. } => tables,
            StoredValues::F32 | StoredValues::F16 => &[],
        }
    }
}

/// One part of a tensor coded: its bytes, its table (the scales or the codebook) and how it is stored.
struct Coded {
    bytes: Vec<u8>,
    table: Vec<f32>,
    stored: StoredValues,
}

/// A tensor as a matrix: a convolution's [kh, kw, in, out] as [kh · kw · in, out], a dense layer's as is.
fn matrix(shape: &[usize]) -> (usize, usize) {
    let columns = *shape.last().unwrap_or(&1);
    (shape.iter().product::<usize>() / columns.max(1), columns)
}

/// The file for network `spec` with `values` (`CnnSpec::parameter_shapes` order) stored by `encoding`.
pub fn write(spec: &CnnSpec, values: &[Vec<f32>], encoding: &Encoding) -> Result<Vec<u8>, String> {
    let shapes = spec.parameter_shapes()?;
    if shapes.len() != values.len() {
        return Err(format!("{} tensors for a network of {}", values.len(), shapes.len()));
    }
    let mut tensors = Vec::new();
    let mut data = Vec::new();
    let mut weights = 0;
    for ((name, shape), values) in shapes.into_iter().zip(values) {
        let rank = if is_weight(&name) { encoding.rank_of(weights) } else { None };
        weights += usize::from(is_weight(&name));
        let (stored, streams) = store(name, shape, values, encoding, rank);
        tensors.push(stored);
        streams.into_iter().for_each(|s| data.extend(s));
    }
    let header = serde_json::to_vec(&Header { architecture: spec.clone(), tensors }).expect("plain data");
    let mut out = Vec::with_capacity(9 + header.len() + data.len());
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend(header);
    out.extend(data);
    Ok(out)
}

/// One tensor stored by `encoding` (a bias always as float32): how, and its byte streams in file order.
/// `rank`: the rank a weight is factored to (`Encoding::rank_of`).
fn store(
    name: String,
    shape: Vec<usize>,
    values: &[f32],
    encoding: &Encoding,
    rank: Option<usize>,
) -> (Stored, Vec<Vec<u8>>) {
    let weight = is_weight(&name);
    let coding = if weight { encoding.values } else { ValueCoding::F32 };
    let huffman = encoding.huffman && weight;
    let (rows, columns) = matrix(&shape);
    let low_rank = rank.filter(|&r| weight && shape.len() >= 2 && r < rows.min(columns));
    let zeros = values.iter().filter(|v| **v == 0.0).count();
    let sparse = low_rank.is_none() && weight && zeros as f32 >= SPARSE_FROM * values.len() as f32;
    let (mut gaps, mut entries) = (None, None);
    let parts = if let Some(r) = low_rank {
        let (left, right) = svd(values, rows, columns).factors(r);
        vec![code_values(&left, r, coding, huffman, false), code_values(&right, columns, coding, huffman, false)]
    } else if sparse {
        let (positions, kept) = sparse_entries(values);
        gaps = Some(maybe_huffman(positions, huffman));
        entries = Some(kept.len());
        let kept: Vec<f32> = kept.iter().map(|&(_, v)| v).collect();
        // Per-channel scales are lost with the positions: one scale, or one codebook, per tensor.
        vec![code_values(&kept, 1, coding, huffman, true)]
    } else {
        vec![code_values(values, columns, coding, huffman, zeros > 0)]
    };
    let tables: Vec<f32> = parts.iter().flat_map(|p| p.table.iter().copied()).collect();
    let mut streams: Vec<Vec<u8>> = Vec::new();
    if !tables.is_empty() {
        streams.push(tables.iter().flat_map(|v| v.to_le_bytes()).collect());
    }
    streams.extend(gaps);
    let mut parts = parts.into_iter();
    let first = parts.next().expect("one part at least");
    streams.push(first.bytes);
    let stored_values = parts.fold(first.stored, |stored, part| {
        streams.push(part.bytes);
        merge(stored, part.stored)
    });
    let stored = Stored {
        name,
        shape,
        sparse: entries,
        rank: low_rank,
        values: stored_values,
        huffman,
        streams: streams.iter().map(Vec::len).collect(),
    };
    (stored, streams)
}

/// One tensor (a weight: named without ".bias") stored by `encoding` and read back: what a network computes
/// with, and the bytes it costs. For networks the file does not describe (the served models).
pub fn round_trip(
    shape: &[usize],
    values: &[f32],
    encoding: &Encoding,
    rank: Option<usize>,
) -> Result<(Vec<f32>, usize), String> {
    let (stored, streams) = store("weight".into(), shape.to_vec(), values, encoding, rank);
    let streams: Vec<&[u8]> = streams.iter().map(Vec::as_slice).collect();
    Ok((decode_tensor(&stored, &streams)?, streams.iter().map(|s| s.len()).sum()))
}

/// Two factors' stored values as one (their tables one after the other).
fn merge(a: StoredValues, b: StoredValues) -> StoredValues {
    match (a, b) {
        (StoredValues::Int8 { tables: mut a }, StoredValues::Int8 { tables: b }) => {
            a.extend(b);
            StoredValues::Int8 { tables: a }
        }
        (StoredValues::Shared { bits, tables: mut a }, StoredValues::Shared { tables: b, .. }) => {
            a.extend(b);
            StoredValues::Shared { bits, tables: a }
        }
        (a, _) => a,
    }
}

/// Nonzero values as (gap since the previous entry, value), with a zero filler after every 255 zeros; the
/// gaps as bytes.
fn sparse_entries(values: &[f32]) -> (Vec<u8>, Vec<(u8, f32)>) {
    let mut entries = Vec::new();
    let mut gap = 0usize;
    for &v in values {
        if v == 0.0 {
            gap += 1;
            if gap == 256 {
                entries.push((255, 0.0));
                gap = 0;
            }
            continue;
        }
        entries.push((gap as u8, v));
        gap = 0;
    }
    (entries.iter().map(|&(g, _)| g).collect(), entries)
}

fn maybe_huffman(bytes: Vec<u8>, huffman: bool) -> Vec<u8> {
    if huffman {
        huffman::encode(&bytes)
    } else {
        bytes
    }
}

/// `values` (with `channels` output channels last) in `coding`: the bytes, and what decoding them needs.
/// `zero_code`: the codebook keeps an exact zero (pruned weights, fillers).
fn code_values(values: &[f32], channels: usize, coding: ValueCoding, huffman: bool, zero_code: bool) -> Coded {
    let plain = |bytes: Vec<u8>, stored| Coded { bytes, table: Vec::new(), stored };
    match coding {
        ValueCoding::F32 => plain(values.iter().flat_map(|v| v.to_le_bytes()).collect(), StoredValues::F32),
        ValueCoding::F16 => plain(values.iter().flat_map(|&v| f16_bits(v).to_le_bytes()).collect(), StoredValues::F16),
        ValueCoding::Int8 { per_channel } => {
            let granularity = if per_channel { Granularity::Channel } else { Granularity::Tensor };
            let (q, scales) = int8(values, channels, granularity);
            let bytes = maybe_huffman(q.iter().map(|&q| q as u8).collect(), huffman);
            Coded { bytes, stored: StoredValues::Int8 { tables: vec![scales.len()] }, table: scales }
        }
        ValueCoding::Shared { bits } => {
            let bits = bits.clamp(1, 8);
            let slots = 1usize << bits;
            let codebook = kmeans::codebook(values, slots, zero_code);
            let indices: Vec<u8> = values.iter().map(|&v| kmeans::code(&codebook, v, zero_code) as u8).collect();
            let bytes = if huffman { huffman::encode(&indices) } else { pack(&indices, bits) };
            Coded { bytes, stored: StoredValues::Shared { bits, tables: vec![codebook.len()] }, table: codebook }
        }
    }
}

/// `indices` of `bits` bits each, packed most significant first.
fn pack(indices: &[u8], bits: u8) -> Vec<u8> {
    let mut out = vec![0u8; (indices.len() * usize::from(bits)).div_ceil(8)];
    for (n, &index) in indices.iter().enumerate() {
        for b in 0..usize::from(bits) {
            if index >> (usize::from(bits) - 1 - b) & 1 == 1 {
                let at = n * usize::from(bits) + b;
                out[at / 8] |= 0x80 >> (at % 8);
            }
        }
    }
    out
}

fn unpack(bytes: &[u8], bits: u8, count: usize) -> Option<Vec<u8>> {
    if bytes.len() != (count * usize::from(bits)).div_ceil(8) {
        return None;
    }
    Some(
        (0..count)
            .map(|n| {
                (0..usize::from(bits)).fold(0u8, |index, b| {
                    let at = n * usize::from(bits) + b;
                    (index << 1) | ((bytes[at / 8] >> (7 - at % 8)) & 1)
                })
            })
            .collect(),
    )
}

/// Whether `bytes` are a compressed network file (by its first bytes).
pub fn is_compressed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// What one tensor costs in a file: its parameters, the values stored for them (fewer when sparse, fewer
/// or more when low-rank) and its bytes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TensorSize {
    pub name: String,
    pub parameters: usize,
    pub stored: usize,
    pub bytes: usize,
}

/// Each tensor's size in file `bytes`, in the network's order.
pub fn tensor_sizes(bytes: &[u8]) -> Result<Vec<TensorSize>, String> {
    let (header, _) = header(bytes)?;
    let sizes = header.tensors.iter().map(|t| {
        let parameters = t.shape.iter().product();
        let (rows, columns) = matrix(&t.shape);
        let stored = match (t.rank, t.sparse) {
            (Some(r), _) => r * (rows + columns),
            (None, Some(entries)) => entries,
            (None, None) => parameters,
        };
        TensorSize { name: t.name.clone(), parameters, stored, bytes: t.streams.iter().sum() }
    });
    Ok(sizes.collect())
}

/// A file's header, and where its data starts.
fn header(bytes: &[u8]) -> Result<(Header, usize), String> {
    if !is_compressed(bytes) {
        return Err("not a compressed network file".into());
    }
    match bytes.get(4) {
        Some(&VERSION) => {}
        version => return Err(format!("a compressed file of version {version:?}; this playground reads {VERSION}")),
    }
    let length = bytes.get(5..9).ok_or("the file ends in its header")?;
    let length = u32::from_le_bytes(length.try_into().expect("4 bytes")) as usize;
    let header = bytes.get(9..9usize.saturating_add(length)).ok_or("the file ends in its header")?;
    let header: Header = serde_json::from_slice(header).map_err(|e| format!("its header is damaged ({e})"))?;
    Ok((header, 9 + length))
}

/// The network in a file `write` made, its tensors decoded to float32; errors say what is damaged.
pub fn read(bytes: &[u8]) -> Result<(CnnSpec, Vec<Vec<f32>>), String> {
    let (header, start) = header(bytes)?;
    let needed = header.architecture.parameter_shapes()?;
    if needed.len() != header.tensors.len() {
        return Err(format!("{} tensors for a network of {}", header.tensors.len(), needed.len()));
    }
    let mut data = &bytes[start..];
    let mut values = Vec::with_capacity(needed.len());
    for (stored, (name, shape)) in header.tensors.iter().zip(needed) {
        if stored.name != name || stored.shape != shape {
            return Err(format!("tensor {} {:?} where the network needs {name} {shape:?}", stored.name, stored.shape));
        }
        let mut streams = Vec::with_capacity(stored.streams.len());
        for &len in &stored.streams {
            if len > data.len() {
                return Err(format!("{name}: the file ends in its data; is the file whole?"));
            }
            let (stream, rest) = data.split_at(len);
            streams.push(stream);
            data = rest;
        }
        let decoded = decode_tensor(stored, &streams).map_err(|why| format!("{name}: {why}"))?;
        values.push(decoded);
    }
    if !data.is_empty() {
        return Err(format!("{} bytes after the last tensor: not a file this playground wrote", data.len()));
    }
    Ok((header.architecture, values))
}

fn decode_tensor(stored: &Stored, streams: &[&[u8]]) -> Result<Vec<f32>, String> {
    let len: usize = stored.shape.iter().product();
    let (rows, columns) = matrix(&stored.shape);
    // The tables stream first where the values need one, then the rest in order.
    let lengths = stored.values.tables();
    let (tables, streams) = match lengths.is_empty() {
        true => (Vec::new(), streams),
        false => {
            let bytes = streams.first().ok_or("its scales or codebook are missing")?;
            if bytes.len() != 4 * lengths.iter().sum::<usize>() {
                return Err("its scales or codebook are the wrong size".into());
            }
            let floats: Vec<f32> =
                bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4"))).collect();
            let mut rest = &floats[..];
            let tables = lengths.iter().map(|&n| {
                let (table, after) = rest.split_at(n);
                rest = after;
                table.to_vec()
            });
            (tables.collect(), &streams[1..])
        }
    };
    let table = |part: usize| tables.get(part).map_or(&[][..], Vec::as_slice);
    let stream = |i: usize| streams.get(i).copied().ok_or_else(|| "a stream is missing".to_string());
    let values = &stored.values;
    if let Some(r) = stored.rank {
        let left = decode_values(values, table(0), stream(0)?, rows * r, stored.huffman)?;
        let right = decode_values(values, table(1), stream(1)?, r * columns, stored.huffman)?;
        return Ok(product(&left, &right, rows, r, columns));
    }
    let Some(entries) = stored.sparse else {
        return decode_values(values, table(0), stream(0)?, len, stored.huffman);
    };
    let gaps = if stored.huffman { huffman::decode(stream(0)?)? } else { stream(0)?.to_vec() };
    if gaps.len() != entries {
        return Err(format!("{} positions for {entries} entries", gaps.len()));
    }
    let kept = decode_values(values, table(0), stream(1)?, entries, stored.huffman)?;
    let mut out = vec![0f32; len];
    let mut at = 0usize;
    for (n, (&gap, &v)) in gaps.iter().zip(&kept).enumerate() {
        at += usize::from(gap) + usize::from(n > 0);
        *out.get_mut(at).ok_or("a position beyond the tensor")? = v;
    }
    Ok(out)
}

/// `count` values of one part from `bytes`, with its `table` (scales or codebook).
fn decode_values(
    stored: &StoredValues,
    table: &[f32],
    bytes: &[u8],
    count: usize,
    huffman: bool,
) -> Result<Vec<f32>, String> {
    let symbols = |bytes: &[u8]| if huffman { huffman::decode(bytes) } else { Ok(bytes.to_vec()) };
    let wrong = || format!("{} bytes do not hold {count} values", bytes.len());
    match stored {
        StoredValues::F32 if bytes.len() == 4 * count => {
            Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect())
        }
        StoredValues::F16 if bytes.len() == 2 * count => {
            Ok(bytes.chunks_exact(2).map(|b| f32_from_f16(u16::from_le_bytes([b[0], b[1]]))).collect())
        }
        StoredValues::Int8 { .. } => {
            let q: Vec<i8> = symbols(bytes)?.into_iter().map(|b| b as i8).collect();
            if table.is_empty() {
                return Err("no scales".into());
            }
            if q.len() != count {
                return Err(wrong());
            }
            Ok(dequantise(&q, table))
        }
        StoredValues::Shared { bits, .. } => {
            let codebook = table;
            let indices =
                if huffman { huffman::decode(bytes)? } else { unpack(bytes, *bits, count).ok_or_else(wrong)? };
            if indices.len() != count {
                return Err(wrong());
            }
            indices
                .iter()
                .map(|&i| {
                    codebook.get(usize::from(i)).copied().ok_or_else(|| "an index beyond its codebook".to_string())
                })
                .collect()
        }
        _ => Err(wrong()),
    }
}
