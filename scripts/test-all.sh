#!/usr/bin/env bash
# The one command that sets up whatever the tests need and runs them all (README, .ci/run).
# Ends with vitest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent build
npx vitest run
