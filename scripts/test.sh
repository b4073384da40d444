#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs every test in a release build (the queueing-theory
# checks simulate ten million customers, which a debug build takes minutes over). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift test -c release "$@"
