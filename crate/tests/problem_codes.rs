//! Every problem the core can report to the page has words in both of the page's languages: each code
//! (one example of every variant below, serialised as it crosses to the page) is a key of `problems` in
//! web/src/i18n/en.ts and nl.ts.

use playground::labs::mlp::Diverged;
use playground::models::cnn::SpecError;
use playground::models::darknet::DarknetError;
use playground::models::safetensors::SafetensorsError;
use std::path::Path;

fn darknet_examples() -> Vec<DarknetError> {
    use DarknetError::*;
    let (line, layer, kind) = (1, 2, || "route".to_string());
    let all = vec![
        CfgNeedsOption { line, section: "net".into(), key: "width".into() },
        CfgNotANumber { line, key: "size".into(), value: "x".into() },
        CfgNotAList { line, key: "layers".into(), value: "x".into() },
        CfgActivation { line, activation: "mish".into() },
        CfgOptionOutsideSection { line },
        CfgLine { line, found: "x".into() },
        CfgLaterLayer { line, layer, refers: 3 },
        CfgNotPositive { line, keys: "size".into() },
        CfgGroupedRoute { line },
        CfgMaskWithoutAnchor { line, mask: 9 },
        CfgAnchorCount { line },
        CfgCoords { line },
        CfgUnknownLayer { line, name: "x".into() },
        CfgOddAnchors { line },
        CfgNoNet,
        CfgNoLayers,
        LayerGroups { layer, kind: kind(), channels: 3, filters: 4, groups: 2 },
        LayerKernel { layer, kind: kind(), size: 3, height: 1, width: 1 },
        LayerRouteSizes { layer, kind: kind(), first: 0, other: 1 },
        LayerShortcutShape { layer, kind: kind(), from: 0 },
        LayerUpsample { layer, kind: kind(), stride: 3 },
        LayerHeadChannels { layer, kind: kind(), channels: 3, anchors: 3, classes: 80 },
        WeightsHeader { bytes: 3 },
        WeightsNotFloats { bytes: 3 },
        WeightsCount { available: 1, needed: 2, ends_in: None },
        ParameterCount { given: 1, layers: 2 },
        ParameterSizes { layer, weights: 1, biases: 1, expected_weights: 2, expected_biases: 2 },
        NoHeads,
        TooFewNames { classes: 2, names: 1 },
        InputSize { size: 33 },
    ];
    // Does not compile when a variant is added: add its example above too.
    for error in &all {
        match error {
            CfgNeedsOption { .. } | CfgNotANumber { .. } | CfgNotAList { .. } | CfgActivation { .. } => {}
            CfgOptionOutsideSection { .. } | CfgLine { .. } | CfgLaterLayer { .. } | CfgNotPositive { .. } => {}
            CfgGroupedRoute { .. } | CfgMaskWithoutAnchor { .. } | CfgAnchorCount { .. } | CfgCoords { .. } => {}
            CfgUnknownLayer { .. } | CfgOddAnchors { .. } | CfgNoNet | CfgNoLayers => {}
            LayerGroups { .. } | LayerKernel { .. } | LayerRouteSizes { .. } | LayerShortcutShape { .. } => {}
            LayerUpsample { .. } | LayerHeadChannels { .. } => {}
            WeightsHeader { .. } | WeightsNotFloats { .. } | WeightsCount { .. } => {}
            ParameterCount { .. } | ParameterSizes { .. } | NoHeads | TooFewNames { .. } | InputSize { .. } => {}
        }
    }
    all
}

fn safetensors_examples() -> Vec<SafetensorsError> {
    use SafetensorsError::*;
    let name = || "conv1.weight".to_string();
    let all = vec![
        NotSafetensors,
        NotOurs,
        WrongFormat { format: "x".into() },
        Architecture { detail: "x".into() },
        MissingTensor { name: name() },
        TensorShape { name: name(), dtype: "F16".into(), stored: vec![1], needed: vec![2] },
        TensorData { name: name() },
        Spec(SpecError::HiddenUnits { units: 0, max: 1 }),
    ];
    for error in &all {
        match error {
            NotSafetensors | NotOurs | WrongFormat { .. } | Architecture { .. } | MissingTensor { .. } => {}
            TensorShape { .. } | TensorData { .. } | Spec(_) => {}
        }
    }
    all
}

fn spec_examples() -> Vec<SpecError> {
    use SpecError::*;
    let all = vec![
        KernelNotOffered { block: 1, kernel: 7 },
        FilterCount { block: 1, filters: 0, max: 1 },
        TooSmallToPool { block: 1, side: 1 },
        HiddenUnits { units: 0, max: 1 },
        BatchSize { batch: 0, max: 1 },
    ];
    for error in &all {
        match error {
            KernelNotOffered { .. } | FilterCount { .. } | TooSmallToPool { .. } | HiddenUnits { .. } => {}
            BatchSize { .. } => {}
        }
    }
    all
}

fn code(problem: impl serde::Serialize) -> String {
    let value = serde_json::to_value(problem).unwrap();
    value["code"].as_str().expect("a problem has a code").to_string()
}

/// The keys of the `problems: { … }` block of a text file.
fn worded(language: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../web/src/i18n/{language}.ts"));
    let source = std::fs::read_to_string(path).unwrap();
    let block = source.split("\n  problems: {\n").nth(1).expect("a problems block");
    let block = &block[..block.find("\n  },\n").expect("the block's end")];
    block
        .lines()
        .filter_map(|line| {
            let entry = line.strip_prefix("    ").filter(|entry| !entry.starts_with(' '))?;
            Some(entry.split_once(':')?.0.trim_matches('"').to_string())
        })
        .collect()
}

#[test]
fn every_problem_the_core_reports_has_words_in_english_and_dutch() {
    let mut codes: Vec<String> = darknet_examples().into_iter().map(code).collect();
    codes.extend(safetensors_examples().into_iter().map(code));
    codes.extend(spec_examples().into_iter().map(code));
    codes.push(code(Diverged { learning_rate: 1.0 }));
    for language in ["en", "nl"] {
        let worded = worded(language);
        assert!(worded.len() > 40, "{language}: the problems block was not read ({worded:?})");
        let missing: Vec<&String> = codes.iter().filter(|code| !worded.contains(code)).collect();
        assert!(missing.is_empty(), "{language}.ts has no words for {missing:?}");
    }
}
