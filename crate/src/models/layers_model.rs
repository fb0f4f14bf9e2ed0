//! TensorFlow.js layers models (`model.json`: a Keras topology and its weights manifest, the weights in
//! shards beside it), for the plain convolutional classifiers the playground serves. The layer chain is
//! written as a darknet cfg — each Conv2D with the BatchNormalization after it folded in and the LeakyReLU
//! or ReLU after that as its activation, MaxPooling2D, GlobalAveragePooling2D — so it runs on the darknet
//! network code, on every backend. A layer of another kind, or a chain that is not plain, is refused by name.

use super::darknet::cfg::{Cfg, Convolutional, Layer};
use super::darknet::DarknetModel;
use super::tfjs;
use crate::activation::Activation;
use crate::engine::ops::{fold_batch_norm, VarianceNormalisation};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct ModelJson {
    #[serde(rename = "modelTopology")]
    topology: Topology,
    #[serde(rename = "weightsManifest")]
    manifest: Value,
}

#[derive(Deserialize)]
struct Topology {
    model_config: ModelConfig,
}

#[derive(Deserialize)]
struct ModelConfig {
    config: LayerList,
}

#[derive(Deserialize)]
struct LayerList {
    layers: Vec<KerasLayer>,
}

#[derive(Deserialize)]
struct KerasLayer {
    class_name: String,
    config: Value,
}

/// The weights manifest inside `model.json` (for the shard files it names).
pub fn manifest(model_json: &str) -> Result<String, String> {
    Ok(parse(model_json)?.manifest.to_string())
}

fn parse(model_json: &str) -> Result<ModelJson, String> {
    serde_json::from_str(model_json).map_err(|e| format!("model.json is not a tfjs layers model: {e}"))
}

/// A convolution being read: its layer and its parameters, until the next layer closes it.
struct Open {
    conv: Convolutional,
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// What may still follow it: batch-norm (only right after it), then an activation.
    normalised: bool,
    activated: bool,
}

/// Reads `model.json` and its shards (bytes by path through `shard`) into a network.
pub fn load(model_json: &str, shard: impl FnMut(&str) -> Result<Vec<u8>, String>) -> Result<DarknetModel, String> {
    let model = parse(model_json)?;
    let mut tensors = tfjs::read(&model.manifest.to_string(), shard)?;
    let mut take = |name: String| tensors.remove(&name).map(|t| t.values).ok_or(format!("the weights have no {name}"));
    let mut input = None;
    let mut layers = Vec::new();
    let mut parameters = Vec::new();
    let mut open: Option<Open> = None;
    let mut channels = 0;
    for layer in model.topology.model_config.config.layers {
        let config = &layer.config;
        let name = config["name"].as_str().unwrap_or("?").to_string();
        let refuse = |why: &str| format!("layer {name} ({}): {why}", layer.class_name);
        let field = |key: &str| config.get(key).ok_or_else(|| refuse(&format!("no {key}")));
        let square = |key: &str| -> Result<usize, String> {
            let pair: Vec<usize> = serde_json::from_value(field(key)?.clone()).map_err(|e| refuse(&e.to_string()))?;
            match pair[..] {
                [a, b] if a == b => Ok(a),
                _ => Err(refuse(&format!("{key} {pair:?} is not square"))),
            }
        };
        match layer.class_name.as_str() {
            "InputLayer" => {
                let shape: Vec<Option<usize>> =
                    serde_json::from_value(field("batch_input_shape")?.clone()).map_err(|e| refuse(&e.to_string()))?;
                let [_, Some(height), Some(width), Some(c)] = shape[..] else {
                    return Err(refuse("the input is not [batch, height, width, channels]"));
                };
                input = Some((height, width, c));
                channels = c;
            }
            "Conv2D" => {
                close(&mut open, &mut layers, &mut parameters);
                let size = square("kernel_size")?;
                let stride = square("strides")?;
                let filters = field("filters")?.as_u64().ok_or_else(|| refuse("filters is not a number"))? as usize;
                let padding = match field("padding")?.as_str() {
                    Some("same") if size % 2 == 1 => (size - 1) / 2,
                    Some("valid") => 0,
                    other => return Err(refuse(&format!("padding {other:?} with a {size}×{size} kernel"))),
                };
                let activation = match field("activation")?.as_str() {
                    Some("linear") => Activation::Linear,
                    Some("relu") => Activation::Relu,
                    other => return Err(refuse(&format!("activation {other:?}"))),
                };
                let weights = take(format!("{name}/kernel"))?;
                if weights.len() != size * size * channels * filters {
                    return Err(refuse(&format!(
                        "{} kernel values for {size}×{size}×{channels}×{filters}",
                        weights.len()
                    )));
                }
                let bias = if field("use_bias")?.as_bool() == Some(true) {
                    take(format!("{name}/bias"))?
                } else {
                    vec![0.0; filters]
                };
                let conv =
                    Convolutional { filters, size, stride, padding, groups: 1, batch_normalize: false, activation };
                let activated = activation != Activation::Linear;
                open = Some(Open { conv, weights, bias, normalised: activated, activated });
                channels = filters;
            }
            "BatchNormalization" => {
                let Some(conv) = open.as_mut().filter(|c| !c.normalised) else {
                    return Err(refuse("batch-norm only right after a convolution"));
                };
                let epsilon = field("epsilon")?.as_f64().ok_or_else(|| refuse("epsilon is not a number"))? as f32;
                let [gamma, beta, mean, variance] =
                    ["gamma", "beta", "moving_mean", "moving_variance"].map(|part| take(format!("{name}/{part}")));
                let (scale, shift) =
                    fold_batch_norm(&gamma?, &beta?, &mean?, &variance?, VarianceNormalisation::Standard { epsilon });
                // HWIO: the output channel is the fastest-moving index.
                for (w, s) in conv.weights.iter_mut().zip(scale.iter().cycle()) {
                    *w *= s;
                }
                conv.bias = conv.bias.iter().zip(&scale).zip(&shift).map(|((b, s), t)| b * s + t).collect();
                conv.normalised = true;
            }
            "LeakyReLU" | "ReLU" => {
                let Some(conv) = open.as_mut().filter(|c| !c.activated) else {
                    return Err(refuse("an activation only after a convolution (and its batch-norm)"));
                };
                conv.conv.activation = if layer.class_name == "ReLU" {
                    Activation::Relu
                } else {
                    Activation::LeakyRelu(
                        field("alpha")?.as_f64().ok_or_else(|| refuse("alpha is not a number"))? as f32
                    )
                };
                conv.normalised = true;
                conv.activated = true;
            }
            "MaxPooling2D" => {
                close(&mut open, &mut layers, &mut parameters);
                let size = square("pool_size")?;
                let stride = square("strides")?;
                // Windows that tile the map: tfjs's "same" pads at most size − 1 after, as darknet does.
                let padding = match field("padding")?.as_str() {
                    Some("same") if size == stride => size - 1,
                    Some("valid") => 0,
                    other => return Err(refuse(&format!("padding {other:?} with pool {size} and stride {stride}"))),
                };
                layers.push(Layer::Maxpool { size, stride, padding });
            }
            "GlobalAveragePooling2D" => {
                close(&mut open, &mut layers, &mut parameters);
                layers.push(Layer::Avgpool);
            }
            _ => return Err(refuse("not a layer this reader knows")),
        }
    }
    close(&mut open, &mut layers, &mut parameters);
    let (height, width, channels) = input.ok_or("model.json has no InputLayer")?;
    let cfg = Cfg { width, height, channels, layers };
    DarknetModel::from_parameters(cfg, parameters).map_err(|e| e.to_string())
}

/// The open convolution, finished, becomes a layer with its parameters.
fn close(open: &mut Option<Open>, layers: &mut Vec<Layer>, parameters: &mut Vec<(Vec<f32>, Vec<f32>)>) {
    if let Some(conv) = open.take() {
        layers.push(Layer::Convolutional(conv.conv));
        parameters.push((conv.weights, conv.bias));
    }
}
