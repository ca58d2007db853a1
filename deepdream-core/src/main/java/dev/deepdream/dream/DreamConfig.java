package dev.deepdream.dream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of one dream, apart from the algorithms that use them. Immutable; build with
 * {@link #builder()} and change with {@link #toBuilder()}. Defaults are the tutorial's.
 *
 * @param model model name in the store
 * @param layers layer name to weight; the loss is the weighted sum of their mean activations
 * @param mode simple, octaves or tiled
 * @param steps steps per octave (total steps in simple mode)
 * @param stepSize gradient step, in units of the [-1, 1] input range
 * @param octaveMin lowest octave (-2 in the tutorial)
 * @param octaveMax highest octave (2)
 * @param octaveScale size ratio between octaves (1.3)
 * @param tileSize tile side for tiled gradients (512)
 * @param seed random seed for the tiled roll; null picks one, recorded in the result
 * @param maxDim if set, the input is shrunk so its long side is at most this
 * @param memoryBytes if set, tiled mode picks the largest tile (up to tileSize) whose estimated
 *     engine memory fits this budget
 * @param objectiveText if set, an objective expression ({@link ObjectiveParser}) used instead of layers
 * @param stepRule how the gradient is normalised
 * @param smoothing Gaussian blur (sigma, px) of the gradient before the step; 0 is off
 * @param octaveMode resize (tutorial) or detail-carrying (original notebook)
 * @param jitter random shift of up to this many px per step (original notebook: 32); 0 is off
 * @param tvWeight weight of the total-variation regulariser; 0 is off
 */
public record DreamConfig(
    String model,
    Map<String, Double> layers,
    Mode mode,
    int steps,
    double stepSize,
    int octaveMin,
    int octaveMax,
    double octaveScale,
    int tileSize,
    Long seed,
    Integer maxDim,
    Long memoryBytes,
    String objectiveText,
    StepRule stepRule,
    double smoothing,
    OctaveMode octaveMode,
    int jitter,
    double tvWeight) {

  public DreamConfig {
    layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("at least one layer is needed");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (!(stepSize > 0) || stepSize > 1) {
      throw new IllegalArgumentException("step size must be in (0, 1], got " + stepSize);
    }
    if (octaveMin > octaveMax) {
      throw new IllegalArgumentException("octaves " + octaveMin + ".." + octaveMax + " are empty");
    }
    if (!(octaveScale > 1) || octaveScale > 4) {
      throw new IllegalArgumentException("octave scale must be in (1, 4], got " + octaveScale);
    }
    if (tileSize < 32) {
      throw new IllegalArgumentException("tile size must be at least 32 px, got " + tileSize);
    }
    if (stepRule == null) {
      stepRule = StepRule.STD;
    }
    if (octaveMode == null) {
      octaveMode = OctaveMode.RESIZE;
    }
    if (smoothing < 0 || smoothing > 20) {
      throw new IllegalArgumentException("smoothing must be between 0 and 20 px, got " + smoothing);
    }
    if (jitter < 0 || jitter > 512) {
      throw new IllegalArgumentException("jitter must be between 0 and 512 px, got " + jitter);
    }
    if (tvWeight < 0 || tvWeight > 100) {
      throw new IllegalArgumentException("tv weight must be between 0 and 100, got " + tvWeight);
    }
    if (objectiveText != null) {
      ObjectiveParser.terms(objectiveText); // fails early on a bad expression
    }
    if (memoryBytes != null && memoryBytes < (16L << 20)) {
      throw new IllegalArgumentException("memory budget must be at least 16 MB");
    }
    if (maxDim != null && maxDim < 32) {
      throw new IllegalArgumentException("max dim must be at least 32 px, got " + maxDim);
    }
  }

  /** The octaves this config runs (just 0 in simple mode). */
  public int[] octaves() {
    if (mode == Mode.SIMPLE) {
      return new int[] {0};
    }
    int[] o = new int[octaveMax - octaveMin + 1];
    for (int i = 0; i < o.length; i++) {
      o[i] = octaveMin + i;
    }
    return o;
  }

  /** The objective: the expression if one is set, else the layers' weighted means. */
  public Objective objective() {
    return objectiveText != null ? ObjectiveParser.parse(objectiveText) : Objectives.layerMeans(layers);
  }

  /** The layers the objective reads. */
  public java.util.List<String> objectiveLayers() {
    return objectiveText != null ? ObjectiveParser.layers(objectiveText) : java.util.List.copyOf(layers.keySet());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from the tutorial's defaults (tiled mode). */
  public static final class Builder {
    private String model = "inception_v3";
    private Map<String, Double> layers;
    private Mode mode = Mode.TILED;
    private Integer steps;
    private double stepSize = 0.01;
    private int octaveMin = -2;
    private int octaveMax = 2;
    private double octaveScale = 1.3;
    private int tileSize = 512;
    private Long seed;
    private Integer maxDim;
    private Long memoryBytes;
    private String objective;
    private StepRule stepRule = StepRule.STD;
    private double smoothing;
    private OctaveMode octaveMode = OctaveMode.RESIZE;
    private int jitter;
    private double tvWeight;

    private Builder() {
      layers = new LinkedHashMap<>();
      layers.put("mixed3", 1.0);
      layers.put("mixed5", 1.0);
    }

    private Builder(DreamConfig c) {
      model = c.model;
      layers = new LinkedHashMap<>(c.layers);
      mode = c.mode;
      steps = c.steps;
      stepSize = c.stepSize;
      octaveMin = c.octaveMin;
      octaveMax = c.octaveMax;
      octaveScale = c.octaveScale;
      tileSize = c.tileSize;
      seed = c.seed;
      maxDim = c.maxDim;
      memoryBytes = c.memoryBytes;
      objective = c.objectiveText;
      stepRule = c.stepRule;
      smoothing = c.smoothing;
      octaveMode = c.octaveMode;
      jitter = c.jitter;
      tvWeight = c.tvWeight;
    }

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder layers(Map<String, Double> v) {
      layers = new LinkedHashMap<>(v);
      return this;
    }

    /** Sets the mode; steps left unset follow the mode's default. */
    public Builder mode(Mode v) {
      mode = v;
      return this;
    }

    public Builder steps(Integer v) {
      steps = v;
      return this;
    }

    public Builder stepSize(double v) {
      stepSize = v;
      return this;
    }

    public Builder octaves(int min, int max) {
      octaveMin = min;
      octaveMax = max;
      return this;
    }

    public Builder octaveScale(double v) {
      octaveScale = v;
      return this;
    }

    public Builder tileSize(int v) {
      tileSize = v;
      return this;
    }

    public Builder seed(Long v) {
      seed = v;
      return this;
    }

    public Builder maxDim(Integer v) {
      maxDim = v;
      return this;
    }

    public Builder memoryBytes(Long v) {
      memoryBytes = v;
      return this;
    }

    public Builder objective(String v) {
      objective = v;
      return this;
    }

    public Builder stepRule(StepRule v) {
      stepRule = v;
      return this;
    }

    public Builder smoothing(double v) {
      smoothing = v;
      return this;
    }

    public Builder octaveMode(OctaveMode v) {
      octaveMode = v;
      return this;
    }

    public Builder jitter(int v) {
      jitter = v;
      return this;
    }

    public Builder tvWeight(double v) {
      tvWeight = v;
      return this;
    }

    public DreamConfig build() {
      return new DreamConfig(model, layers, mode, steps == null ? mode.defaultSteps() : steps, stepSize, octaveMin,
          octaveMax, octaveScale, tileSize, seed, maxDim, memoryBytes, objective, stepRule, smoothing, octaveMode,
          jitter, tvWeight);
    }
  }
}
