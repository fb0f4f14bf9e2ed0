//! Saving and loading networks as safetensors: an 8-byte little-endian header length, a JSON header naming
//! each tensor's dtype, shape and byte range, then the raw little-endian data. The architecture travels in
//! the header's `__metadata__` (as JSON, with the file's format: which lab's network it is), so a file is
//! all it takes to rebuild the network. `write` and `read` are the CNN lab's; `write_file` and `read_file`
//! serve any architecture that lists its tensors' names and shapes.

use super::cnn::{CnnSpec, SpecError};
use super::compressed;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::fmt;

const FORMAT: &str = "playground-cnn";

/// The CNN lab's file for `spec` with `values` in `CnnSpec::parameter_shapes` order.
pub fn write(spec: &CnnSpec, values: &[Vec<f32>]) -> Result<Vec<u8>, String> {
    Ok(write_file(FORMAT, spec, &spec.parameter_shapes()?, values))
}

/// The CNN lab's architecture and tensors in a file `write` made, or in a compressed one (`compressed`),
/// which every lab that takes a CNN's file so takes too; errors say what is wrong with it.
pub fn read(bytes: &[u8]) -> Result<(CnnSpec, Vec<Vec<f32>>), SafetensorsError> {
    if compressed::is_compressed(bytes) {
        return compressed::read(bytes).map_err(|detail| SafetensorsError::Compressed { detail });
    }
    read_file(bytes, FORMAT, |spec: &CnnSpec| Ok(spec.parameter_shapes()?))
}

/// A file of `format` for `architecture`, with the tensors `shapes` names (name, shape) holding `values`.
pub fn write_file<A: Serialize>(
    format: &str,
    architecture: &A,
    shapes: &[(String, Vec<usize>)],
    values: &[Vec<f32>],
) -> Vec<u8> {
    let mut header = Map::new();
    let architecture = serde_json::to_string(architecture).expect("plain data");
    header.insert("__metadata__".into(), json!({ "format": format, "architecture": architecture }));
    let mut offset = 0;
    for ((name, shape), v) in shapes.iter().zip(values) {
        let end = offset + 4 * v.len();
        header.insert(name.clone(), json!({ "dtype": "F32", "shape": shape, "data_offsets": [offset, end] }));
        offset = end;
    }
    let mut header = serde_json::to_vec(&Value::Object(header)).expect("plain data");
    // Pad with spaces so the data starts 8-byte aligned, as the format recommends.
    header.resize(header.len().next_multiple_of(8), b' ');
    let mut out = Vec::with_capacity(8 + header.len() + offset);
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(&header);
    for v in values {
        out.extend(v.iter().flat_map(|x| x.to_le_bytes()));
    }
    out
}

/// What is wrong with a weights file an attendee brings: a code with parameters the page words in its own
/// language (web/src/i18n: `problems`), and English for the command line (`Display`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case", rename_all_fields = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SafetensorsError {
    /// Shorter than the 8-byte header length, or a header length beyond the file, or a header that is not
    /// JSON: not a safetensors file at all.
    NotSafetensors,
    /// A safetensors file, but not one this playground saved.
    NotOurs,
    WrongFormat {
        format: String,
        expected: String,
    },
    /// The architecture in the metadata does not describe a network (`detail` is the parser's own words).
    Architecture {
        detail: String,
    },
    MissingTensor {
        name: String,
    },
    TensorShape {
        name: String,
        dtype: String,
        stored: Vec<usize>,
        needed: Vec<usize>,
    },
    /// A tensor whose data lies outside the file or has the wrong size.
    TensorData {
        name: String,
    },
    /// A compressed network file (`compressed`) that is damaged: `detail` says where.
    Compressed {
        detail: String,
    },
    /// An architecture the CNN lab cannot build.
    #[serde(untagged)]
    Spec(SpecError),
}

impl fmt::Display for SafetensorsError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Self::NotSafetensors => write!(f, "not a safetensors file"),
            Self::NotOurs => write!(f, "the file has no __metadata__ of this playground: not saved by it"),
            Self::WrongFormat { format, expected } => write!(f, "the file's format is {format}, not {expected}"),
            Self::Architecture { detail } => write!(f, "the architecture is not valid: {detail}"),
            Self::Spec(error) => write!(f, "{error}"),
            Self::MissingTensor { name } => write!(f, "the file lacks tensor {name}"),
            Self::TensorShape { name, dtype, stored, needed } => {
                write!(f, "{name}: {dtype} {stored:?}, the architecture needs F32 {needed:?}")
            }
            Self::TensorData { name } => write!(f, "{name}: its data is missing or the wrong size"),
            Self::Compressed { detail } => write!(f, "a damaged compressed network file: {detail}"),
        }
    }
}

impl std::error::Error for SafetensorsError {}

impl From<SpecError> for SafetensorsError {
    fn from(error: SpecError) -> Self {
        Self::Spec(error)
    }
}

/// The architecture and tensors of a file of `format`, the tensors those `shapes` gives for the
/// architecture names (name, shape), in that order; errors say what is wrong with it.
pub fn read_file<A: DeserializeOwned>(
    bytes: &[u8],
    format: &str,
    shapes: impl FnOnce(&A) -> Result<Vec<(String, Vec<usize>)>, SafetensorsError>,
) -> Result<(A, Vec<Vec<f32>>), SafetensorsError> {
    let length = bytes.get(..8).ok_or(SafetensorsError::NotSafetensors)?;
    let length = u64::from_le_bytes(length.try_into().expect("8 bytes")) as usize;
    let header = 8usize.checked_add(length).and_then(|end| bytes.get(8..end));
    let header: Map<String, Value> =
        header.and_then(|header| serde_json::from_slice(header).ok()).ok_or(SafetensorsError::NotSafetensors)?;
    let metadata = header.get("__metadata__").ok_or(SafetensorsError::NotOurs)?;
    if metadata["format"] != format {
        let found = metadata["format"].as_str().map_or_else(|| metadata["format"].to_string(), str::to_string);
        return Err(SafetensorsError::WrongFormat { format: found, expected: format.into() });
    }
    let architecture = metadata["architecture"].as_str().ok_or(SafetensorsError::NotOurs)?;
    let architecture: A =
        serde_json::from_str(architecture).map_err(|e| SafetensorsError::Architecture { detail: e.to_string() })?;
    let data = &bytes[8 + length..];
    let values = shapes(&architecture)?
        .into_iter()
        .map(|(name, shape)| {
            let entry = header.get(&name).ok_or_else(|| SafetensorsError::MissingTensor { name: name.clone() })?;
            let stored: Option<Vec<usize>> = serde_json::from_value(entry["shape"].clone()).ok();
            if stored.as_ref() != Some(&shape) || entry["dtype"] != "F32" {
                return Err(SafetensorsError::TensorShape {
                    name,
                    dtype: entry["dtype"].as_str().unwrap_or("?").into(),
                    stored: stored.unwrap_or_default(),
                    needed: shape,
                });
            }
            let offsets: Option<[usize; 2]> = serde_json::from_value(entry["data_offsets"].clone()).ok();
            let raw = offsets
                .and_then(|[start, end]| data.get(start..end))
                .filter(|r| r.len() == 4 * shape.iter().product::<usize>())
                .ok_or_else(|| SafetensorsError::TensorData { name: name.clone() })?;
            Ok(raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((architecture, values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ops::PoolKind;
    use crate::models::cnn::{CnnSpec, ConvBlock};

    fn spec() -> CnnSpec {
        CnnSpec {
            blocks: vec![ConvBlock { filters: 3, kernel: 5, pooling: PoolKind::Average, fire: false }],
            hidden: Some(7),
            ..CnnSpec::default()
        }
    }

    fn counting(spec: &CnnSpec) -> Vec<Vec<f32>> {
        let shapes = spec.parameter_shapes().unwrap();
        shapes
            .iter()
            .enumerate()
            .map(|(t, (_, s))| (0..s.iter().product()).map(|i| (t * 1000 + i) as f32 * 0.5).collect())
            .collect()
    }

    #[test]
    fn round_trips_architecture_and_values() {
        let (spec, values) = (spec(), counting(&spec()));
        let bytes = write(&spec, &values).unwrap();
        let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        assert_eq!(header_len % 8, 0);
        assert_eq!(read(&bytes).unwrap(), (spec, values));
    }

    #[test]
    fn damaged_files_say_what_is_wrong() {
        let (spec, values) = (spec(), counting(&spec()));
        let bytes = write(&spec, &values).unwrap();
        assert_eq!(read(&bytes[..4]).unwrap_err(), SafetensorsError::NotSafetensors);
        let cut = read(&bytes[..bytes.len() - 4]).unwrap_err();
        assert_eq!(cut, SafetensorsError::TensorData { name: "dense2.bias".into() });
        assert_eq!(read(b"\x02\0\0\0\0\0\0\0{x").unwrap_err(), SafetensorsError::NotSafetensors);
        assert_eq!(read(&u64::MAX.to_le_bytes()).unwrap_err(), SafetensorsError::NotSafetensors);
        let other = write(&CnnSpec::default(), &counting(&CnnSpec::default())).unwrap();
        let mut mixed = other[..8 + u64::from_le_bytes(other[..8].try_into().unwrap()) as usize].to_vec();
        mixed.extend_from_slice(&bytes[bytes.len() - 8..]);
        assert!(matches!(read(&mixed).unwrap_err(), SafetensorsError::TensorData { .. }));
    }

    #[test]
    fn an_architecture_the_lab_cannot_build_crosses_as_the_lab_s_own_problem() {
        let spec = CnnSpec {
            blocks: vec![ConvBlock { filters: 3, kernel: 7, pooling: PoolKind::Max, fire: false }],
            ..spec()
        };
        let error = SafetensorsError::from(spec.parameter_shapes().unwrap_err());
        // As text: one "code", the lab's own (a tag of ours in front would make two).
        assert_eq!(serde_json::to_string(&error).unwrap(), r#"{"code":"kernel-not-offered","block":1,"kernel":7}"#);
        let json = serde_json::to_value(SafetensorsError::MissingTensor { name: "conv1.weight".into() }).unwrap();
        assert_eq!(json, serde_json::json!({ "code": "missing-tensor", "name": "conv1.weight" }));
    }
}
