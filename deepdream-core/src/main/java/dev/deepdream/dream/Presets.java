package dev.deepdream.dream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Named sets of settings; explicit settings still override them. */
public final class Presets {
  /**
   * A preset.
   *
   * @param name its name
   * @param looks what it looks like
   * @param apply the settings it applies to a builder
   */
  public record Preset(String name, String looks, UnaryOperator<DreamConfig.Builder> apply) {}

  private static final Map<String, Preset> ALL = new LinkedHashMap<>();

  static {
    add("tutorial", "TensorFlow's tutorial: tiled, mixed3 + mixed5, octaves -2..2 at 1.3, 100 steps each; dense "
        + "eyes and dog faces at several scales", b -> b);
    add("original", "the original Caffe notebook: mean of squares of mixed4, gradient / mean |g|, jitter 32, "
        + "detail-carrying octaves -3..0 at 1.4, 10 steps each; crisp, the input's detail kept",
        b -> b.mode(Mode.OCTAVES).objective("mixed4^2").stepRule(StepRule.MEAN_ABS).stepSize(0.012).jitter(32)
            .octaves(new OctavePlan(-3, 0, 1.4, OctaveMode.DETAIL)).steps(10));
    add("classic", "the original notebook's recipe on its own network, GoogLeNet (deepdream models fetch "
        + "googlenet): inception_4c/output squared, gradient / mean |g| with steps of 1.5 in 0..255 pixels, jitter 32, "
        + "detail-carrying octaves -3..0 at 1.4, 10 steps each; the dog-and-pagoda look of 2015",
        b -> b.model("googlenet").mode(Mode.OCTAVES).objective("inception_4c/output^2").stepRule(StepRule.MEAN_ABS)
            .stepSize(1.5 / 127.5).jitter(32).octaves(new OctavePlan(-3, 0, 1.4, OctaveMode.DETAIL)).steps(10));
    add("subtle", "a light touch: mixed3 only, 20 steps at octaves -1..0, small steps, smoothed; the photo stays "
        + "recognisable with a fine patterned sheen",
        b -> b.mode(Mode.OCTAVES).objective("mixed3").steps(20).stepSize(0.006).octaves(-1, 0).smoothing(0.5));
    add("intense", "strong: mixed3 + 2 x mixed5, 150 tiled steps per octave, bigger steps; the photo dissolves "
        + "into creatures", b -> b.mode(Mode.TILED).objective("mixed3 + 2*mixed5").steps(150).stepSize(0.015));
    add("lapnorm", "the TensorFlow notebook's Laplacian-normalised style on one channel (mixed4:97), detail "
        + "octaves -3..0 at 1.4; smooth, painterly, low-frequency shapes",
        b -> b.mode(Mode.OCTAVES).objective("mixed4:97").stepRule(StepRule.LAPLACIAN).stepSize(0.01)
            .octaves(new OctavePlan(-3, 0, 1.4, OctaveMode.DETAIL)).steps(20));
    add("smooth", "tiled like the tutorial, with total-variation regularisation and smoothed gradients; fewer "
        + "noisy high-frequency speckles", b -> b.mode(Mode.TILED).tvWeight(0.05).smoothing(0.5));
    add("video", "per frame of a video (deepdream video's default): detail-carrying octaves -1..0 at 1.4, 10 "
        + "steps each; light on one frame, the dream builds up as it carries from frame to frame",
        b -> b.mode(Mode.OCTAVES).octaves(new OctavePlan(-1, 0, 1.4, OctaveMode.DETAIL)).steps(10).stepSize(0.01));
  }

  private Presets() {}

  private static void add(String name, String looks, UnaryOperator<DreamConfig.Builder> apply) {
    ALL.put(name, new Preset(name, looks, apply));
  }

  /** The presets by name, in the order they are listed. */
  public static Map<String, Preset> all() {
    return ALL;
  }

  /** A builder with the preset's settings (the tutorial's defaults underneath). */
  public static DreamConfig.Builder builder(String name) {
    Preset p = ALL.get(name);
    if (p == null) {
      throw new BadOptionException("unknown preset '" + name + "' (presets: " + String.join(", ", ALL.keySet()) + ")");
    }
    return p.apply().apply(DreamConfig.builder());
  }

  /** The settings a preset gives, as text (for listings). */
  public static String describe(String name) {
    DreamConfig c = builder(name).build();
    StringBuilder sb = new StringBuilder();
    sb.append("mode ").append(c.mode().id());
    sb.append(", ").append(c.objective() != null ? "objective " + c.objective().describe() : "the model's layers");
    sb.append(", steps ").append(c.steps()).append(", step size ").append(c.stepSize());
    if (c.mode() != Mode.SIMPLE) {
      sb.append(", octaves ").append(c.octaves().rangeText()).append(" at ").append(c.octaves().scale()).append(" (")
          .append(c.octaves().mode().id()).append(')');
    }
    sb.append(", step rule ").append(c.stepRule().id());
    for (Transform t : c.transforms()) {
      sb.append(", ").append(t.describe());
    }
    if (c.tvWeight() > 0) {
      sb.append(", tv ").append(c.tvWeight());
    }
    if (c.smoothing() > 0) {
      sb.append(", smoothing ").append(c.smoothing());
    }
    return sb.toString();
  }
}
