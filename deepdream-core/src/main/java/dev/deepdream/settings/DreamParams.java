package dev.deepdream.settings;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.dream.Mode;
import dev.deepdream.dream.Numbers;
import dev.deepdream.dream.ObjectiveParser;
import dev.deepdream.dream.OctaveMode;
import dev.deepdream.dream.OctavePlan;
import dev.deepdream.dream.Presets;
import dev.deepdream.dream.Range;
import dev.deepdream.dream.StepRule;
import dev.deepdream.dream.Transform;
import dev.deepdream.image.ImageRef;
import dev.deepdream.settings.Setting.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every dream setting, declared once, in the order they are applied (a preset first, then the
 * rest, so explicit settings override the preset's). The CLI, the web API and page, the PNG
 * metadata and {@code deepdream dream --like} all read this list.
 */
public final class DreamParams {
  private DreamParams() {}

  /** Random zoom amount: 0 is off. */
  public static final Range RANDOM_SCALE = Range.of("random scale", 0, 0.5);
  /** Random turn, degrees: 0 is off. */
  public static final Range RANDOM_ROTATE = Range.of("random rotation", 0, 180);
  /** Jitter, px: 0 is off. */
  public static final Range JITTER = Range.ofInt("jitter", 0, 512);

  /** The settings, in the order they are applied. */
  public static final List<Param> ALL = List.of(
      param("preset", Kind.CHOICE, "what", "a named set of settings; the others override it")
          .choices(List.copyOf(Presets.all().keySet())).note("tutorial").example("intense")
          .apply((b, t, all, img) -> { }) // applied first by SettingsCodec, before every other setting
          .read(c -> List.of()).build(),
      param("model", Kind.TEXT, "what", "the network, by name in the model cache (deepdream models)")
          .label("NAME").example("mobilenet_v2").apply((b, t, all, img) -> b.model(t))
          .read(c -> List.of(c.model())).build(),
      param("layers", Kind.TEXT, "what", "layers whose mean activation to maximise, e.g. mixed3,mixed5 or "
          + "mixed3=1,mixed5=1.5 (replaced by objective)")
          .note("the model's: mixed3,mixed5 for inception_v3").label("LIST").example("mixed4=2,mixed2")
          .apply((b, t, all, img) -> {
            if (all.containsKey("objective")) {
              throw new BadOptionException("give layers or an objective, not both");
            }
            b.layers(layers(t));
          })
          .read(c -> List.of()).build(), // recorded as the objective it makes
      param("objective", Kind.TEXT, "what", "what to maximise, e.g. \"mixed3 + 1.5*mixed5 - 0.5*mixed4:97\" "
          + "(layer: mean, layer^2: mean of squares, layer:c: channel c, tv and l2: image penalties)")
          .note("the layers' means").label("EXPR").example("mixed4:97 + mixed3 - 0.05*tv")
          .apply((b, t, all, img) -> b.objective(ObjectiveParser.parse(t)))
          .read(c -> c.objective() == null ? List.of() : List.of(c.objective().describe())).build(),
      param("guide", Kind.IMAGE, "guide", "guided dreaming: pull the features towards this photo's")
          .example("{image}")
          .apply((b, t, all, img) -> {
            ImageRef photo = img.image("guide", t);
            String layer = first(all, "guide_layer");
            String weight = first(all, "guide_weight");
            b.guide(new DreamConfig.Guide(photo, layer, weight == null ? 1.0
                : number(weight, DreamConfig.GUIDE_WEIGHT)));
          })
          .read(c -> c.guide() == null ? List.of() : List.of(refText(c.guide().photo()))).build(),
      param("guide_layer", Kind.TEXT, "guide", "the layer the guide is compared on").note("the objective's first")
          .label("NAME").example("mixed4").requires("guide")
          .read(c -> c.guide() == null || c.guide().layer() == null ? List.of() : List.of(c.guide().layer())).build(),
      param("guide_weight", Kind.NUMBER, "guide", "weight of the guide term (negative: away from the guide)")
          .range(DreamConfig.GUIDE_WEIGHT).note("1").example("2.5").requires("guide")
          .read(c -> c.guide() == null ? List.of() : List.of(num(c.guide().weight()))).build(),
      param("mask", Kind.IMAGE, "masks", "greyscale mask scaling the update per pixel (black: untouched); "
          + "IMAGE=EXPR dreams EXPR inside it; repeatable").repeatable().objectivePerPicture().label("IMAGE[=EXPR]")
          .example("{image}=mixed2")
          .apply((b, t, all, img) -> { }) // all masks at once, by SettingsCodec
          .read(c -> c.masks().stream().map(m -> refText(m.image())
              + (m.objective() == null ? "" : "=" + m.objective().describe())).toList()).build(),
      param("mode", Kind.CHOICE, "how", "simple (one size), octaves (several sizes) or tiled (octaves, gradients "
          + "in tiles with a random roll: bounded memory)").choices(ids(Mode.values(), Mode::id)).example("octaves")
          .apply((b, t, all, img) -> b.mode(Mode.parse(t))).read(c -> List.of(c.mode().id())).build(),
      param("steps", Kind.INTEGER, "how", "steps per octave").range(DreamConfig.STEPS)
          .note(Arrays.stream(Mode.values()).map(m -> m.defaultSteps() + " " + m.id()).reduce((a, x) -> a + ", " + x)
              .orElse(""))
          .example("7").apply((b, t, all, img) -> b.steps(integer(t, DreamConfig.STEPS)))
          .read(c -> List.of(Integer.toString(c.steps()))).build(),
      param("step_size", Kind.NUMBER, "how", "gradient step, in units of the [-1, 1] input range")
          .range(DreamConfig.STEP_SIZE).example("0.02")
          .apply((b, t, all, img) -> b.stepSize(number(t, DreamConfig.STEP_SIZE)))
          .read(c -> List.of(num(c.stepSize()))).build(),
      param("step_rule", Kind.CHOICE, "how", "std (the tutorial), mean-abs (the original notebook) or laplacian "
          + "(Laplacian-pyramid normalisation)").choices(stepRuleIds())
          .example("laplacian").apply((b, t, all, img) -> b.stepRule(StepRule.parse(t)))
          .read(c -> List.of(c.stepRule().id())).build(),
      param("smoothing", Kind.NUMBER, "look", "Gaussian blur of the update, sigma in px (0: off)")
          .range(DreamConfig.SMOOTHING).example("0.5")
          .apply((b, t, all, img) -> b.smoothing(number(t, DreamConfig.SMOOTHING)))
          .read(c -> List.of(num(c.smoothing()))).build(),
      param("tv_weight", Kind.NUMBER, "look", "total-variation penalty against noise (0: off)")
          .range(DreamConfig.TV_WEIGHT).example("0.05")
          .apply((b, t, all, img) -> b.tvWeight(number(t, DreamConfig.TV_WEIGHT)))
          .read(c -> List.of(num(c.tvWeight()))).build(),
      param("keep_colors", Kind.FLAG, "look", "keep the input's colours: the result takes the dream's luminance "
          + "and the input's colour (neural-dream's -original_colors)").note("off").example("true")
          .apply((b, t, all, img) -> b.keepColors(flag("keep colors", t)))
          .read(c -> c.keepColors() ? List.of("true") : List.of()).build(),
      param("random_scale", Kind.NUMBER, "transforms", "random zoom per step by up to this fraction (0: off)")
          .range(RANDOM_SCALE).example("0.05")
          .apply((b, t, all, img) -> {
            double v = number(t, RANDOM_SCALE);
            if (v == 0) {
              b.withoutTransform(Transform.RandomScale.class);
            } else {
              b.transform(Transform.randomScale(v));
            }
          })
          .read(c -> List.of(num(find(c, Transform.RandomScale.class, Transform.RandomScale::amount)))).build(),
      param("random_rotate", Kind.NUMBER, "transforms", "random turn per step by up to this many degrees (0: off)")
          .range(RANDOM_ROTATE).example("5")
          .apply((b, t, all, img) -> {
            double v = number(t, RANDOM_ROTATE);
            if (v == 0) {
              b.withoutTransform(Transform.RandomRotate.class);
            } else {
              b.transform(Transform.randomRotate(v));
            }
          })
          .read(c -> List.of(num(find(c, Transform.RandomRotate.class, Transform.RandomRotate::degrees)))).build(),
      param("jitter", Kind.INTEGER, "transforms", "random shift per step, px (0: off; the original notebook: 32)")
          .range(JITTER).example("16")
          .apply((b, t, all, img) -> b.jitter(integer(t, JITTER)))
          .read(c -> List.of(num(find(c, Transform.Jitter.class, j -> (double) j.pixels())))).build(),
      param("octaves", Kind.OCTAVES, "octaves", "the octaves to run, LO..HI; octave n is the image scaled by "
          + "scale^n (not in simple mode)").range(OctavePlan.OCTAVE).example("-1..1")
          .apply((b, t, all, img) -> {
            int[] o = octaves(t);
            b.octaves(o[0], o[1]);
          })
          .read(c -> c.mode() == Mode.SIMPLE ? List.of() : List.of(c.octaves().rangeText())).build(),
      param("octave_scale", Kind.NUMBER, "octaves", "size ratio between octaves").range(OctavePlan.SCALE)
          .example("1.4").apply((b, t, all, img) -> b.octaveScale(number(t, OctavePlan.SCALE)))
          .read(c -> c.mode() == Mode.SIMPLE ? List.of() : List.of(num(c.octaves().scale()))).build(),
      param("octave_mode", Kind.CHOICE, "octaves", "resize (the tutorial) or detail (the original notebook: "
          + "carry the detail, so upscaling does not blur the photo)").choices(ids(OctaveMode.values(), OctaveMode::id))
          .example("detail").apply((b, t, all, img) -> b.octaveMode(OctaveMode.parse(t)))
          .read(c -> c.mode() == Mode.SIMPLE ? List.of() : List.of(c.octaves().mode().id())).build(),
      param("tile_size", Kind.INTEGER, "tiles", "tile side in tiled mode, px").range(DreamConfig.TILE_SIZE)
          .example("256").apply((b, t, all, img) -> b.tileSize(integer(t, DreamConfig.TILE_SIZE)))
          .read(c -> c.mode() == Mode.TILED ? List.of(Integer.toString(c.tileSize())) : List.of()).build(),
      param("memory", Kind.SIZE, "tiles", "memory budget for one tile in tiled mode, e.g. 1g: picks the largest "
          + "tile up to tile_size that fits").range(DreamConfig.MEMORY).note("none").example("800m")
          .apply((b, t, all, img) -> b.memoryBytes(Sizes.parse("memory", t, DreamConfig.MEMORY)))
          .read(c -> c.memoryBytes() == null ? List.of() : List.of(Sizes.format(c.memoryBytes()))).build(),
      param("max_dim", Kind.INTEGER, "input", "shrink the input first so its long side is at most this, px")
          .range(DreamConfig.MAX_DIM).note("none").example("400")
          .apply((b, t, all, img) -> b.maxDim(integer(t, DreamConfig.MAX_DIM)))
          .read(c -> c.maxDim() == null ? List.of() : List.of(Integer.toString(c.maxDim()))).build(),
      param("seed", Kind.INTEGER, "input", "random seed for the rolls and transforms (recorded, so a run can be "
          + "repeated)").note("random").example("42")
          .apply((b, t, all, img) -> b.seed(seed(t)))
          .read(c -> c.seed() == null ? List.of() : List.of(Long.toString(c.seed()))).build());

  /**
   * Transforms of your own, by their text (e.g. {@code blur(3)}), after the built-in ones: set in
   * code, recorded, and made again by a registered {@code Transform.Factory}. Not an option of the
   * CLI or the page, which offer the built-in transforms only.
   */
  public static final Param TRANSFORM = param("transform", Kind.TEXT, "transforms", "a transform of your own, "
      + "made again from its text by a registered Transform.Factory").repeatable().example("{custom}")
      .apply((b, t, all, img) -> b.addTransform(Transform.parse(t)))
      .read(c -> c.transforms().stream().filter(t -> !Transform.builtIn(t)).map(Transform::describe).toList()).build();

  /** Every setting a record holds and decoding reads: {@link #ALL} and those set only in code. */
  public static final List<Param> RECORDED = concat(ALL, List.of(TRANSFORM));

  private static final Map<String, Param> BY_NAME = new LinkedHashMap<>();

  static {
    for (Param p : RECORDED) {
      BY_NAME.put(p.name(), p);
    }
  }

  /** The setting of this name (of {@link #RECORDED}), or null. */
  public static Param get(String name) {
    return BY_NAME.get(name);
  }

  private static List<Param> concat(List<Param> a, List<Param> b) {
    List<Param> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  // ---- small parsers shared by the declarations ----

  static String first(Map<String, List<String>> all, String name) {
    List<String> v = all.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static int integer(String text, Range range) {
    return range.checkInt(Numbers.parseInt(range.what(), text));
  }

  static double number(String text, Range range) {
    return range.check(Numbers.parse(range.what(), text));
  }

  /** A flag's text: {@code true} or {@code false}, nothing else. */
  static boolean flag(String what, String text) {
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadOptionException(what + " must be true or false, got '" + text + "'");
    };
  }

  private static long seed(String text) {
    return Numbers.parseLong("seed", text);
  }

  /** "mixed3,mixed5" or "mixed3=1,mixed5=1.5" to an ordered layer-to-weight map. */
  public static Map<String, Double> layers(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq).trim();
      double weight = 1.0;
      if (eq >= 0) {
        try {
          weight = Double.parseDouble(p.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
          throw new BadOptionException("layer weight '" + p.substring(eq + 1) + "' of " + name + " is not a number");
        }
      }
      if (name.isEmpty()) {
        throw new BadOptionException("empty layer name in '" + text + "'");
      }
      out.put(name, weight);
    }
    if (out.isEmpty()) {
      throw new BadOptionException("no layers given in '" + text + "'");
    }
    return out;
  }

  /** "-2..2" (or a single octave "0") to {min, max}. */
  static int[] octaves(String text) {
    String t = text.trim();
    try {
      int dots = t.indexOf("..");
      if (dots < 0) {
        int v = Integer.parseInt(t);
        return new int[] {v, v};
      }
      return new int[] {Integer.parseInt(t.substring(0, dots).trim()), Integer.parseInt(t.substring(dots + 2).trim())};
    } catch (NumberFormatException e) {
      throw new BadOptionException("octaves '" + text + "' must look like -2..2");
    }
  }

  private static String num(double v) {
    return Numbers.format(v);
  }

  private static <T extends Transform> double find(DreamConfig c, Class<T> kind, Function<T, Double> value) {
    for (Transform t : c.transforms()) {
      if (kind.isInstance(t)) {
        return value.apply(kind.cast(t));
      }
    }
    return 0;
  }

  /** The built-in step rules and those registered as services. */
  private static List<String> stepRuleIds() {
    List<String> out = new ArrayList<>(StepRule.builtIns().stream().map(StepRule::id).toList());
    StepRule.registered().forEach(r -> out.add(r.id()));
    return out;
  }

  private static <E> List<String> ids(E[] values, Function<E, String> id) {
    List<String> out = new ArrayList<>();
    for (E v : values) {
      out.add(id.apply(v));
    }
    return out;
  }

  static String refText(ImageRef ref) {
    return ref.hashText() + " " + ref.name().replace("=", "_").replace("\n", "_");
  }

  private static Builder param(String name, Kind kind, String group, String help) {
    return new Builder(name, kind, group, help);
  }

  /** Declares one setting. */
  private static final class Builder {
    private final String name;
    private final Kind kind;
    private final String group;
    private final String help;
    private Range range;
    private List<String> choices;
    private boolean repeatable;
    private boolean objectivePerPicture;
    private String requires;
    private String note;
    private String label;
    private String example;
    private Param.Apply apply;
    private Function<DreamConfig, List<String>> read;

    Builder(String name, Kind kind, String group, String help) {
      this.name = name;
      this.kind = kind;
      this.group = group;
      this.help = help;
    }

    Builder range(Range r) {
      range = r;
      return this;
    }

    Builder choices(List<String> c) {
      choices = c;
      return this;
    }

    Builder repeatable() {
      repeatable = true;
      return this;
    }

    Builder objectivePerPicture() {
      objectivePerPicture = true;
      return this;
    }

    Builder note(String n) {
      note = n;
      return this;
    }

    Builder example(String e) {
      example = e;
      return this;
    }

    /** What the option takes in the help, where the kind's own label says too little. */
    Builder label(String l) {
      label = l;
      return this;
    }

    Builder apply(Param.Apply a) {
      apply = a;
      return this;
    }

    /** A setting that only refines {@code other}: given alone, it would do nothing, so it is rejected. */
    Builder requires(String other) {
      requires = other;
      apply = (b, t, all, img) -> {
        if (!all.containsKey(other)) {
          throw new BadOptionException(name.replace('_', ' ') + " does nothing without " + other);
        }
      };
      return this;
    }

    Builder read(Function<DreamConfig, List<String>> r) {
      read = r;
      return this;
    }

    Param build() {
      return new Param(name, kind, group, help, range, choices, repeatable, objectivePerPicture, requires, note,
          label, example, apply, read);
    }
  }
}
