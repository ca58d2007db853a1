package dev.deepdream.dream;

import dev.deepdream.image.Picture;
import java.util.List;

/**
 * Pictures that steer a dream, apart from the settings: a guide photo whose features the dream
 * pulls towards, and masks (greyscale: black = untouched) that scale the update per pixel, each
 * optionally with an objective of its own.
 *
 * @param guide guide photo, or null
 * @param guideLayer the layer the guide is compared on (null: the objective's first layer)
 * @param guideWeight weight of the guide term
 * @param masks masks with their objectives (null objective: the dream's own)
 */
public record Guidance(Picture guide, String guideLayer, double guideWeight, List<Mask> masks) {
  /** A mask and the objective expression dreamt inside it (null: the dream's own). */
  public record Mask(Picture picture, String objective) {}

  public static Guidance none() {
    return new Guidance(null, null, 1.0, List.of());
  }

  public boolean isEmpty() {
    return guide == null && masks.isEmpty();
  }
}
