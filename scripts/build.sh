#!/usr/bin/env bash
# Builds the static site into dist/: the Rust core to wasm (release) twice, with plain SIMD128 and with
# relaxed SIMD (fused multiply-add) for browsers that have it (the worker picks one at load time), their
# JS glue, then the frontend, and the pretrained models beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# wasm_build NAME TARGET-FEATURES TARGET-DIR
wasm_build() {
  RUSTFLAGS="-C target-feature=$2" cargo build --release --target wasm32-unknown-unknown -p playground --lib \
    --target-dir "$3"
  wasm-bindgen --target web --out-dir web/src/wasm-pkg --out-name "$1" \
    "$3/wasm32-unknown-unknown/release/playground.wasm"
}
wasm_build playground +simd128 target
wasm_build playground_relaxed +simd128,+relaxed-simd target/relaxed-simd
npx vite build --logLevel warn
# The pretrained detectors (converted by `npm run cli -- convert-models`, provenance inside) are served as is.
rm -rf dist/static-models && cp -r static-models dist/static-models
node scripts/service-worker.mjs
node scripts/compress.mjs dist
echo "built dist/"
