//! TensorFlow.js weights manifests (`*-weights_manifest.json` + binary shards), as face-api.js and other
//! tfjs models ship their weights: groups of named tensors stored back to back across the group's shards,
//! float32 or affine-quantised integers (`value = q · scale + min`). Read into float32 by name.

use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Group {
    paths: Vec<String>,
    weights: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    shape: Vec<usize>,
    dtype: String,
    quantization: Option<Quantization>,
}

#[derive(Deserialize)]
struct Quantization {
    dtype: String,
    scale: f32,
    min: f32,
}

/// A tensor read from a manifest: its shape (tfjs order, HWIO for convolution filters) and values.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// The shard files a manifest names, in the order `read` wants their bytes.
pub fn shard_paths(manifest: &str) -> Result<Vec<String>, String> {
    let groups: Vec<Group> =
        serde_json::from_str(manifest).map_err(|e| format!("the weights manifest is not valid: {e}"))?;
    Ok(groups.into_iter().flat_map(|g| g.paths).collect())
}

/// Every tensor of the manifest; `shard(path)` gives the bytes of each shard it names.
pub fn read(
    manifest: &str,
    mut shard: impl FnMut(&str) -> Result<Vec<u8>, String>,
) -> Result<HashMap<String, Tensor>, String> {
    let groups: Vec<Group> =
        serde_json::from_str(manifest).map_err(|e| format!("the weights manifest is not valid: {e}"))?;
    let mut tensors = HashMap::new();
    for group in groups {
        let mut bytes = Vec::new();
        for path in &group.paths {
            bytes.extend(shard(path)?);
        }
        let mut offset = 0;
        for entry in group.weights {
            let count: usize = entry.shape.iter().product();
            let stored = entry.quantization.as_ref().map_or(entry.dtype.as_str(), |q| q.dtype.as_str());
            let width = match stored {
                "float32" | "int32" => 4,
                "uint16" | "float16" => 2,
                "uint8" => 1,
                other => return Err(format!("{}: stored as {other}, which is not supported", entry.name)),
            };
            let end = offset + count * width;
            let Some(data) = bytes.get(offset..end) else {
                return Err(format!(
                    "{}: needs bytes {offset}..{end} but the shards of its group ({}) hold {}",
                    entry.name,
                    group.paths.join(", "),
                    bytes.len()
                ));
            };
            let values = match (&entry.quantization, stored) {
                (None, "float32") => data.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect(),
                (None, "int32") => {
                    data.chunks_exact(4).map(|b| i32::from_le_bytes(b.try_into().unwrap()) as f32).collect()
                }
                (Some(q), "uint8") => data.iter().map(|&v| v as f32 * q.scale + q.min).collect(),
                (Some(q), "uint16") => data
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes(b.try_into().unwrap()) as f32 * q.scale + q.min)
                    .collect(),
                _ => return Err(format!("{}: {stored} storage of {} is not supported", entry.name, entry.dtype)),
            };
            offset = end;
            tensors.insert(entry.name, Tensor { shape: entry.shape, values });
        }
        if offset != bytes.len() {
            return Err(format!(
                "the shards {} hold {} bytes, the manifest describes {offset}: are they from the same model?",
                group.paths.join(", "),
                bytes.len()
            ));
        }
    }
    Ok(tensors)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"[{"paths": ["a", "b"], "weights": [
        {"name": "q", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
        {"name": "f", "shape": [1], "dtype": "float32"}]}]"#;

    fn shards(path: &str) -> Result<Vec<u8>, String> {
        match path {
            "a" => Ok(vec![0, 1, 2]),
            "b" => Ok([&[4u8][..], &2.5f32.to_le_bytes()].concat()),
            _ => Err(format!("no shard {path}")),
        }
    }

    #[test]
    fn quantised_and_float_tensors_across_shards() {
        let tensors = read(MANIFEST, shards).unwrap();
        assert_eq!(tensors["q"], Tensor { shape: vec![2, 2], values: vec![-1.0, -0.5, 0.0, 1.0] });
        assert_eq!(tensors["f"].values, [2.5]);
        assert_eq!(shard_paths(MANIFEST).unwrap(), ["a", "b"]);
    }

    #[test]
    fn damaged_input_says_what_is_wrong() {
        let short = read(MANIFEST, |p| {
            shards(p).map(|mut b| {
                b.truncate(2);
                b
            })
        });
        assert!(short.unwrap_err().starts_with("f: needs bytes 4..8 but the shards of its group (a, b) hold 4"));
        let long = read(MANIFEST, |p| {
            shards(p).map(|mut b| {
                b.push(0);
                b
            })
        });
        assert!(long.unwrap_err().contains("hold 10 bytes, the manifest describes 8"));
        assert!(read("{", shards).unwrap_err().starts_with("the weights manifest is not valid"));
        assert!(read(&MANIFEST.replace("\"a\", ", ""), shards).unwrap_err().contains("f: needs bytes 4..8"));
        assert!(read(&MANIFEST.replace("uint8", "int4"), shards).unwrap_err().contains("int4"));
    }
}
