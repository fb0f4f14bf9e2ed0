//! The crate's modules depend one way: engine ← nn (and heads) ← models ← labs ← the bindings. A module may
//! use only modules of a lower layer (and itself); this reads every source file's `crate::…` paths and
//! fails on one that points up or sideways.

use std::path::Path;

/// Each top-level module and its layer; a module may depend only on lower layers.
const LAYERS: [(&str, usize); 18] = [
    ("activation", 0),
    ("rng", 0),
    ("clock", 0),
    // Compression's methods on plain tensors: what models' compressed file and the labs build on.
    ("compress", 0),
    ("engine", 1),
    ("data", 1),
    ("augment", 1),
    ("nn", 2),
    // Classical classifiers on feature vectors: plain loops on the engine's reference ops.
    ("heads", 2),
    ("models", 3),
    ("labs", 4),
    ("bench", 4),
    ("backends", 4),
    ("wire", 5),
    ("wasm", 6),
    ("bin", 6),
    ("VERSION", 0),
    // The engine's dispatch macro, exported at the crate root as macros are.
    ("on_backend", 1),
];

fn layer(module: &str) -> usize {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .unwrap_or_else(|| panic!("module {module} has no layer in crate/tests/layers.rs: give it one"))
        .1
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The modules a source text names as `crate::name` or `playground::name`.
fn used_modules(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for prefix in ["crate::", "playground::"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                used.push(name);
            }
        }
    }
    used
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs");
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for used in used_modules(&text) {
            if used != module && layer(&used) >= layer(module) {
                violations.push(format!("{}: {module} uses {used}", relative.display()));
            }
        }
    }
    assert!(violations.is_empty(), "dependencies that point up or sideways:\n{}", violations.join("\n"));
}
