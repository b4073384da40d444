#!/usr/bin/env bash
# Players' speed: sessions per second on one core for each ABR algorithm, measured in one run (release build).
#
#   scripts/bench-players.sh [VIEWERS] [TRACES...]
#
# Each algorithm plays VIEWERS sessions (default 2000) of a 10-minute video in 4 s segments over the seed's
# six-rung ladder, each session over a trace drawn from TRACES (default: the shipped traces/bandwidth/ folder; the
# Pensieve 3G traces in ../shared/traces/confiwent_cooked_3gp are the usual choice when present), from a random
# offset, warm CDN. One thread: `vidsim play` is single-threaded. kernel-bench runs before and after, so the
# ratio to the kernel's events per second can be compared between commits on a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
viewers=${1:-2000}
shift || true
traces=("$@")
if [ ${#traces[@]} -eq 0 ]; then traces=(traces/bandwidth/rural-3g.txt traces/bandwidth/commute-4g.txt); fi
swift build -c release >/dev/null
arguments=()
for trace in "${traces[@]}"; do arguments+=(--trace "$trace"); done

echo "== kernel-bench (M/M/10, rho 0.9, 10^7 customers, one thread) =="
.build/release/vidsim kernel-bench --customers 10000000 --servers 10 --utilisation 0.9 | grep -E "events/s"
echo "== vidsim play: $viewers sessions per algorithm, traces: ${traces[*]} =="
.build/release/vidsim play "${arguments[@]}" --abr all --viewers "$viewers" --duration 10min --timing --format table >/dev/null
echo "== kernel-bench again =="
.build/release/vidsim kernel-bench --customers 10000000 --servers 10 --utilisation 0.9 | grep -E "events/s"
