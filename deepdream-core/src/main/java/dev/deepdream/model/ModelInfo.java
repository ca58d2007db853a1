package dev.deepdream.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a model is, beside its topology and weights: where it came from, the value range its input
 * expects, which layers are worth dreaming on, and anything a user must be told about it.
 * Stored as {@code deepdream.json} next to a cached model.
 *
 * @param name short name, e.g. {@code inception_v3}
 * @param description one line for listings
 * @param inputMin value that pixel 0 maps to (e.g. -1)
 * @param inputMax value that pixel 255 maps to (e.g. 1)
 * @param dreamLayers regular expression for the layers listed as dreamable
 * @param defaultLayers comma-separated default layers, e.g. "mixed3,mixed5"
 * @param source where the weights came from (a URL, an npm package, a file)
 * @param sha256 hash of the weight bytes as found at the source
 * @param quantized whether the stored weights are quantized
 * @param imagenetUpTo the deepest layer that still has the original ImageNet features, or null
 *     when all do; deeper layers were fine-tuned for another task
 * @param licence the weights' licence, in a few words
 * @param fileSha256 SHA-256 of each file of the cache entry ({@code weights.bin}, {@code model.json})
 *     as written to the cache, checked on every load; null in entries written before it existed
 * @param input the input convention when it is more than the range (a mean, a std, BGR: done by the
 *     network's first layer), else null; see {@link #inputConvention()}
 */
public record ModelInfo(
    String name,
    String description,
    double inputMin,
    double inputMax,
    String dreamLayers,
    String defaultLayers,
    String source,
    String sha256,
    boolean quantized,
    String imagenetUpTo,
    String licence,
    Map<String, String> fileSha256,
    InputConvention input) {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** A description whose input convention is its range alone. */
  public ModelInfo(String name, String description, double inputMin, double inputMax, String dreamLayers,
      String defaultLayers, String source, String sha256, boolean quantized, String imagenetUpTo, String licence,
      Map<String, String> fileSha256) {
    this(name, description, inputMin, inputMax, dreamLayers, defaultLayers, source, sha256, quantized, imagenetUpTo,
        licence, fileSha256, null);
  }

  /** A description with no file hashes yet (they are added when the model is written to the cache). */
  public ModelInfo(String name, String description, double inputMin, double inputMax, String dreamLayers,
      String defaultLayers, String source, String sha256, boolean quantized, String imagenetUpTo, String licence) {
    this(name, description, inputMin, inputMax, dreamLayers, defaultLayers, source, sha256, quantized, imagenetUpTo,
        licence, null);
  }

  /**
   * The layers of {@code graph} this model lists as dreamable, in graph order; a layer marked
   * {@code hidden} in its config (an imported ONNX graph's input convention, or a tensor name that
   * a plainer alias stands for) can still be named but is not listed.
   */
  public java.util.List<String> dreamable(KerasGraph graph) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (LayerSpec l : graph.layers()) {
      if (!l.type().equals("InputLayer") && !l.boolOr(HIDDEN, false) && isDreamLayer(l.name())) {
        out.add(l.name());
      }
    }
    return out;
  }

  /** The config key that keeps a layer out of the dreamable listing. */
  public static final String HIDDEN = "hidden";

  /** How the network wants its pixels: {@link #input()}, else the range alone. */
  public InputConvention inputConvention() {
    return input != null ? input : InputConvention.range(inputMin, inputMax);
  }

  /** True when {@code layer} matches this model's dreamable-layer pattern. */
  public boolean isDreamLayer(String layer) {
    return dreamLayers == null || Pattern.matches(dreamLayers, layer);
  }

  /**
   * One line on which layers hold ImageNet features, for listings: "ImageNet, all layers" for an
   * ImageNet model with nothing fine-tuned (InceptionV3 from Keras's file), the fine-tuned limit
   * where there is one, else null.
   */
  public String imagenetSummary() {
    if (imagenetUpTo != null) {
      return "ImageNet features up to " + imagenetUpTo + "; deeper layers fine-tuned for another task";
    }
    return KnownModels.isImagenetTrained(name) ? "ImageNet, all layers" : null;
  }

  /** A copy with another source, hash and quantized flag. */
  public ModelInfo withSource(String newSource, String newSha256, boolean newQuantized) {
    return new ModelInfo(name, description, inputMin, inputMax, dreamLayers, defaultLayers, newSource, newSha256,
        newQuantized, imagenetUpTo, licence, fileSha256, input);
  }

  /** A copy under another name (the npm copy of a known model). */
  public ModelInfo withName(String newName) {
    return new ModelInfo(newName, description, inputMin, inputMax, dreamLayers, defaultLayers, source, sha256,
        quantized, imagenetUpTo, licence, fileSha256, input);
  }

  /** A copy that says layers past {@code layer} are not ImageNet features. */
  public ModelInfo withImagenetUpTo(String layer) {
    return new ModelInfo(name, description, inputMin, inputMax, dreamLayers, defaultLayers, source, sha256, quantized,
        layer, licence, fileSha256, input);
  }

  /** A copy with the given hashes of the cache entry's files. */
  public ModelInfo withFileSha256(Map<String, String> hashes) {
    return new ModelInfo(name, description, inputMin, inputMax, dreamLayers, defaultLayers, source, sha256, quantized,
        imagenetUpTo, licence,
        hashes == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hashes)), input);
  }

  /**
   * A copy that takes its pixels by {@code convention}: its range becomes the model's input range,
   * and the rest is recorded (a convention that is the range alone records nothing more).
   */
  public ModelInfo withInput(InputConvention convention) {
    return new ModelInfo(name, description, convention.min(), convention.max(), dreamLayers, defaultLayers, source,
        sha256, quantized, imagenetUpTo, licence, fileSha256, convention.rangeOnly() ? null : convention);
  }

  /** A copy with another description, dreamable-layer pattern and default layers (an imported model's). */
  public ModelInfo withLayers(String newDescription, String newDreamLayers, String newDefaultLayers) {
    return new ModelInfo(name, newDescription, inputMin, inputMax, newDreamLayers, newDefaultLayers, source, sha256,
        quantized, imagenetUpTo, licence, fileSha256, input);
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  public static ModelInfo fromJson(String json) {
    return GSON.fromJson(json, ModelInfo.class);
  }

  public static ModelInfo fromJson(JsonObject json) {
    return GSON.fromJson(json, ModelInfo.class);
  }
}
