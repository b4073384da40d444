#!/usr/bin/env bash
# Cache replay speed against libCacheSim (pip's libcachesim 0.3.5), on one core, on the same trace, in one run.
#
#   scripts/bench-cache.sh [REQUESTS] [OBJECTS]
#
# Writes a Zipf trace (alpha 0.9, lognormal sizes around 100 KB; default 10^7 requests over 10^6 objects) in
# oracleGeneral, then for LRU and SIEVE at 10% of the working set: vidsim cache replay --threads 1 (requests per
# second of the replay, and of the whole command with the trace's reading) and libCacheSim's process_trace
# (which reads the trace as it replays). Prints each figure and the ratio vidsim / libCacheSim; goal: 2 or more.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-10000000}
objects=${2:-1000000}
python3 -c "import libcachesim" 2>/dev/null || python3 -m pip install --quiet "libcachesim==0.3.5"
swift build -c release >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trace="$work/zipf.oracleGeneral"
.build/release/vidsim cache zipf "$trace" --objects "$objects" --requests "$requests" --alpha 0.9 --median-size 100000 2>/dev/null
for policy in lru sieve; do
  start=$(date +%s.%N)
  .build/release/vidsim cache replay "$trace" --policy "$policy" --size 10% --threads 1 --csv "$work/$policy.csv" >/dev/null 2>"$work/$policy.err"
  end=$(date +%s.%N)
  capacity=$(awk -F, 'NR == 2 { print $2 }' "$work/$policy.csv")
  python3 - "$trace" "$policy" "$capacity" "$requests" "$work/$policy.csv" "$start" "$end" <<'PY'
import csv, sys, time
import libcachesim as lcs
trace, policy, capacity, requests, ours, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], float(sys.argv[6]), float(sys.argv[7])
make = {"lru": lcs.LRU, "sieve": lcs.Sieve}[policy]
reader = lcs.TraceReader(trace, lcs.TraceType.ORACLE_GENERAL_TRACE)
cache = make(capacity)
t = time.perf_counter(); miss, _ = cache.process_trace(reader); theirs_s = time.perf_counter() - t
row = next(csv.DictReader(open(ours)))
replay_s = float(row["seconds"]); whole_s = end - start
print(f"== {policy}, cache {capacity / 1e9:.3g} GB (10% of the working set), {requests} requests, one core ==")
print(f"  vidsim replay          {requests / replay_s / 1e6:7.2f} million requests/s  (hit ratio {float(row['object_hit_ratio']):.5f})")
print(f"  vidsim whole command   {requests / whole_s / 1e6:7.2f} million requests/s  (reading the trace, replay, output: {whole_s:.2f} s)")
print(f"  libCacheSim            {requests / theirs_s / 1e6:7.2f} million requests/s  (hit ratio {1 - miss:.5f}, reading included)")
print(f"  ratio replay / libCacheSim {theirs_s / replay_s:.2f}, whole command / libCacheSim {theirs_s / whole_s:.2f} (goal: 2 or more)")
PY
done
