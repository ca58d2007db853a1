#!/usr/bin/env bash
# Makes docs/video.md and its GIFs with the program itself: a camera pan over examples/rocket.jpg
# (known motion), dreamed with the video preset three ways (--temporal flow, blend, off), and the
# flicker of each measured on the dream layer. Run from anywhere; takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/video
mkdir -p "$out"
size=320x208
frames=16
table=$(./deepdream bench --video --size "$size" --frames "$frames" --no-runs --gifs "$out")
cat > docs/video.md <<DOC
# Video without flicker

\`deepdream video INPUT -o OUTPUT.mp4\` dreams a clip frame by frame. Dreaming each frame on its
own makes the patterns boil; DeepDreamVideo's plain blend ghosts; flow-carried detail without a
limit brightens and smears. Here the previous frame's dream detail (dreamed minus raw) is moved
along the optical flow between the raw frames (OpenCV's DIS), scaled by the blend, added to the
raw frame, and dreamed on; where the flow fails its forward-backward check, where the pixel's
colour does not match where the flow says it came from (occlusion), at the borders and at scene
cuts, the frame starts from its raw pixels. The first frame and each new scene get warm-up passes,
so the dream starts as strong as it settles to, and the carried detail is never stronger than the
scene settled to, so a still clip does not sharpen or brighten over time.

A ${size} pan over \`examples/rocket.jpg\` by (3, 1) px per frame, ${frames} frames at 10 fps,
the \`video\` preset, seed 1:

| input | \`--temporal flow\` (default) | \`--temporal blend --blend 0.5\` | \`--temporal off\` |
| --- | --- | --- | --- |
| ![input](video/input.gif) | ![flow](video/flow.gif) | ![blend](video/blend.gif) | ![off](video/off.gif) |

Flicker is measured on the dream layer \`d = output - raw\`: the mean of
|d[t](y, x) - d[t-1](y + 1, x + 3)| over the overlap (the known motion), divided by the mean |d[t]|,
so a weaker dream does not score better. Frames dreamed on their own score about 1.

\`\`\`
${table}
\`\`\`

Made by \`docs/make-video-docs.sh\` (which runs \`./deepdream bench --video --size ${size} --frames ${frames}
--no-runs --gifs docs/video\`). The flow table compares OpenCV's two dense flows on the same pan:
end-point error against the true (3, 1) px motion, and time per frame pair. Speed at DeepDreamVideo's
540x360 is in [benchmarks.md](benchmarks.md#video).
DOC
echo "wrote docs/video.md and $out/*.gif"
