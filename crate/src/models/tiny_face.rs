//! face-api.js's TinyFaceDetector: a Tiny-YOLOv2 with depthwise-separable convolutions and one class,
//! 193 k parameters. Its architecture, written as a darknet cfg so it runs on the same network code as
//! the darknet detectors; its weights come from the tfjs manifest it ships with (uint8-quantised, the
//! batch-norm already folded into the pointwise convolutions).
//!
//! Facts from face-api.js: conv0 is a VALID 3×3 convolution (416 → 414); conv1–5 are a 3×3 depthwise
//! convolution without bias, then a 1×1 convolution with bias; leaky ReLU 0.1 after each; 2×2 max pools,
//! stride 2 after conv0–4 and stride 1 after conv5; conv8 is a linear 1×1 to 5 anchors × (x, y, w, h, score).

use super::darknet::{cfg, DarknetModel};
use super::tfjs;

/// The network at its default input size (any multiple of 32 works).
pub const CFG: &str = "
[net]
width=416
height=416
channels=3

# conv0: 3x3 VALID, 3 -> 16
[convolutional]
filters=16
size=3
activation=leaky

[maxpool]
size=2
stride=2

# conv1 .. conv5: depthwise 3x3 (no bias) then pointwise 1x1 + bias
[convolutional]
filters=16
groups=16
size=3
pad=1
[convolutional]
filters=32
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=32
groups=32
size=3
pad=1
[convolutional]
filters=64
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=64
groups=64
size=3
pad=1
[convolutional]
filters=128
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=128
groups=128
size=3
pad=1
[convolutional]
filters=256
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=256
groups=256
size=3
pad=1
[convolutional]
filters=512
activation=leaky

[maxpool]
size=2
stride=1

# conv8: the head, 5 anchors x (x, y, w, h, score)
[convolutional]
filters=25
activation=linear
";

/// Anchors in grid cells, as face-api.js has them.
pub const ANCHORS: [(f32, f32); 5] =
    [(1.603231, 2.094468), (6.041143, 7.080126), (2.882459, 3.518061), (4.266906, 5.178857), (9.041765, 10.66308)];

/// Mean RGB subtracted before dividing by 256.
pub const MEAN_RGB: [f32; 3] = [117.001, 114.697, 97.404];

/// Reads the weights manifest (and its shards through `shard`) into the network.
pub fn load(manifest: &str, shard: impl FnMut(&str) -> Result<Vec<u8>, String>) -> Result<DarknetModel, String> {
    let mut tensors = tfjs::read(manifest, shard)?;
    let mut take =
        |name: &str| tensors.remove(name).map(|t| t.values).ok_or_else(|| format!("the manifest has no tensor {name}"));
    let mut parameters = vec![(take("conv0/filters")?, take("conv0/bias")?)];
    for block in 1..=5 {
        let depthwise = take(&format!("conv{block}/depthwise_filter"))?;
        let channels = depthwise.len() / 9;
        parameters.push((depthwise, vec![0.0; channels]));
        parameters.push((take(&format!("conv{block}/pointwise_filter"))?, take(&format!("conv{block}/bias"))?));
    }
    parameters.push((take("conv8/filters")?, take("conv8/bias")?));
    Ok(DarknetModel::from_parameters(cfg::parse(CFG)?, parameters)?)
}
