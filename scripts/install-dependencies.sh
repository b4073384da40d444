#!/usr/bin/env bash
# Installs the Debian packages vidsim builds against, if any is missing: FFmpeg's and GSL's -dev packages,
# pkg-config, and the ffmpeg program (used only by tests that compare against it, and by benchmarks).
set -euo pipefail
packages=(pkg-config libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libavfilter-dev libgsl-dev ffmpeg)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "vidsim: Debian packages already installed"
  exit 0
fi
echo "vidsim: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
