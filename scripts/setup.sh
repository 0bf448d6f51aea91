#!/usr/bin/env bash
# Installs what the app and its tests need on a Debian/Ubuntu machine:
#  - apt: openssh-server (the real sshd the integration tests start on 127.0.0.1), chromium (renderer
#    end-to-end tests through playwright-core), git, sqlite3 and python3 (the exporter's state.db
#    fallback on a Node without node:sqlite), iproute2, sudo (runbook commands run as copied).
#  - npm: the locked dependencies. ELECTRON_SKIP_BINARY_DOWNLOAD=1 because Electron's binary cannot be
#    downloaded on our build machines; the app is exercised headless instead (see docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
# sudo: the runbook's commands run as the instance user with `sudo -u`, and a test runs them as copied.
command -v sudo >/dev/null 2>&1 || need_apt+=(sudo)
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install these packages first: ${need_apt[*]}" >&2
    exit 1
  fi
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
