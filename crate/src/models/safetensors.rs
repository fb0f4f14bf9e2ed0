//! Saving and loading a CNN as safetensors: an 8-byte little-endian header length, a JSON header naming
//! each tensor's dtype, shape and byte range, then the raw little-endian data. The architecture travels in
//! the header's `__metadata__` (as `CnnSpec` JSON), so a file is all it takes to rebuild the network.

use super::cnn::CnnSpec;
use serde_json::{json, Map, Value};

const FORMAT: &str = "playground-cnn";

/// The file for `spec` with `values` in `CnnSpec::parameter_shapes` order.
pub fn write(spec: &CnnSpec, values: &[Vec<f32>]) -> Result<Vec<u8>, String> {
    let shapes = spec.parameter_shapes()?;
    let mut header = Map::new();
    let architecture = serde_json::to_string(spec).expect("plain data");
    header.insert("__metadata__".into(), json!({ "format": FORMAT, "architecture": architecture }));
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
    Ok(out)
}

/// The architecture and tensors in a file `write` made; errors say what is wrong with it.
pub fn read(bytes: &[u8]) -> Result<(CnnSpec, Vec<Vec<f32>>), String> {
    let length = bytes.get(..8).ok_or("not a safetensors file: shorter than its 8-byte header length")?;
    let length = u64::from_le_bytes(length.try_into().expect("8 bytes")) as usize;
    let header = bytes.get(8..8 + length).ok_or("not a safetensors file: the header length exceeds the file")?;
    let header: Map<String, Value> =
        serde_json::from_slice(header).map_err(|e| format!("not a safetensors file: its header is not JSON ({e})"))?;
    let metadata = header.get("__metadata__").ok_or("the file has no __metadata__: not saved by this playground")?;
    if metadata["format"] != FORMAT {
        return Err(format!("the file's format is {}, not {FORMAT}", metadata["format"]));
    }
    let architecture = metadata["architecture"].as_str().ok_or("the file's metadata has no architecture")?;
    let spec: CnnSpec =
        serde_json::from_str(architecture).map_err(|e| format!("the architecture is not valid: {e}"))?;
    let data = &bytes[8 + length..];
    let values = spec
        .parameter_shapes()?
        .into_iter()
        .map(|(name, shape)| {
            let entry = header.get(&name).ok_or_else(|| format!("the file lacks tensor {name}"))?;
            let stored: Vec<usize> =
                serde_json::from_value(entry["shape"].clone()).map_err(|e| format!("{name}: shape: {e}"))?;
            if stored != shape || entry["dtype"] != "F32" {
                return Err(format!("{name}: {} {stored:?}, the architecture needs F32 {shape:?}", entry["dtype"]));
            }
            let [start, end]: [usize; 2] = serde_json::from_value(entry["data_offsets"].clone())
                .map_err(|e| format!("{name}: data_offsets: {e}"))?;
            let raw = data.get(start..end).filter(|r| r.len() == 4 * shape.iter().product::<usize>());
            let raw = raw.ok_or_else(|| format!("{name}: its data ({start}..{end}) is missing or the wrong size"))?;
            Ok(raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((spec, values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ops::PoolKind;
    use crate::models::cnn::{CnnSpec, ConvBlock};

    fn spec() -> CnnSpec {
        CnnSpec {
            blocks: vec![ConvBlock { filters: 3, kernel: 5, pooling: PoolKind::Average }],
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
        assert!(read(&bytes[..4]).unwrap_err().contains("shorter than"));
        assert!(read(&bytes[..bytes.len() - 4]).unwrap_err().contains("dense2.bias: its data"));
        assert!(read(b"\x02\0\0\0\0\0\0\0{x").unwrap_err().contains("not JSON"));
        let other = write(&CnnSpec::default(), &counting(&CnnSpec::default())).unwrap();
        let mut mixed = other[..8 + u64::from_le_bytes(other[..8].try_into().unwrap()) as usize].to_vec();
        mixed.extend_from_slice(&bytes[bytes.len() - 8..]);
        assert!(read(&mixed).unwrap_err().contains("its data"));
    }
}
