#!/usr/bin/env bash
# npm run lint: TypeScript types, ESLint and Prettier. The types include the wasm core's bindings, which the
# build generates, so a fresh clone builds once first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --npm
[ -f web/src/wasm-pkg/playground.d.ts ] || bash scripts/build.sh
npx tsc --noEmit -p .
npx eslint .
npx prettier --check . --log-level warn
