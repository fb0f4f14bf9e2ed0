#!/usr/bin/env bash
# npm run cli -- <command> ...: the native command-line tool of the core.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release --quiet -p playground --bin playground -- "$@"
