#!/usr/bin/env bash
# Replay parity with libCacheSim (pip's libcachesim 0.3.5): see scripts/cache-parity.py. Not part of CI's tests
# (it installs a Python package and replays 6 x 10^6 requests per policy and size); run it after changing a policy.
#
#   scripts/cache-parity.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import libcachesim" 2>/dev/null || python3 -m pip install --quiet "libcachesim==0.3.5"
swift build -c release >/dev/null
python3 scripts/cache-parity.py
