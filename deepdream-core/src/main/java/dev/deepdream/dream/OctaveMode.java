package dev.deepdream.dream;

import java.util.Locale;

/** How one octave hands over to the next. */
public enum OctaveMode {
  /** Resize the dreamed image (the tutorial). */
  RESIZE,
  /**
   * Carry the detail (the original notebook): each octave starts from the input resized to its
   * size plus the upscaled detail the lower octaves added, so upscaling never blurs the input.
   */
  DETAIL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OctaveMode parse(String text) {
    for (OctaveMode m : values()) {
      if (m.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new BadOptionException("unknown octave mode '" + text + "' (use resize or detail)");
  }
}
