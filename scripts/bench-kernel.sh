#!/usr/bin/env bash
# The model's speed per event against the kernel's, measured side by side in one run (release build).
#
#   scripts/bench-kernel.sh [SCENARIO] [THREADS]
#   BASELINE=/path/to/an/earlier/vidsim scripts/bench-kernel.sh [SCENARIO] [THREADS]
#
# 1. kernel-bench: an M/M/10 queue at rho = 0.9, 10^7 customers (2 x 10^7 events), one thread: what the kernel
#    alone does per second, with a handful of pending events in cache.
# 2. The scenario (default scenarios/seed-youtube-day.yaml: about 580 million events) with THREADS threads
#    (default 2, one per replication), timed with /usr/bin/time for wall time and peak memory.
# 3. With BASELINE (another build's binary, say the previous commit's), the same scenario with it, straight after,
#    and whether the two report.json files are byte-identical.
# 4. kernel-bench again, so a machine that slowed down or sped up during the run shows.
# Prints each figure and the ratio: the scenario's events per second per thread over kernel-bench's events
# per second (the mean of its two runs). Absolute times on shared machines vary by a factor of two from one
# hour to the next; the ratio, measured in one run, is the figure to compare between commits.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/seed-youtube-day.yaml}
threads=${2:-2}
baseline=${BASELINE:-}
if [[ -n "$baseline" && ! -x "$baseline" ]]; then
  echo "bench-kernel.sh: BASELINE=$baseline is not an executable vidsim" >&2
  exit 1
fi
swift build -c release >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kernel() {
  .build/release/vidsim kernel-bench --customers 10000000 --servers 10 --utilisation 0.9 | tee -a "$work/kernel" \
    | grep -E "events/s|wall time|peak memory"
}
# scenario NAME BINARY: runs the scenario with BINARY, its reports in $work/NAME.
scenario() {
  echo "== $scenario, $threads thread(s), $2 =="
  VIDSIM_NO_PROGRESS=1 /usr/bin/time -f "wall %e s, CPU %U s user + %S s system, peak memory %M KB" -o "$work/$1.time" \
    "$2" run "$scenario" --threads "$threads" --reports "$work/$1" | tee "$work/$1.run" | grep -E "events|content uploaded|renditions"
  cat "$work/$1.time"
}
echo "== kernel-bench (M/M/10, rho 0.9, 10^7 customers, one thread) =="
kernel
scenario current .build/release/vidsim
[[ -n "$baseline" ]] && scenario baseline "$baseline"
echo "== kernel-bench again =="
kernel

# ratio NAME: the scenario's events per second per thread over kernel-bench's mean.
ratio() {
  awk -v threads="$threads" -v name="$1" '
    FNR == 1 { file++ }
    file == 1 && /events\/s/ { kernel += $2 * 1e6; runs++ }
    file == 2 && /^ +events +[0-9]/ { events = $2 }
    file == 3 && /^wall/ { wall = $2 }
    END {
      kernel /= runs
      perThread = events / wall / threads
      if (name == "current") printf "== ratio ==\n  kernel-bench      %.2f million events/s (mean of %d runs)\n", kernel / 1e6, runs
      printf "  %-8s          %.0f events in %.1f s on %d thread(s): %.2f million events/s per thread\n", name, events, wall, threads, perThread / 1e6
      printf "  %-8s / kernel %.3f (goal: at least 0.5)\n", name, perThread / kernel
    }' "$work/kernel" "$work/$1.run" "$work/$1.time"
}
ratio current
if [[ -n "$baseline" ]]; then
  ratio baseline
  report=$(find "$work/current" -name report.json | head -1)
  if cmp -s "$report" "${report/\/current\//\/baseline\/}"; then
    echo "  report.json       byte-identical in both builds"
  else
    echo "  report.json       differs between the builds"
  fi
fi
