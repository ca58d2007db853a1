package dev.deepdream.visualize;

import dev.deepdream.image.Picture;
import dev.deepdream.model.ModelInfo;
import dev.deepdream.settings.SettingsCodec;
import java.util.List;
import java.util.Map;

/**
 * A finished visualisation and how it was made.
 *
 * @param pictures the images, one per batch entry
 * @param config the settings used, the seed filled in
 * @param model the model's description (its source, what its layers are)
 * @param losses the objective at every step (over the batch)
 * @param millis the time it took
 */
public record VisualizeResult(List<Picture> pictures, VisualizeConfig config, ModelInfo model, List<Float> losses,
    long millis) {
  /** Keeps unmodifiable copies. */
  public VisualizeResult {
    pictures = List.copyOf(pictures);
    losses = List.copyOf(losses);
  }

  /** The settings as text, for a PNG's metadata: {@link VisualizeParams}' names, plus the model's source. */
  public Map<String, String> record() {
    Map<String, String> out = VisualizeParams.encode(config);
    out.put(SettingsCodec.KIND, SettingsCodec.VISUALISATION);
    out.put("model_source", model.source());
    out.put("model_input", model.inputConvention().describe()); // how the network was fed, as a dream records
    return out;
  }

  /** The objective at the first step. */
  public float firstLoss() {
    return losses.isEmpty() ? Float.NaN : losses.get(0);
  }

  /** The objective at the last step. */
  public float lastLoss() {
    return losses.isEmpty() ? Float.NaN : losses.get(losses.size() - 1);
  }
}
