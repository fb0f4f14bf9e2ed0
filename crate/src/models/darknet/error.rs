//! What can be wrong with a darknet model an attendee brings: its cfg, its weights, its names, or how they
//! fit together. Each case is a code with parameters (`Serialize`), which the page words in its own
//! language (web/src/i18n: `problems`); `Display` is the English the command line prints.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case", rename_all_fields = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DarknetError {
    /// A section lacks an option that has no default.
    CfgNeedsOption {
        line: usize,
        section: String,
        key: String,
    },
    CfgNotANumber {
        line: usize,
        key: String,
        value: String,
    },
    CfgNotAList {
        line: usize,
        key: String,
        value: String,
    },
    CfgActivation {
        line: usize,
        activation: String,
    },
    CfgOptionOutsideSection {
        line: usize,
    },
    /// A line that is neither `[section]` nor `key=value`.
    CfgLine {
        line: usize,
        found: String,
    },
    /// A route or shortcut that refers to its own or a later layer.
    CfgLaterLayer {
        line: usize,
        layer: usize,
        refers: i64,
    },
    /// `keys` (cfg option names, the same in every language) must be positive.
    CfgNotPositive {
        line: usize,
        keys: String,
    },
    CfgGroupedRoute {
        line: usize,
    },
    CfgMaskWithoutAnchor {
        line: usize,
        mask: i64,
    },
    CfgAnchorCount {
        line: usize,
    },
    CfgCoords {
        line: usize,
    },
    CfgUnknownLayer {
        line: usize,
        name: String,
    },
    CfgOddAnchors {
        line: usize,
    },
    CfgNoNet,
    CfgNoLayers,
    /// A layer's input does not fit it; `kind` is the cfg section's name.
    LayerGroups {
        layer: usize,
        kind: String,
        channels: usize,
        filters: usize,
        groups: usize,
    },
    LayerKernel {
        layer: usize,
        kind: String,
        size: usize,
        height: usize,
        width: usize,
    },
    LayerRouteSizes {
        layer: usize,
        kind: String,
        first: usize,
        other: usize,
    },
    LayerShortcutShape {
        layer: usize,
        kind: String,
        from: usize,
    },
    LayerUpsample {
        layer: usize,
        kind: String,
        stride: usize,
    },
    LayerHeadChannels {
        layer: usize,
        kind: String,
        channels: usize,
        anchors: usize,
        classes: usize,
    },
    WeightsHeader {
        bytes: usize,
    },
    WeightsNotFloats {
        bytes: usize,
    },
    /// The weights hold `available` values where the cfg needs `needed`; the file ends inside layer
    /// `ends_in`, or (none) has values left over.
    WeightsCount {
        available: usize,
        needed: usize,
        ends_in: Option<usize>,
    },
    /// Parameters from elsewhere (a tfjs manifest) do not fit the cfg's convolutions.
    ParameterCount {
        given: usize,
        layers: usize,
    },
    ParameterSizes {
        layer: usize,
        weights: usize,
        biases: usize,
        expected_weights: usize,
        expected_biases: usize,
    },
    NoHeads,
    TooFewNames {
        classes: usize,
        names: usize,
    },
    InputSize {
        size: usize,
    },
}

impl fmt::Display for DarknetError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        use DarknetError::*;
        match self {
            CfgNeedsOption { line, section, key } => write!(f, "line {line}: [{section}] needs {key}="),
            CfgNotANumber { line, key, value } => write!(f, "line {line}: {key}={value} is not a valid number"),
            CfgNotAList { line, key, value } => write!(f, "line {line}: {key}={value} is not a list of numbers"),
            CfgActivation { line, activation } => write!(f, "line {line}: activation={activation} is not supported"),
            CfgOptionOutsideSection { line } => write!(f, "line {line}: an option before the first [section]"),
            CfgLine { line, found } => write!(f, "line {line}: expected [section] or key=value, found {found:?}"),
            CfgLaterLayer { line, layer, refers } => {
                write!(f, "line {line}: layer {layer} refers to layer {refers}, which does not come before it")
            }
            CfgNotPositive { line, keys } => write!(f, "line {line}: {keys} must be positive"),
            CfgGroupedRoute { line } => write!(f, "line {line}: a route with groups (YOLOv4-tiny) is not supported"),
            CfgMaskWithoutAnchor { line, mask } => write!(f, "line {line}: mask {mask} names no anchor"),
            CfgAnchorCount { line } => write!(f, "line {line}: num differs from the number of anchor pairs"),
            CfgCoords { line } => write!(f, "line {line}: only coords=4 (x, y, w, h) is supported"),
            CfgUnknownLayer { line, name } => write!(f, "line {line}: unknown layer [{name}]"),
            CfgOddAnchors { line } => write!(f, "line {line}: anchors must come in (width, height) pairs"),
            CfgNoNet => write!(f, "the cfg does not start with [net]"),
            CfgNoLayers => write!(f, "the cfg has no layers after [net]"),
            LayerGroups { layer, kind, channels, filters, groups } => write!(
                f,
                "layer {layer} ({kind}): {channels} input channels and {filters} filters do not split into {groups} \
                 groups"
            ),
            LayerKernel { layer, kind, size, height, width } => {
                write!(f, "layer {layer} ({kind}): a {size}×{size} window does not fit its {height}×{width} input")
            }
            LayerRouteSizes { layer, kind, first, other } => {
                write!(f, "layer {layer} ({kind}): layers {first} and {other} differ in height and width")
            }
            LayerShortcutShape { layer, kind, from } => {
                write!(f, "layer {layer} ({kind}): layer {from}'s output differs in shape from the previous layer's")
            }
            LayerUpsample { layer, kind, stride } => {
                write!(f, "layer {layer} ({kind}): upsampling by {stride} is not supported, only by 2")
            }
            LayerHeadChannels { layer, kind, channels, anchors, classes } => write!(
                f,
                "layer {layer} ({kind}): its input has {channels} channels, {anchors} anchors × (5 + {classes} \
                 classes) need {}",
                anchors * (5 + classes)
            ),
            WeightsHeader { bytes } => write!(f, "the weights file is {bytes} bytes, too short for darknet's header"),
            WeightsNotFloats { bytes } => {
                write!(f, "the weights file's {bytes} bytes after the header are not whole float32 values")
            }
            WeightsCount { available, needed, ends_in } => {
                write!(f, "the weights file holds {available} values, the cfg needs {needed}: ")?;
                match ends_in {
                    Some(layer) => write!(f, "it ends inside layer {layer} (convolutional)")?,
                    None => write!(f, "values are left over after the last layer")?,
                }
                write!(f, "; are they from the same model?")
            }
            ParameterCount { given, layers } => {
                write!(f, "{given} parameter pairs for {layers} convolutional layers")
            }
            ParameterSizes { layer, weights, biases, expected_weights, expected_biases } => write!(
                f,
                "layer {layer}: {weights} weights and {biases} biases given, it takes {expected_weights} and \
                 {expected_biases}"
            ),
            NoHeads => write!(f, "the cfg has no [yolo] or [region] layer, so there is nothing to read boxes from"),
            TooFewNames { classes, names } => {
                write!(f, "the cfg's heads have {classes} classes but the names file lists {names}")
            }
            InputSize { size } => write!(f, "the input size must be a positive multiple of 32, not {size}"),
        }
    }
}

impl std::error::Error for DarknetError {}

impl From<DarknetError> for String {
    fn from(error: DarknetError) -> String {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_crosses_as_its_code_and_parameters() {
        let error = DarknetError::WeightsCount { available: 10, needed: 12, ends_in: Some(3) };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json, serde_json::json!({ "code": "weights-count", "available": 10, "needed": 12, "endsIn": 3 }));
        assert_eq!(
            error.to_string(),
            "the weights file holds 10 values, the cfg needs 12: it ends inside layer 3 (convolutional); are they \
             from the same model?"
        );
    }
}
