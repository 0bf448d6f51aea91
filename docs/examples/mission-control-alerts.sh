#!/bin/bash
# Hermes Mission Control: VM-side alerts, path 1 (docs/operations.md, "VM-side alerts").
# A Hermes no_agent cron script: Hermes runs it with bash as the instance's user and delivers its stdout
# verbatim to the job's target (Telegram); empty stdout is a silent run. Install one copy per instance in
# that instance's $HERMES_HOME/scripts/, with CONFIG naming that instance's exporter config.
set -euo pipefail
CONFIG=/etc/hermes-exporter/vijay.yaml
NODE=$(command -v node || echo "${HERMES_HOME:-$HOME/.hermes}/node/bin/node")
exec "$NODE" /usr/local/lib/hermes-exporter/hermes-exporter.mjs alerts --config "$CONFIG"
