#!/usr/bin/env bash
# What the fast search costs and loses against the exhaustive grid (issue 10's measure), on the clips given or
# on generated clips of graded complexity: for each clip, `vidsim ladder --search both` (release build) and, from
# its JSON, the grid's and the fast search's CPU as multiples of one encode of the fixed ladder (measured in the
# same run), and the BD-rate of each ladder against the fixed one by both methods, with their difference in
# points (positive: the fast search's ladder needs more bits than the grid's for the same quality).
#
#   scripts/bench-ladder.sh [CLIP...]
#
# Without clips: the detailed and moderate generated clips at 1920x1080, 2 s, 30 fps (about 5 minutes on a
# 2-core machine). CPU seconds, not wall time, so a loaded machine changes the figures less; the encodes are
# reproducible, so the BD-rates are the same on every run of the same FFmpeg build.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release >/dev/null
if [ $# -eq 0 ]; then
  .build/release/vidsim ladder --generate detailed,moderate --search both --format json >"$work/out.json"
else
  .build/release/vidsim ladder "$@" --search both --format json >"$work/out.json"
fi
python3 - "$work/out.json" <<'EOF'
import json, sys
clips = json.load(open(sys.argv[1]))["clips"]
def bd(deltas, method):
    value = (deltas or {}).get(method) or {}
    return value.get("percent")
def show(value):
    return "n/a" if value is None else f"{value:+.2f}%"
print(f"{'clip':40} {'fixed CPU':>9} {'grid':>7} {'fast':>7}  {'method':6} {'grid BD':>9} {'fast BD':>9} {'points':>7}")
for clip in clips:
    fixed = clip["fixed_ladder_cpu_s"]
    fast = clip["fast"]
    ratio = lambda seconds: f"{seconds / fixed:.2f}x" if fixed > 0 else "n/a"
    for index, method in enumerate(["pchip", "cubic"]):
        grid_bd, fast_bd = bd(clip["bd_rate"], method), bd(fast["versus_fixed"], method)
        points = f"{fast_bd - grid_bd:+.2f}" if grid_bd is not None and fast_bd is not None else "n/a"
        head = (f"{clip['clip'][-40:]:40} {fixed:8.1f}s {ratio(clip['analysis_cpu_s']):>7} {ratio(fast['cpu_s']):>7}"
                if index == 0 else " " * 67)
        print(f"{head}  {method:6} {show(grid_bd):>9} {show(fast_bd):>9} {points:>7}")
EOF
