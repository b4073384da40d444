#!/usr/bin/env bash
# Encode benchmark against the ffmpeg program: the seed's six-rung ladder (x264 medium, target bit rate with
# a VBV cap), one decode split six ways, one thread per encoder, on the same clip; release build.
# Prints the median wall and CPU (user + system) time of each over several runs, and their ratios
# (vidsim / ffmpeg: at most 1.00 is the target).
#
#   scripts/bench-encode.sh [CLIP] [RUNS]
#
# Without CLIP, a 2160p clip of 2 s (FFmpeg's testsrc2, stored nearly lossless) is made in a temporary folder,
# so every rung, 2160p included, is encoded without upscaling.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clip=${1:-}
if [ -z "$clip" ]; then
  clip="$work/testsrc2-2160p.mp4"
  ffmpeg -v error -y -f lavfi -i "testsrc2=s=3840x2160:r=30:d=2,format=yuv420p" -c:v libx264 -preset ultrafast -qp 10 "$clip"
fi
swift build -c release >/dev/null

# The ladder, as in BenchLadder.seedRungs: name width height bits-per-second.
ladder=("240p 426 240 300000" "360p 640 360 700000" "480p 854 480 1500000" "720p 1280 720 3000000"
        "1080p 1920 1080 6000000" "2160p 3840 2160 16000000")
height=$(ffprobe -v error -select_streams v:0 -show_entries stream=height -of csv=p=0 "$clip")
graph="[0:v]split=${#ladder[@]}"
for i in "${!ladder[@]}"; do graph+="[s$i]"; done
graph+=";"
outputs=()
for i in "${!ladder[@]}"; do
  read -r name width rung_height rate <<<"${ladder[$i]}"
  if [ "$rung_height" -eq "$height" ]; then graph+="[s$i]null[o$i];"; else graph+="[s$i]scale=$width:$rung_height:flags=bicubic[o$i];"; fi
  outputs+=(-map "[o$i]" -c:v libx264 -preset medium -b:v "$rate" -maxrate "$rate" -bufsize $((2 * rate)) -threads 1 -f null -)
done
graph=${graph%;}

measure() { # prints "wall cpu" for one run of the command given
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >"$work/ffmpeg" ; : >"$work/vidsim"
for run in $(seq "$runs"); do
  measure ffmpeg -nostdin -y -filter_complex_threads 1 -i "$clip" -filter_complex "$graph" "${outputs[@]}" >>"$work/ffmpeg"
  measure .build/release/vidsim bench --clips "$clip" --no-quality --threads 1 >>"$work/vidsim"
done
ffmpeg_wall=$(cut -d' ' -f1 "$work/ffmpeg" | median); ffmpeg_cpu=$(cut -d' ' -f2 "$work/ffmpeg" | median)
vidsim_wall=$(cut -d' ' -f1 "$work/vidsim" | median); vidsim_cpu=$(cut -d' ' -f2 "$work/vidsim" | median)
echo "clip: $clip (${height} lines), six rungs, x264 medium, one thread per encoder, median of $runs runs"
printf "  ffmpeg program   wall %6.2f s   CPU %6.2f s\n" "$ffmpeg_wall" "$ffmpeg_cpu"
printf "  vidsim bench     wall %6.2f s   CPU %6.2f s\n" "$vidsim_wall" "$vidsim_cpu"
awk -v a="$vidsim_wall" -v b="$ffmpeg_wall" -v c="$vidsim_cpu" -v d="$ffmpeg_cpu" \
  'BEGIN {printf "  vidsim / ffmpeg  wall %.3f       CPU %.3f\n", a / b, c / d}'
