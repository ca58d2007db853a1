#!/usr/bin/env bash
# Makes every picture of docs/gallery.md with the program itself. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/gallery
mkdir -p "$out"
in=examples/chelsea.png
common=(--max-dim 300 --seed 1 --force)
d() { local name=$1; shift; echo "== $name: $*"; ./deepdream dream "$in" -o "$out/$name.jpg" "${common[@]}" "$@"; }

# Presets
for p in tutorial original subtle intense lapnorm smooth; do d "preset-$p" --preset "$p"; done

# Controls, each against the same base (octaves -2..0, 20 steps each)
base=(--mode octaves --octaves -2..0 --steps 20)
d layer-mean "${base[@]}" --layers mixed3
d mean-of-squares "${base[@]}" --objective "mixed3^2"
d channel-97 "${base[@]}" --objective "mixed4:97"
d composed "${base[@]}" --objective "mixed3 + 1.5*mixed5 - 0.5*mixed4:97"
d guide "${base[@]}" --layers mixed4 --guide examples/coffee.png --guide-weight 3
d step-mean-abs "${base[@]}" --step-rule mean-abs
d step-laplacian "${base[@]}" --step-rule laplacian
d smoothing "${base[@]}" --smoothing 1.5
d octave-detail "${base[@]}" --octave-mode detail
d jitter "${base[@]}" --jitter 32
d tv "${base[@]}" --tv-weight 0.5
d mask "${base[@]}" --mask docs/gallery-mask.png --mask "docs/gallery-mask-inverse.png=mixed4:97"
d random-scale "${base[@]}" --random-scale 0.1
d random-rotate "${base[@]}" --random-rotate 10
d tv-term "${base[@]}" --objective "mixed4:97 + mixed3 - 0.05*tv"

# Zoom animation
./deepdream zoom "$in" -o "$out/zoom.gif" --frames 24 --zoom 1.04 --rotate 1 --steps 6 --max-dim 240
rm -rf "$out/zoom.gif.frames"
