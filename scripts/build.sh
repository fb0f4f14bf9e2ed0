#!/usr/bin/env bash
# Builds the static site into dist/: the Rust core to wasm (release) three times — plain SIMD128; relaxed
# SIMD (fused multiply-add) for browsers that have it; and relaxed SIMD on shared memory with atomics, for
# pages that are cross-origin isolated, whose kernels split their work over helper workers — (the worker
# picks one at load time), their JS glue, then the frontend, and the pretrained models beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/toolchains.sh

# wasm_build NAME RUSTFLAGS TARGET-DIR [CARGO ARGUMENTS...]
# Binaryen's optimiser (npm's binaryen, as wasm-pack runs it) then takes about a tenth off each module gzipped,
# which keeps it under 1 MB, with no change in the benchmark's times beyond noise. It reads the features each
# build may use from the module itself.
wasm_build() {
  RUSTFLAGS="$2" cargo "${@:4}" build --release --target wasm32-unknown-unknown -p playground --lib \
    --target-dir "$3"
  wasm-bindgen --target web --out-dir web/src/wasm-pkg --out-name "$1" \
    "$3/wasm32-unknown-unknown/release/playground.wasm"
  npx --no-install wasm-opt -O2 "web/src/wasm-pkg/$1_bg.wasm" -o "web/src/wasm-pkg/$1_bg.wasm"
}
wasm_build playground "-C target-feature=+simd128" target
wasm_build playground_relaxed "-C target-feature=+simd128,+relaxed-simd" target/relaxed-simd
# Threads need the standard library rebuilt with atomics, which only a nightly toolchain does (pinned in
# scripts/toolchains.sh). The memory is shared and imported, and the exports are those wasm-bindgen uses
# to give each thread its own stack and thread-local storage; 4 GiB is wasm32's whole address space.
threads_flags=(
  -C target-feature=+atomics,+bulk-memory,+mutable-globals,+simd128,+relaxed-simd
  -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=4294967296
  -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size
  -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base
)
wasm_build playground_threads "${threads_flags[*]}" target/threads "+$THREADS_TOOLCHAIN" -Z build-std=panic_abort,std
npx vite build --logLevel warn
# The pretrained detectors (converted by `npm run cli -- convert-models`, provenance inside) are served as is.
rm -rf dist/static-models && cp -r static-models dist/static-models
node scripts/service-worker.mjs
node scripts/compress.mjs dist
echo "built dist/"
