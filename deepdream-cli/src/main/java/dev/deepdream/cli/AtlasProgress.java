package dev.deepdream.cli;

import dev.deepdream.dream.DreamProgress;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasRunner;

/**
 * An atlas's progress on stderr: each channel's steps as a dream's, and when it finishes its time
 * and the overall ETA: the mean time of the channels drawn so far times those left, and during a
 * channel its own ETA plus that.
 */
final class AtlasProgress implements AtlasRunner.Listener {
  private final Progress progress;
  private int index;
  private int total;
  private int drawn;
  private double seconds;

  AtlasProgress(Progress progress) {
    this.progress = progress;
  }

  @Override
  public void starting(AtlasChannel ch, int index, int total) {
    this.index = index;
    this.total = total;
  }

  @Override
  public void step(AtlasChannel ch, DreamProgress p) {
    progress.step(p);
  }

  @Override
  public void finished(AtlasChannel ch, double secs, String error) {
    if (error == null) {
      drawn++;
      seconds += secs;
    }
    int left = total - index - 1;
    long eta = left == 0 ? 0 : drawn == 0 ? -1 : Math.round(seconds / drawn * left * 1000);
    progress.message("channel " + (index + 1) + "/" + total + " " + ch.key() + ": " + (error == null
        ? String.format("drawn in %.1f s", secs) : "failed: " + error) + "  overall ETA "
        + Progress.formatDuration(eta));
  }
}
