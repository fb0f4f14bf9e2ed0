//! The idx format MNIST and Fashion-MNIST ship in: a 4-byte magic (two zero bytes, a type byte — 0x08 for
//! unsigned bytes — and the number of dimensions), each dimension as a big-endian u32, then the values.
//! Labels are a 1-dimensional idx file, images a 3-dimensional one (count, rows, columns).

/// One parsed idx array of unsigned bytes and the bytes that followed it.
pub struct IdxArray<'a> {
    pub dims: Vec<usize>,
    pub values: &'a [u8],
    pub rest: &'a [u8],
}

/// Parses the idx array at the start of `bytes`; `what` names it in errors ("train labels").
pub fn parse<'a>(bytes: &'a [u8], what: &str) -> Result<IdxArray<'a>, String> {
    let header = bytes.get(..4).ok_or_else(|| format!("{what}: {} bytes, too short for an idx header", bytes.len()))?;
    if header[0] != 0 || header[1] != 0 {
        return Err(format!(
            "{what}: not an idx file (magic {:02x}{:02x}{:02x}{:02x})",
            header[0], header[1], header[2], header[3]
        ));
    }
    if header[2] != 0x08 {
        return Err(format!("{what}: idx value type 0x{:02x}, expected unsigned bytes (0x08)", header[2]));
    }
    let rank = header[3] as usize;
    let dims_end = 4 + 4 * rank;
    let dims: Vec<usize> = bytes
        .get(4..dims_end)
        .ok_or_else(|| format!("{what}: truncated in its header"))?
        .chunks_exact(4)
        .map(|d| u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as usize)
        .collect();
    let len: usize = dims.iter().product();
    let values = bytes.get(dims_end..dims_end + len).ok_or_else(|| {
        format!(
            "{what}: truncated: dimensions {dims:?} need {len} bytes of values, the file has {}",
            bytes.len() - dims_end
        )
    })?;
    Ok(IdxArray { dims, values, rest: &bytes[dims_end + len..] })
}

/// Writes `values` as an idx array of unsigned bytes with the given dimensions.
pub fn write(dims: &[usize], values: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&[0, 0, 0x08, dims.len() as u8]);
    for &d in dims {
        out.extend_from_slice(&(d as u32).to_be_bytes());
    }
    out.extend_from_slice(values);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(values: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write(&[values.len()], values, &mut out);
        out
    }

    #[test]
    fn round_trips_and_returns_what_follows() {
        let mut bytes = labels(&[3, 1, 4]);
        bytes.extend_from_slice(&[9, 9]);
        let array = parse(&bytes, "labels").unwrap();
        assert_eq!(array.dims, vec![3]);
        assert_eq!(array.values, &[3, 1, 4]);
        assert_eq!(array.rest, &[9, 9]);
    }

    #[test]
    fn a_wrong_magic_is_named() {
        let mut bytes = labels(&[1]);
        bytes[0] = 0x1f; // gzip's first byte: a file that was not decompressed.
        let error = parse(&bytes, "test labels").err().unwrap();
        assert!(error.contains("test labels: not an idx file"), "{error}");
        bytes[0] = 0;
        bytes[2] = 0x0d;
        assert!(parse(&bytes, "x").err().unwrap().contains("value type 0x0d"));
    }

    #[test]
    fn a_truncated_file_says_how_much_is_missing() {
        let mut bytes = Vec::new();
        write(&[2, 28, 28], &[0; 2 * 784], &mut bytes);
        bytes.truncate(bytes.len() - 100);
        let error = parse(&bytes, "train images").err().unwrap();
        assert!(error.contains("train images: truncated") && error.contains("1568"), "{error}");
        assert!(parse(&bytes[..10], "x").err().unwrap().contains("truncated in its header"));
        assert!(parse(&bytes[..2], "x").err().unwrap().contains("too short"));
    }
}
