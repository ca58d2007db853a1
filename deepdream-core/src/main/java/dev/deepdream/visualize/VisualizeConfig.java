package dev.deepdream.visualize;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Objective;
import dev.deepdream.dream.Range;
import dev.deepdream.image.ImageRef;

/**
 * Everything a feature visualisation is made from, as one immutable value (its text forms and
 * help live in {@link VisualizeParams}). Defaults are lucid's: a 1/f Fourier spectrum in
 * decorrelated colour under a sigmoid, Adam at 0.05, the standard robustness transforms.
 *
 * @param model the model's name
 * @param objective what to maximise (required to render; an atlas sets one per channel)
 * @param param how the image is parameterised
 * @param size the image's side in pixels (with {@code init}, its long side, keeping the photo's shape)
 * @param steps optimisation steps
 * @param batch images drawn together (each its own start)
 * @param diversity weight of the diversity penalty between the batch's images (0: none)
 * @param optimiser how gradients change the parameters (its learning rate included)
 * @param transforms the robustness transforms, as {@link Robustness} reads them
 * @param seed the seed of the random start and transforms, or null for a random one
 * @param init a photo to start from instead of noise, or null
 */
public record VisualizeConfig(String model, Objective objective, ImageParam param, int size, int steps, int batch,
    double diversity, Optimiser optimiser, String transforms, Long seed, ImageRef init) {
  /** The image side's range. */
  public static final Range SIZE = Range.ofInt("size", 32, 2048);
  /** The steps' range. */
  public static final Range STEPS = Range.ofInt("steps", 1, 100_000);
  /** The batch's range. */
  public static final Range BATCH = Range.ofInt("batch", 1, 64);
  /** The diversity weight's range. */
  public static final Range DIVERSITY = Range.of("diversity", 0, 1e6);
  /** The learning rate's range. */
  public static final Range LEARNING_RATE = Range.of("learning rate", 1e-6, 100);

  /** Checks every range and that the settings go together. */
  public VisualizeConfig {
    if (model == null || model.isBlank()) {
      throw new BadOptionException("a model name is needed");
    }
    SIZE.checkInt(size);
    STEPS.checkInt(steps);
    BATCH.checkInt(batch);
    DIVERSITY.check(diversity);
    transforms = Robustness.canonical(transforms);
    if (diversity > 0 && batch < 2) {
      throw new BadOptionException("diversity compares the images of a batch: give --batch 2 or more with it");
    }
    if (objective != null && !objective.readsActivations()) {
      throw new BadOptionException("objective '" + objective.describe() + "' reads no layer");
    }
  }

  /** The learning rate of the optimiser. */
  public double learningRate() {
    return optimiser.rate();
  }

  /** The defaults of {@code deepdream visualize}: 224 px, 512 steps. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults of {@code deepdream atlas}: 128 px, 256 steps. */
  public static Builder atlasBuilder() {
    return new Builder().size(128).steps(256);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.objective = objective;
    b.param = param;
    b.size = size;
    b.steps = steps;
    b.batch = batch;
    b.diversity = diversity;
    b.optimiser = optimiser;
    b.transforms = transforms;
    b.seed = seed;
    b.init = init;
    return b;
  }

  /** Builds a {@link VisualizeConfig}; every setter returns the builder. */
  public static final class Builder {
    private String model = "inception_v3";
    private Objective objective;
    private ImageParam param = ImageParam.LUCID;
    private int size = 224;
    private int steps = 512;
    private int batch = 1;
    private double diversity;
    private Optimiser optimiser = Optimiser.adam(Optimiser.LUCID_LEARNING_RATE);
    private String transforms = "standard";
    private Long seed;
    private ImageRef init;

    private Builder() {}

    /** The model. */
    public Builder model(String m) {
      model = m;
      return this;
    }

    /** What to maximise. */
    public Builder objective(Objective o) {
      objective = o;
      return this;
    }

    /** The parameterisation. */
    public Builder param(ImageParam p) {
      param = p;
      return this;
    }

    /** The basis, keeping the rest of the parameterisation. */
    public Builder basis(Basis b) {
      param = new ImageParam(b, param.decorrelate(), param.bound());
      return this;
    }

    /** Decorrelated colour or not, keeping the rest. */
    public Builder decorrelate(boolean d) {
      param = new ImageParam(param.basis(), d, param.bound());
      return this;
    }

    /** The bound, keeping the rest. */
    public Builder bound(Bound b) {
      param = new ImageParam(param.basis(), param.decorrelate(), b);
      return this;
    }

    /** The image side. */
    public Builder size(int s) {
      size = s;
      return this;
    }

    /** The steps. */
    public Builder steps(int s) {
      steps = s;
      return this;
    }

    /** The batch size. */
    public Builder batch(int n) {
      batch = n;
      return this;
    }

    /** The diversity weight. */
    public Builder diversity(double w) {
      diversity = w;
      return this;
    }

    /** The optimiser. */
    public Builder optimiser(Optimiser o) {
      optimiser = o;
      return this;
    }

    /** The optimiser set so far. */
    Optimiser optimiser() {
      return optimiser;
    }

    /** The transforms' text. */
    public Builder transforms(String t) {
      transforms = t;
      return this;
    }

    /** The seed (null: random). */
    public Builder seed(Long s) {
      seed = s;
      return this;
    }

    /** A photo to start from (null: noise). */
    public Builder init(ImageRef photo) {
      init = photo;
      return this;
    }

    /** The config. @throws BadOptionException when a setting is out of range or does not fit the others */
    public VisualizeConfig build() {
      LEARNING_RATE.check(optimiser.rate());
      return new VisualizeConfig(model, objective, param, size, steps, batch, diversity, optimiser, transforms, seed,
          init);
    }
  }
}
