package dev.deepdream.dream;

import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelInfo;
import java.util.List;

/**
 * A finished dream and how it was made: the picture, the exact settings it ran with (the seed and
 * the model's default objective filled in), the model it used, the loss at every step and the
 * time taken. {@code dev.deepdream.settings.SettingsCodec#record} writes it as text.
 *
 * @param picture the dreamed picture
 * @param config the settings as run
 * @param seed the seed used
 * @param model the model, with where its weights came from
 * @param losses the loss at every step
 * @param millis the time taken
 */
public record DreamResult(Picture picture, DreamConfig config, long seed, ModelInfo model, List<Float> losses,
    long millis) {

  /** The loss at the first step, or NaN. */
  public float firstLoss() {
    return losses.isEmpty() ? Float.NaN : losses.get(0);
  }

  /** The loss at the last step, or NaN. */
  public float lastLoss() {
    return losses.isEmpty() ? Float.NaN : losses.get(losses.size() - 1);
  }
}
