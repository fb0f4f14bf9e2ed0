#!/usr/bin/env bash
# Installs what building the playground needs, and with --test what testing it needs, skipping whatever is
# already there; with --npm only the npm packages (what `npm run lint` and `npm run format` need). Runs on a
# fresh Debian machine that has rustup, Node.js 20 and apt, as root or with sudo. Every npm script calls it,
# so each works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
step() { printf '\033[1m== %s\033[0m\n' "$*"; }

mode="${1:-}"

if [ "$mode" != "--npm" ] && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32 Rust target"
  rustup target add wasm32-unknown-unknown
fi

# The threaded wasm build needs a nightly toolchain and the standard library's source (scripts/build.sh).
source scripts/toolchains.sh
if [ "$mode" != "--npm" ] &&
  ! rustup component list --installed --toolchain "$THREADS_TOOLCHAIN" 2>/dev/null | grep -q '^rust-src'; then
  step "installing Rust $THREADS_TOOLCHAIN with its source, for the threaded wasm build"
  rustup toolchain install "$THREADS_TOOLCHAIN" --profile minimal --component rust-src
fi

# The CLI must match the wasm-bindgen crate exactly, or the generated glue does not fit the module.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$mode" != "--npm" ] && [ "$have" != "$want" ]; then
  step "installing wasm-bindgen-cli $want (about 8 minutes, once)"
  cargo install wasm-bindgen-cli --version "$want"
fi

# npm ci again only when the lock file is newer than the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

if [ "$mode" = "--test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s mesa-vulkan-drivers >/dev/null 2>&1 || missing+=(mesa-vulkan-drivers)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]} from Debian"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
fi
