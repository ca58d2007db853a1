package dev.deepdream.dream;

import java.util.Locale;

/** The tutorial's three algorithms. */
public enum Mode {
  /** Gradient ascent at the input size (tutorial: 100 steps). */
  SIMPLE(100),
  /** Gradient ascent over a pyramid of sizes (octaves), resizing between them (50 steps each). */
  OCTAVES(50),
  /** Octaves with gradients computed per tile on a randomly rolled image (100 steps each). */
  TILED(100);

  private final int defaultSteps;

  Mode(int defaultSteps) {
    this.defaultSteps = defaultSteps;
  }

  /** Steps per octave (or in total for {@link #SIMPLE}) when none are given. */
  public int defaultSteps() {
    return defaultSteps;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "simple", "octaves" or "tiled". */
  public static Mode parse(String text) {
    for (Mode m : values()) {
      if (m.id().equals(text.toLowerCase(Locale.ROOT).trim())) {
        return m;
      }
    }
    throw new BadOptionException("unknown mode '" + text + "' (use simple, octaves or tiled)");
  }
}
