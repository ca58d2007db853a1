package dev.deepdream.video;

import dev.deepdream.image.Picture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a frame starts from before it is dreamed: its raw pixels plus what carries over from the
 * previous frame, by a {@link Temporal} method ({@link Temporal#carry}); one per render or piece.
 */
public interface FrameCarry {
  /**
   * A frame's starting point.
   *
   * @param init the picture to dream
   * @param reliable fraction of pixels that carried the previous dream (1 for blend, 0 for off)
   * @param sceneCut whether the frame was taken for a new scene (nothing carried)
   */
  record Start(Picture init, double reliable, boolean sceneCut) {
    /** A start from the raw frame alone, nothing carried (the first frame, or a method that carries nothing). */
    public static Start fresh(Picture raw) {
      return new Start(raw, 0, false);
    }
  }

  /**
   * The start of frame {@code raw}, given the previous raw and dreamed frames (the first frame
   * starts {@link Start#fresh}).
   *
   * @param settled the RMS of the dream detail (0..255 levels) the scene settled to in its warm-up,
   *     which a carry that adds detail caps the carried detail at; 0 for no cap
   */
  Start start(Picture raw, Picture prevRaw, Picture prevDream, double settled);

  /**
   * What a warm-up pass over a fresh start dreams: {@code raw} with its own dream so far
   * ({@code dreamed}) carried over, as a still clip would carry it.
   */
  Picture settle(Picture raw, Picture dreamed);

  /**
   * The frames (1-based, of {@code clip}) where this carry starts afresh, so a render split into
   * pieces there gives exactly the frames of a whole render; none by default (read nothing then).
   */
  default List<Integer> sceneCuts(Clip clip, Ffmpeg ffmpeg) throws IOException {
    return new ArrayList<>();
  }
}
