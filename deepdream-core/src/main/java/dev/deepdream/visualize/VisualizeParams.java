package dev.deepdream.visualize;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.dream.ObjectiveParser;
import dev.deepdream.dream.Range;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.Setting;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of a feature visualisation, declared once as a {@link Setting}: the options of
 * {@code deepdream visualize} and {@code deepdream atlas}, the settings recorded in their PNGs and
 * in {@code atlas.json}, and a web form all come from {@link #ALL}. Each is applied to a
 * {@link VisualizeConfig.Builder} from its text and read back from a {@link VisualizeConfig}.
 */
public final class VisualizeParams {
  /** The page's group for these settings. */
  public static final String GROUP = "visualize";

  private VisualizeParams() {}

  /** Applies a setting's text to a builder. */
  @FunctionalInterface
  public interface Apply {
    /** Applies {@code text}. */
    void apply(VisualizeConfig.Builder builder, String text, ImageSource images) throws IOException;
  }

  /** One setting: what every {@link Setting} declares, whether an atlas takes it, how it applies and reads. */
  public static final class VisualizeParam extends Setting {
    private final boolean atlas;
    private final Apply apply;
    private final Function<VisualizeConfig, String> read;

    VisualizeParam(String name, Kind kind, String help, Range range, List<String> choices, String label, String example,
        boolean atlas, Apply apply, Function<VisualizeConfig, String> read) {
      super(name, kind, GROUP, help, range, choices, false, label, example);
      this.atlas = atlas;
      this.apply = apply;
      this.read = read;
    }

    /** Whether {@code deepdream atlas} takes this setting (an atlas sets the objective itself, one per channel). */
    public boolean atlas() {
      return atlas;
    }

    /** Applies {@code text} to {@code builder}; {@code images} resolves a photo. */
    public void apply(VisualizeConfig.Builder builder, String text, ImageSource images) throws IOException {
      apply.apply(builder, text, images);
    }

    /** This setting's text in {@code config}, or null when it is not set. */
    public String read(VisualizeConfig config) {
      return read.apply(config);
    }

    /** The default as {@code visualize} has it. */
    @Override
    public String defaultText() {
      return defaultText(VisualizeConfig.builder());
    }

    /** The default when the settings start from {@code base} (the atlas's own sizes). */
    public String defaultText(VisualizeConfig.Builder base) {
      if (name().equals("objective")) {
        return "none (required)";
      }
      String v = read.apply(base.objective(null).build());
      return v == null ? (name().equals("seed") ? "random" : "none") : v;
    }
  }

  /** Every setting, in the order the help shows them. */
  public static final List<VisualizeParam> ALL = List.of(
      text("model", "NAME", "the model, as deepdream models lists it", "mobilenet_v2", true,
          (b, t, i) -> b.model(t.trim()), VisualizeConfig::model),
      text("objective", "EXPR", "what to draw: mixed4:97 (a channel), neuron(mixed4:97) (its centre), "
          + "direction(mixed4,97=1,12=-0.5), class(2) (a class logit of the model's head), or a weighted sum of "
          + "these and dream's terms, e.g. \"mixed4:97 - 0.5*mixed4:12\"", "mixed3:7", false,
          (b, t, i) -> b.objective(ObjectiveParser.parse(t)), c -> c.objective() == null ? null
              : c.objective().describe()),
      choice("param", Basis.ids(), "what is optimised: fft (" + Basis.FFT.summary() + ") or pixel ("
          + Basis.PIXEL.summary() + ")", "pixel", (b, t, i) -> b.basis(Basis.parse(t)), c -> c.param().basis().id()),
      new VisualizeParam("decorrelate", Setting.Kind.FLAG, "optimise colours in a decorrelated space (lucid's "
          + "ImageNet colour correlation square root): truer, less noisy colours; --decorrelate=false for plain RGB",
          null, List.of(), null, "false", true, (b, t, i) -> b.decorrelate(flag(t)),
          c -> Boolean.toString(c.param().decorrelate())),
      choice("bound", Bound.ids(), "how colours are kept in [0, 1]: sigmoid (" + Bound.SIGMOID.summary() + ") or clip ("
          + Bound.CLIP.summary() + ")", "clip", (b, t, i) -> b.bound(Bound.parse(t)), c -> c.param().bound().id()),
      number("size", VisualizeConfig.SIZE, "the image's side in px (with --init, its long side)", "160", true,
          (b, t, i) -> b.size(VisualizeConfig.SIZE.checkInt(Numbers.parseInt("size", t))), c -> num(c.size())),
      number("steps", VisualizeConfig.STEPS, "optimisation steps", "64", true,
          (b, t, i) -> b.steps(VisualizeConfig.STEPS.checkInt(Numbers.parseInt("steps", t))), c -> num(c.steps())),
      number("batch", VisualizeConfig.BATCH, "images drawn together, written as OUT-1.png ... OUT-N.png", "3", false,
          (b, t, i) -> b.batch(VisualizeConfig.BATCH.checkInt(Numbers.parseInt("batch", t))), c -> num(c.batch())),
      number("diversity", VisualizeConfig.DIVERSITY, "weight of the penalty on the batch's images being alike (the "
          + "cosine similarity of their Gram matrices on the objective's first layer; lucid uses 100 to 1000)", "100",
          false, (b, t, i) -> b.diversity(VisualizeConfig.DIVERSITY.check(Numbers.parse("diversity", t))),
          c -> num(c.diversity())),
      choice("optimiser", Optimiser.ids(), "how gradients change the parameters: adam (lucid's), or a step of the "
          + "learning rate times the gradient over its std or mean-abs", "std",
          (b, t, i) -> b.optimiser(Optimiser.parse(t, b.optimiser().rate())), c -> c.optimiser().id()),
      number("learning_rate", VisualizeConfig.LEARNING_RATE, "the optimiser's step (lucid's Adam: 0.05)", "0.02",
          true, (b, t, i) -> b.optimiser(Optimiser.parse(b.optimiser().id(),
              VisualizeConfig.LEARNING_RATE.check(Numbers.parse("learning rate", t)))), c -> num(c.learningRate())),
      text("transforms", "LIST", "random transforms each step makes the image robust to: standard (lucid's: "
          + Robustness.STANDARD + "), none, or a list of pad(N), jitter(N), scale(X), rotate(DEG)",
          "jitter(4), rotate(5)", true, (b, t, i) -> b.transforms(Robustness.canonical(t)),
          VisualizeConfig::transforms),
      text("seed", "N", "seed of the random start and transforms (the same seed gives the same pixels)", "7", true,
          (b, t, i) -> b.seed(Numbers.parseLong("seed", t)), c -> c.seed() == null ? null : Long.toString(c.seed())),
      new VisualizeParam("init", Setting.Kind.IMAGE, "start from this photo instead of noise", null, List.of(), "PHOTO",
          "{image}", false, (b, t, i) -> b.init(i.image("init", t)),
          c -> c.init() == null ? null : c.init().hashText() + " " + c.init().name()));

  private static VisualizeParam text(String name, String label, String help, String example, boolean atlas, Apply apply,
      Function<VisualizeConfig, String> read) {
    return new VisualizeParam(name, Setting.Kind.TEXT, help, null, List.of(), label, example, atlas, apply, read);
  }

  private static VisualizeParam number(String name, Range range, String help, String example, boolean atlas,
      Apply apply, Function<VisualizeConfig, String> read) {
    return new VisualizeParam(name, range.integer() ? Setting.Kind.INTEGER : Setting.Kind.NUMBER, help, range,
        List.of(), null, example, atlas, apply, read);
  }

  private static VisualizeParam choice(String name, List<String> choices, String help, String example, Apply apply,
      Function<VisualizeConfig, String> read) {
    return new VisualizeParam(name, Setting.Kind.CHOICE, help, null, choices, null, example, true, apply, read);
  }

  /** The setting named {@code name}. @throws BadOptionException when there is none */
  public static VisualizeParam named(String name) {
    for (VisualizeParam p : ALL) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new BadOptionException("unknown visualize setting " + name);
  }

  /**
   * Settings from text by name over {@code base} (unknown names are an error); {@code images}
   * resolves {@code init}.
   */
  public static VisualizeConfig decode(Map<String, String> text, VisualizeConfig.Builder base, ImageSource images)
      throws IOException {
    Map<String, String> left = new LinkedHashMap<>(text);
    for (VisualizeParam p : ALL) {
      String t = left.remove(p.name());
      if (t != null && !t.isBlank()) {
        p.apply(base, t.trim(), images);
      }
    }
    if (!left.isEmpty()) {
      throw new BadOptionException("unknown visualize setting(s): " + String.join(", ", left.keySet()));
    }
    return base.build();
  }

  /** The settings of {@code config} as text by name: every one that is set. */
  public static Map<String, String> encode(VisualizeConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (VisualizeParam p : ALL) {
      String v = p.read(config);
      if (v != null) {
        out.put(p.name(), v);
      }
    }
    return out;
  }

  private static boolean flag(String t) {
    return switch (t.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadOptionException("a flag is true or false, got '" + t + "'");
    };
  }

  private static String num(double v) {
    return Numbers.format(v);
  }
}
