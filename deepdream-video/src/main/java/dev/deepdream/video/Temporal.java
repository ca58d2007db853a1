package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import java.util.Arrays;
import java.util.Locale;

/** How a frame's dream carries over to the next frame. */
public enum Temporal {
  /**
   * The previous frame's dream detail (dreamed minus raw), moved along the optical flow between
   * the raw frames and scaled by the blend, is added to the raw frame before it is dreamed; where
   * the flow cannot be trusted (occlusions, a scene cut) the frame starts from its raw pixels.
   */
  FLOW("flow"),
  /** DeepDreamVideo's plain blend: the previous dreamed frame mixed into the raw frame (ghosts on motion). */
  BLEND("blend"),
  /** Every frame dreamed on its own (flickers). */
  OFF("off");

  private final String id;

  Temporal(String id) {
    this.id = id;
  }

  /** Its name on the command line and in records. */
  public String id() {
    return id;
  }

  /** The mode named {@code text}. */
  public static Temporal parse(String text) {
    for (Temporal t : values()) {
      if (t.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new BadOptionException("unknown temporal mode '" + text + "' (use "
        + String.join(", ", Arrays.stream(values()).map(Temporal::id).toList()) + ")");
  }
}
