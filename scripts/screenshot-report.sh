#!/usr/bin/env bash
# Renders a self-contained HTML report (report.html) to a PNG with headless Chromium, the whole page tall, so
# a person (or a review) can look at the charts without a browser.
#
# Usage: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTH]
#   WIDTH is the viewport width in CSS pixels (default 1000); the height is measured from the page.
# Installs Debian's `chromium` package when no Chromium is found (as root, or with sudo).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH]" >&2
    exit 64
fi
report=$1
out=$2
width=${3:-1000}
if [[ ! -f $report ]]; then
    echo "Error: no such file: $report" >&2
    exit 1
fi
if ! [[ $width =~ ^[0-9]+$ ]] || (( width < 200 || width > 4000 )); then
    echo "Error: WIDTH must be a number of pixels from 200 to 4000, not '$width'" >&2
    exit 64
fi

find_chromium() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
browser=$(find_chromium)
if [[ -z $browser ]]; then
    echo "Chromium not found; installing Debian's chromium package (takes a few minutes)..." >&2
    if [[ $(id -u) -eq 0 ]]; then
        as_root=()
    elif command -v sudo >/dev/null; then
        as_root=(sudo)
    else
        echo "Error: cannot install chromium: not root and no sudo" >&2
        exit 1
    fi
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    browser=$(find_chromium)
    [[ -n $browser ]] || { echo "Error: chromium did not install" >&2; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
absolute=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
mkdir -p "$(dirname "$out")"
out_absolute=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

run_browser() {
    # --no-sandbox: Chromium refuses to run as root otherwise; the page is a local file without scripts.
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --mute-audio \
        --force-device-scale-factor=1 --user-data-dir="$work/profile" "$@" 2>"$work/browser.log"
}

# Measure the page's height: a copy of the report with one line of script that writes it into the title.
cp "$absolute" "$work/measure.html"
echo '<script>document.title = "height:" + Math.ceil(document.documentElement.scrollHeight);</script>' \
    >>"$work/measure.html"
height=$(run_browser --window-size="$width,800" --virtual-time-budget=3000 --dump-dom "file://$work/measure.html" \
    | grep -o 'height:[0-9]*' | head -n 1 | cut -d: -f2 || true)
if [[ -z $height ]]; then
    echo "warning: could not measure the page's height; using 3000 px" >&2
    height=3000
fi
(( height < 200 )) && height=200
(( height > 16000 )) && height=16000

rm -f "$out_absolute"
run_browser --window-size="$width,$height" --screenshot="$out_absolute" "file://$absolute" >/dev/null || true
if [[ ! -s $out_absolute ]]; then
    echo "Error: Chromium wrote no screenshot; its messages:" >&2
    cat "$work/browser.log" >&2
    exit 1
fi
echo "$out (${width}x${height})"
