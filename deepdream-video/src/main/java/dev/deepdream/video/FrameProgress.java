package dev.deepdream.video;

import dev.deepdream.image.Picture;

/**
 * A finished frame as a listener sees it.
 *
 * @param number the frame's 1-based number in the clip
 * @param total the last frame this run dreams (the clip's frame count for a whole render)
 * @param frameMillis time this frame took
 * @param dreamedMillis time spent on the frames dreamed in this run, warm-up passes left out
 * @param dreamedThisRun frames dreamed in this run (the rest were done before a resume)
 * @param reliable fraction of the frame that carried the previous frame's dream
 * @param sceneCut whether the frame was taken for a new scene
 * @param frame the dreamed frame
 */
public record FrameProgress(int number, int total, long frameMillis, long dreamedMillis, int dreamedThisRun,
    double reliable, boolean sceneCut, Picture frame) {

  /** Estimated milliseconds left: the mean time of this run's frames times the frames left. */
  public long etaMillis() {
    return dreamedThisRun == 0 ? -1 : dreamedMillis / dreamedThisRun * (total - number);
  }
}
