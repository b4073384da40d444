#!/usr/bin/env bash
# Kernel benchmark: customers per second through an M/M/10 queue at rho = 0.9, 10^7 customers, one core,
# release build; plus peak memory. Then a whole YouTube day (scenarios/seed-youtube-day.yaml) timed with
# /usr/bin/time for wall time and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release
echo "== kernel: M/M/c =="
for run in 1 2 3; do .build/release/vidsim kernel-bench --customers 10000000 --servers 10 --utilisation 0.9; done
echo "== seed-youtube-day =="
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "wall %e s, peak memory %M KB" .build/release/vidsim run scenarios/seed-youtube-day.yaml
else
  time .build/release/vidsim run scenarios/seed-youtube-day.yaml
fi
