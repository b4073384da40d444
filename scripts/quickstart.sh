#!/usr/bin/env bash
# Everything from a fresh Debian machine to a first report: install what is missing, build in release mode,
# run a scenario (scenarios/starter.yaml unless another is given), and show where the report went.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release
.build/release/vidsim run "${1:-scenarios/starter.yaml}"
