//! Darknet's `.weights` file: a header (major, minor, revision as int32, then `seen` as int64 from
//! version 0.2 on, int32 before), then the float32 parameters of every convolutional layer in cfg order:
//! biases, then (if batch-normalised) scales, rolling means and rolling variances, then the weights
//! [filters][channels / groups][size][size]. Nothing else: the cfg says how many values each layer takes,
//! so a file that does not belong to its cfg shows up as a size mismatch.

use super::error::DarknetError;

/// The parameters of one convolutional layer as the file stores them.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredConv {
    pub biases: Vec<f32>,
    /// (scales γ, rolling means, rolling variances).
    pub batch_norm: Option<(Vec<f32>, Vec<f32>, Vec<f32>)>,
    /// [filters][channels / groups][size][size].
    pub weights: Vec<f32>,
}

/// What one convolutional layer takes from the file.
#[derive(Clone, Copy, Debug)]
pub struct ConvSize {
    pub layer: usize,
    pub filters: usize,
    pub weights: usize,
    pub batch_normalize: bool,
}

impl ConvSize {
    fn values(&self) -> usize {
        self.filters * if self.batch_normalize { 4 } else { 1 } + self.weights
    }
}

fn header_len(bytes: &[u8]) -> Result<usize, DarknetError> {
    let word = |i: usize| bytes.get(4 * i..4 * i + 4).map(|b| i32::from_le_bytes(b.try_into().unwrap()));
    let (Some(major), Some(minor), Some(_revision)) = (word(0), word(1), word(2)) else {
        return Err(DarknetError::WeightsHeader { bytes: bytes.len() });
    };
    let long_seen = major * 10 + minor >= 2 && major < 1000 && minor < 1000;
    let len = if long_seen { 20 } else { 16 };
    if bytes.len() < len {
        return Err(DarknetError::WeightsHeader { bytes: bytes.len() });
    }
    Ok(len)
}

/// Reads every convolutional layer's parameters; `convs` lists them in cfg order.
pub fn read(bytes: &[u8], convs: &[ConvSize]) -> Result<Vec<StoredConv>, DarknetError> {
    let header = header_len(bytes)?;
    let body = &bytes[header..];
    if !body.len().is_multiple_of(4) {
        return Err(DarknetError::WeightsNotFloats { bytes: body.len() });
    }
    let available = body.len() / 4;
    let needed: usize = convs.iter().map(ConvSize::values).sum();
    if available != needed {
        let mut cumulative = 0;
        let short = convs.iter().find(|c| {
            cumulative += c.values();
            cumulative > available
        });
        return Err(DarknetError::WeightsCount { available, needed, ends_in: short.map(|c| c.layer) });
    }
    let mut values = body.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap()));
    let mut take = |count: usize| values.by_ref().take(count).collect::<Vec<f32>>();
    Ok(convs
        .iter()
        .map(|c| {
            let biases = take(c.filters);
            let batch_norm = c.batch_normalize.then(|| (take(c.filters), take(c.filters), take(c.filters)));
            StoredConv { biases, batch_norm, weights: take(c.weights) }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(major: i32, minor: i32, values: &[f32]) -> Vec<u8> {
        let mut bytes: Vec<u8> = [major, minor, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
        bytes.extend(if major * 10 + minor >= 2 { 0i64.to_le_bytes().to_vec() } else { 0i32.to_le_bytes().to_vec() });
        bytes.extend(values.iter().flat_map(|v| v.to_le_bytes()));
        bytes
    }

    const CONVS: [ConvSize; 2] = [
        ConvSize { layer: 0, filters: 2, weights: 4, batch_normalize: true },
        ConvSize { layer: 3, filters: 1, weights: 2, batch_normalize: false },
    ];

    #[test]
    fn layers_take_their_values_in_order() {
        let values: Vec<f32> = (0..15).map(|v| v as f32).collect();
        for (major, minor) in [(0, 2), (0, 1)] {
            let convs = read(&file(major, minor, &values), &CONVS).unwrap();
            assert_eq!(convs[0].biases, [0.0, 1.0]);
            assert_eq!(convs[0].batch_norm, Some((vec![2.0, 3.0], vec![4.0, 5.0], vec![6.0, 7.0])));
            assert_eq!(convs[0].weights, [8.0, 9.0, 10.0, 11.0]);
            assert_eq!(convs[1], StoredConv { biases: vec![12.0], batch_norm: None, weights: vec![13.0, 14.0] });
        }
    }

    #[test]
    fn a_file_of_the_wrong_size_says_where_it_went_wrong() {
        let short = read(&file(0, 2, &[0.0; 9]), &CONVS).unwrap_err();
        assert_eq!(short, DarknetError::WeightsCount { available: 9, needed: 15, ends_in: Some(0) });
        let long = read(&file(0, 2, &[0.0; 16]), &CONVS).unwrap_err();
        assert_eq!(long, DarknetError::WeightsCount { available: 16, needed: 15, ends_in: None });
        assert!(long.to_string().contains("left over after the last layer"), "{long}");
        assert_eq!(read(&[0; 10], &CONVS).unwrap_err(), DarknetError::WeightsHeader { bytes: 10 });
        let mut ragged = file(0, 2, &[0.0; 15]);
        ragged.push(0);
        assert_eq!(read(&ragged, &CONVS).unwrap_err(), DarknetError::WeightsNotFloats { bytes: 61 });
    }
}
