#!/usr/bin/env bash
# Sets up and starts Hermes Mission Control. With no VM configured it shows the embedded demo fleet.
# Where no Electron binary can be had (headless build machines), it serves the same window in a browser
# on 127.0.0.1 instead (`hermes-mc web --demo`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent build
if node -e "require('electron')" >/dev/null 2>&1 && [ -x "$(node -e "process.stdout.write(require('electron'))" 2>/dev/null)" ]; then
  exec npx electron-vite preview
fi
echo "start: no Electron binary here; opening the same window in your browser instead." >&2
exec node out/cli/hermes-mc.mjs web "$@"
