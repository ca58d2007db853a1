package dev.deepdream.video;

import dev.deepdream.image.Picture;

/**
 * A finished frame as a listener sees it.
 *
 * @param number the frame's 1-based number in the clip
 * @param total the last frame this run dreams (the clip's frame count for a whole render)
 * @param frameMillis time this frame took
 * @param paceMillis expected time of each frame to come ({@link FramePace}: the run's frames after
 *     its first, warm-up passes left out, or before there are any a warm-up pass), -1 if unknown
 * @param dreamedThisRun frames dreamed in this run (the rest were done before a resume)
 * @param reliable fraction of the frame that carried the previous frame's dream
 * @param sceneCut whether the frame was taken for a new scene
 * @param frame the dreamed frame
 */
public record FrameProgress(int number, int total, long frameMillis, long paceMillis, int dreamedThisRun,
    double reliable, boolean sceneCut, Picture frame) {

  /** Estimated milliseconds left: the pace of a frame times the frames left; -1 if unknown. */
  public long etaMillis() {
    return paceMillis < 0 ? -1 : paceMillis * (total - number);
  }
}
