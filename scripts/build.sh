#!/usr/bin/env bash
# Builds the static site into dist/: the Rust core to wasm (release), its JS glue, then the frontend.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown -p playground --lib
wasm-bindgen --target web --out-dir web/src/wasm-pkg --out-name playground \
  target/wasm32-unknown-unknown/release/playground.wasm
npx vite build --logLevel warn
echo "built dist/"
