package dev.deepdream.dream;

import dev.deepdream.image.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every setting of one dream, apart from the algorithms that use them (Tribuo's options apart from
 * the trainer): what to maximise, the mode, steps, octaves, tiles, step rule, transforms,
 * regularisers, a guide photo, masks and whether to keep the input's colours. Immutable; build
 * with {@link #builder()} and change with {@link #toBuilder()}. Defaults are the tutorial's. Each
 * number's allowed range is declared here once ({@link Range}) and checked for every caller; the
 * text codec ({@code dev.deepdream.settings}) uses the same ranges.
 *
 * <p>One file of over 400 lines because the builder belongs with the record it builds:
 * {@code DreamConfig.Builder} spells each setting once more, and side by side they stay in step.
 *
 * @param model model name in the store
 * @param objective what to maximise; null: the model's default layers (chosen when the model is loaded)
 * @param mode simple, octaves or tiled
 * @param steps steps per octave (total steps in simple mode)
 * @param stepSize gradient step, in units of the [-1, 1] input range
 * @param octaves the octave plan (a single octave in simple mode)
 * @param tileSize tile side for tiled gradients (512)
 * @param seed random seed for rolls and transforms; null picks one, recorded in the result
 * @param maxDim if set, the input is shrunk so its long side is at most this
 * @param memoryBytes if set (tiled mode only), the largest tile up to tileSize whose estimated
 *     engine memory fits this budget is used
 * @param stepRule how the gradient is normalised
 * @param smoothing Gaussian blur (sigma, px) of the update; 0 is off
 * @param tvWeight weight of the total-variation penalty (the same as a {@code - w*tv} objective term); 0 is off
 * @param transforms random changes of the image before each gradient, in order
 * @param guide a guide photo whose features the dream pulls towards, or null
 * @param masks greyscale masks scaling the update per pixel, each with an optional objective
 * @param keepColors keep the input's colours: the result takes the dream's luminance and the input's
 *     chroma (neural-dream's {@code -original_colors}); false by default
 */
public record DreamConfig(
    String model,
    Objective objective,
    Mode mode,
    int steps,
    double stepSize,
    OctavePlan octaves,
    int tileSize,
    Long seed,
    Integer maxDim,
    Long memoryBytes,
    StepRule stepRule,
    double smoothing,
    double tvWeight,
    List<Transform> transforms,
    Guide guide,
    List<Mask> masks,
    boolean keepColors) {

  /** Steps per octave. */
  public static final Range STEPS = Range.ofInt("steps", 1, 10_000);
  /** Gradient step. */
  public static final Range STEP_SIZE = Range.of("step size", 1e-5, 1);
  /** Tile side, px. */
  public static final Range TILE_SIZE = Range.ofInt("tile size", 32, 4096);
  /** Long side after shrinking, px. */
  public static final Range MAX_DIM = Range.ofInt("max dim", 32, 20_000);
  /** Memory budget, bytes. */
  public static final Range MEMORY = Range.ofInt("memory budget", 16L << 20, 1L << 40);
  /** Gradient blur, px. */
  public static final Range SMOOTHING = Range.of("smoothing", 0, 20);
  /** Total-variation weight. */
  public static final Range TV_WEIGHT = Range.of("tv weight", 0, 100);
  /** Guide weight (negative pushes away from the guide). */
  public static final Range GUIDE_WEIGHT = Range.of("guide weight", -100, 100);
  /** Tutorial's tile side. */
  public static final int DEFAULT_TILE_SIZE = 512;
  /** The model used when none is named. */
  public static final String DEFAULT_MODEL = "inception_v3";

  /**
   * A guide photo.
   *
   * @param photo the photo
   * @param layer the layer compared (null: the objective's first layer)
   * @param weight the guide term's weight
   */
  public record Guide(ImageRef photo, String layer, double weight) {
    /** Checks the weight. */
    public Guide {
      GUIDE_WEIGHT.check(weight);
    }
  }

  /**
   * A mask: greyscale, black = untouched, white = full update.
   *
   * @param image the mask picture (resized to the photo)
   * @param objective what to maximise under it (null: the dream's own)
   */
  public record Mask(ImageRef image, Objective objective) {}

  /** Checks every range. */
  public DreamConfig {
    if (model == null || model.isBlank()) {
      throw new BadOptionException("a model name is needed");
    }
    if (mode == null) {
      throw new BadOptionException("a mode is needed");
    }
    STEPS.check(steps);
    STEP_SIZE.check(stepSize);
    TILE_SIZE.check(tileSize);
    if (maxDim != null) {
      MAX_DIM.check(maxDim);
    }
    if (memoryBytes != null) {
      MEMORY.check(memoryBytes);
    }
    SMOOTHING.check(smoothing);
    TV_WEIGHT.check(tvWeight);
    if (objective != null && !objective.readsActivations()) {
      throw new BadOptionException("objective '" + objective.describe() + "' reads no layer: add at least one layer "
          + "term (penalties such as tv only shape the image)");
    }
    if (stepRule == null) {
      stepRule = StepRule.STD;
    }
    transforms = List.copyOf(transforms);
    masks = List.copyOf(masks);
  }

  /** The layers the objective, guide and masks read (the objective must be set). */
  public List<String> objectiveLayers() {
    if (objective == null) {
      throw new IllegalStateException("the objective is the model's default until the model is loaded");
    }
    List<String> out = new ArrayList<>(objective.layers());
    for (Mask m : masks) {
      if (m.objective() != null) {
        m.objective().layers().stream().filter(l -> !out.contains(l)).forEach(out::add);
      }
    }
    if (guide != null && guide.layer() != null && !out.contains(guide.layer())) {
      out.add(guide.layer());
    }
    return out;
  }

  /** This config with the model's default layers as the objective when none is set. */
  public DreamConfig withDefaultObjective(Map<String, Double> defaultLayers) {
    return objective != null ? this : toBuilder().layers(defaultLayers).build();
  }

  /** A builder holding this config's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A builder starting from the tutorial's defaults (tiled mode). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link DreamConfig}. Settings that depend on the mode (steps, octaves, tile size) follow
   * the mode's defaults unless set; one that the mode would ignore is rejected when set.
   */
  public static final class Builder {
    private String model = DEFAULT_MODEL;
    private Objective objective;
    private Mode mode = Mode.TILED;
    private Integer steps;
    private double stepSize = 0.01;
    private OctavePlan octaves;
    private Integer tileSize;
    private Long seed;
    private Integer maxDim;
    private Long memoryBytes;
    private StepRule stepRule = StepRule.STD;
    private double smoothing;
    private double tvWeight;
    private final List<Transform> transforms = new ArrayList<>();
    private Guide guide;
    private final List<Mask> masks = new ArrayList<>();
    private boolean keepColors;

    private Builder() {}

    private Builder(DreamConfig c) {
      model = c.model;
      objective = c.objective;
      mode = c.mode;
      steps = c.steps;
      stepSize = c.stepSize;
      octaves = c.octaves.equals(defaultOctaves(c.mode)) ? null : c.octaves;
      tileSize = c.tileSize == DEFAULT_TILE_SIZE ? null : c.tileSize;
      seed = c.seed;
      maxDim = c.maxDim;
      memoryBytes = c.memoryBytes;
      stepRule = c.stepRule;
      smoothing = c.smoothing;
      tvWeight = c.tvWeight;
      transforms.addAll(c.transforms);
      guide = c.guide;
      masks.addAll(c.masks);
      keepColors = c.keepColors;
    }

    /** The model, by name in the store. */
    public Builder model(String v) {
      model = v;
      return this;
    }

    /** What to maximise (null: the model's default layers). */
    public Builder objective(Objective v) {
      objective = v;
      return this;
    }

    /** What to maximise, as text ({@link ObjectiveParser}). */
    public Builder objective(String text) {
      return objective(text == null ? null : ObjectiveParser.parse(text));
    }

    /** The tutorial's objective: the weighted mean activations of these layers. */
    public Builder layers(Map<String, Double> weights) {
      return objective(Objective.layerMeans(weights));
    }

    /** The mode; steps, octaves and tile size left unset follow it. */
    public Builder mode(Mode v) {
      mode = v;
      return this;
    }

    /** Steps per octave (null: the mode's default). */
    public Builder steps(Integer v) {
      steps = v;
      return this;
    }

    /** The gradient step. */
    public Builder stepSize(double v) {
      stepSize = v;
      return this;
    }

    /** The octave plan (null: the mode's default). */
    public Builder octaves(OctavePlan v) {
      octaves = v;
      return this;
    }

    /** The octave numbers, keeping the plan's scale and hand-over. */
    public Builder octaves(int min, int max) {
      octaves = plan().withRange(min, max);
      return this;
    }

    /** The octave size ratio. */
    public Builder octaveScale(double v) {
      octaves = plan().withScale(v);
      return this;
    }

    /** How octaves hand over. */
    public Builder octaveMode(OctaveMode v) {
      octaves = plan().withMode(v);
      return this;
    }

    private OctavePlan plan() {
      return octaves != null ? octaves : OctavePlan.tutorial();
    }

    /** The tile side (tiled mode only; null: 512). */
    public Builder tileSize(Integer v) {
      tileSize = v;
      return this;
    }

    /** The seed (null: random, recorded in the result). */
    public Builder seed(Long v) {
      seed = v;
      return this;
    }

    /** Shrink the input to this long side first (null: keep its size). */
    public Builder maxDim(Integer v) {
      maxDim = v;
      return this;
    }

    /** A memory budget for one tile (tiled mode only; null: none). */
    public Builder memoryBytes(Long v) {
      memoryBytes = v;
      return this;
    }

    /** How the gradient is normalised. */
    public Builder stepRule(StepRule v) {
      stepRule = v;
      return this;
    }

    /** Blur of the update, px. */
    public Builder smoothing(double v) {
      smoothing = v;
      return this;
    }

    /** Total-variation weight. */
    public Builder tvWeight(double v) {
      tvWeight = v;
      return this;
    }

    /** Replaces the transforms. */
    public Builder transforms(List<Transform> v) {
      transforms.clear();
      transforms.addAll(v);
      return this;
    }

    /**
     * Adds a transform, replacing one of the same kind (its class) in place. The built-in ones
     * keep one order (scale, rotate, jitter; yours after them, as added), whatever order they
     * are given in, so that settings recorded by name replay them in the order they ran.
     */
    public Builder transform(Transform t) {
      for (int i = 0; i < transforms.size(); i++) {
        if (transforms.get(i).getClass() == t.getClass()) {
          transforms.set(i, t);
          return this;
        }
      }
      int at = transforms.size();
      while (at > 0 && Transform.replayRank(transforms.get(at - 1)) > Transform.replayRank(t)) {
        at--;
      }
      transforms.add(at, t);
      return this;
    }

    /** Adds a transform after the others, even one of a kind already there (transforms of your own). */
    public Builder addTransform(Transform t) {
      transforms.add(t);
      return this;
    }

    /** Removes the transforms of a kind. */
    public Builder withoutTransform(Class<? extends Transform> kind) {
      transforms.removeIf(t -> t.getClass() == kind);
      return this;
    }

    /** A random shift of up to {@code px} per step (the original notebook: 32); 0 removes it. */
    public Builder jitter(int px) {
      return px == 0 ? withoutTransform(Transform.Jitter.class) : transform(Transform.jitter(px));
    }

    /** The guide photo (null: none). */
    public Builder guide(Guide v) {
      guide = v;
      return this;
    }

    /** Replaces the masks. */
    public Builder masks(List<Mask> v) {
      masks.clear();
      masks.addAll(v);
      return this;
    }

    /** Keep the input's colours: the result takes the dream's luminance and the input's chroma. */
    public Builder keepColors(boolean v) {
      keepColors = v;
      return this;
    }

    /**
     * The config.
     *
     * @throws BadOptionException for a value out of range, or a setting the mode would ignore
     */
    public DreamConfig build() {
      if (mode == Mode.SIMPLE && octaves != null && !octaves.isSingle()) {
        throw new BadOptionException("octaves " + octaves.rangeText() + " at " + octaves.scale()
            + " do nothing in simple mode (use mode octaves or tiled)");
      }
      if (mode != Mode.TILED && tileSize != null) {
        throw new BadOptionException("tile size " + tileSize + " does nothing in " + mode.id()
            + " mode (tiles are for mode tiled)");
      }
      if (mode != Mode.TILED && memoryBytes != null) {
        throw new BadOptionException("a memory budget does nothing in " + mode.id()
            + " mode (it picks the tile size of mode tiled)");
      }
      return new DreamConfig(model, objective, mode, steps == null ? mode.defaultSteps() : steps, stepSize,
          octaves != null ? octaves : defaultOctaves(mode), tileSize != null ? tileSize : DEFAULT_TILE_SIZE, seed,
          maxDim, memoryBytes, stepRule, smoothing, tvWeight, transforms, guide, masks, keepColors);
    }

    private static OctavePlan defaultOctaves(Mode mode) {
      return mode == Mode.SIMPLE ? OctavePlan.single() : OctavePlan.tutorial();
    }
  }
}
