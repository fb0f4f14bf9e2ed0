#!/usr/bin/env bash
# npm test: install what the tests need, then run every check and test. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\033[1m== %s\033[0m\n' "$*"; }
started=$SECONDS
# Mesa's Vulkan drivers complain on every device creation when this is unset (a headless session).
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

bash scripts/setup.sh --test

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p playground --lib --target wasm32-unknown-unknown -- -D warnings

step "Rust: native tests"
cargo test --workspace

step "wasm and site build"
bash scripts/build.sh

step "web: types, lints, format"
bash scripts/lint.sh

step "browser tests (headless Chromium)"
npx playwright test

echo "all tests passed in $((SECONDS - started)) s"
