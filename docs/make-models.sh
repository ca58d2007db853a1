#!/usr/bin/env bash
# Makes the pictures of docs/models.md with the program itself: the same photo dreamed on every model
# the program knows, each on its own default layers, and googlenet with the classic preset. Run from the
# repository root. Models missing from the cache are fetched; one that cannot be fetched is said and
# skipped. The tests' GoogLeNet-shaped ONNX file (random weights) is imported and dreamed on too: it
# shows the ONNX path end to end, not GoogLeNet's look.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/models
mkdir -p "$out"
in=examples/chelsea.png
common=(--max-dim 300 --seed 1 --force)
base=(--mode octaves --octaves -2..0 --steps 20)
d() { local name=$1; shift; echo "== $name: $*"; ./deepdream dream "$in" -o "$out/$name.jpg" "${common[@]}" "$@"; }

for m in inception_v3 mobilenet_v2 googlenet; do
  if ./deepdream models fetch "$m"; then
    d "$m" --model "$m" "${base[@]}"
  else
    echo "== $m: could not be fetched, no picture" >&2
  fi
done
if [ -f "$out/googlenet.jpg" ]; then
  d googlenet-classic --preset classic
fi

fixture=deepdream-core/src/test/resources/onnx/googlenet-tiny.onnx
./deepdream models import "$fixture" --name googlenet-tiny --input-range 0..255 --mean 123,117,104 --bgr
d googlenet-tiny --model googlenet-tiny "${base[@]}"
d googlenet-tiny-classic --preset classic --model googlenet-tiny
