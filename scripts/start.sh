#!/usr/bin/env bash
# npm start: install what is missing, build in release mode, serve on http://localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs dist
