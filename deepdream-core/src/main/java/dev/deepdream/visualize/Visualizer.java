package dev.deepdream.visualize;

import ai.djl.ndarray.NDManager;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamCancelledException;
import dev.deepdream.dream.DreamListener;
import dev.deepdream.dream.DreamProgress;
import dev.deepdream.dream.LossGradient;
import dev.deepdream.dream.Objective;
import dev.deepdream.dream.Transform;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws what a network sees (lucid's render_vis): parameters from noise (or a photo) make an image
 * ({@link ImageParam}); every step each image of the batch goes through fresh random
 * {@link Robustness} transforms into the network, the objective's gradient comes back through the
 * transforms and the parameterisation, and the {@link Optimiser} moves the parameters up it. One
 * seed fixes the start and every transform, so it reproduces the pixels. Runs alone among the
 * dreamer's gradient computations ({@link DeepDream#exclusive}), telling the listener every step
 * (a {@link DreamProgress} of one octave, so progress displays and their ETA work unchanged).
 */
public final class Visualizer {
  private final DeepDream dreamer;

  /** A visualiser over {@code dreamer}'s models (it loads and checks each on first use). */
  public Visualizer(DeepDream dreamer) {
    this.dreamer = dreamer;
  }

  /**
   * The objective {@code config} maximises, ready for its model: layers checked, {@code class(n)}
   * given the model's head, and the diversity term added.
   *
   * @throws BadOptionException for an unknown layer or an objective the model cannot take
   */
  public Objective objectiveFor(VisualizeConfig config) throws IOException {
    if (config.objective() == null) {
      throw new BadOptionException("an objective is needed, e.g. mixed4:97");
    }
    Network net = dreamer.network(config.model());
    Objective o = Heads.resolve(config.objective(), net.graph(), net.info());
    if (config.diversity() > 0) {
      o = o.minus(Objective.diversity(o.layers().iterator().next()).times(config.diversity()));
    }
    return o;
  }

  /** The image's {height, width}: a square of the size, or the photo's shape with its long side the size. */
  public static int[] shape(VisualizeConfig config) {
    if (config.init() == null) {
      return new int[] {config.size(), config.size()};
    }
    Picture p = config.init().picture();
    double f = (double) config.size() / Math.max(p.width(), p.height());
    return new int[] {Math.max(1, (int) Math.round(p.height() * f)), Math.max(1, (int) Math.round(p.width() * f))};
  }

  /**
   * Renders {@code config}, telling {@code listener} about every step.
   *
   * @throws BadOptionException for a setting the model cannot take, or a size its layers cannot take
   * @throws DreamCancelledException when the listener cancels
   */
  public VisualizeResult render(VisualizeConfig config, DreamListener listener) throws IOException {
    Network net = dreamer.network(config.model());
    Objective objective = check(config);
    return dreamer.exclusive(() -> render(net, config, objective, listener));
  }

  /**
   * Checks {@code config} against its model without rendering (loading and checking the model on
   * its first use) and returns the objective it maximises.
   *
   * @throws BadOptionException for an unknown layer or an objective the model cannot take
   * @throws BadOptionException when the image is smaller than the objective's layers need
   */
  public Objective check(VisualizeConfig config) throws IOException {
    Network net = dreamer.network(config.model());
    Objective objective = objectiveFor(config);
    int[] hw = shape(config);
    for (String layer : objective.layers()) {
      int min = net.minimumSide(layer);
      if (Math.min(hw[0], hw[1]) < min) {
        throw new BadOptionException("size " + config.size() + " is too small for layer " + layer + ": it needs "
            + "at least " + min + " px (--size " + min + ")");
      }
    }
    return objective;
  }

  /**
   * Renders {@code config} on {@code net} with its resolved {@code objective} (the caller runs it
   * alone among gradient computations): what {@link #render(VisualizeConfig, DreamListener)} does
   * once it has the network.
   */
  static VisualizeResult render(Network net, VisualizeConfig config, Objective objective, DreamListener listener) {
    long start = System.currentTimeMillis();
    int[] hw = shape(config);
    long seed = config.seed() != null ? config.seed() : new SecureRandom().nextLong();
    VisualizeConfig used = config.toBuilder().seed(seed).build();
    List<Float> losses = new ArrayList<>();
    List<Picture> pictures = new Run(net, used, objective, hw[0], hw[1], listener, start).run(losses);
    return new VisualizeResult(pictures, used, net.info(), losses, System.currentTimeMillis() - start);
  }

  /** One render's state: the parameters and optimiser state of each image, and the random draws. */
  private static final class Run {
    private final Network net;
    private final VisualizeConfig config;
    private final Objective objective;
    private final int h;
    private final int w;
    private final DreamListener listener;
    private final long start;
    private final float lo;
    private final float hi;
    private final List<Transform> transforms;
    /** The first image's colours as the last step saw them: the progress preview. */
    private float[] seen;

    Run(Network net, VisualizeConfig config, Objective objective, int h, int w, DreamListener listener, long start) {
      this.net = net;
      this.config = config;
      this.objective = objective;
      this.h = h;
      this.w = w;
      this.listener = listener;
      this.start = start;
      this.lo = (float) net.info().inputMin();
      this.hi = (float) net.info().inputMax();
      this.transforms = Robustness.parse(config.transforms(), lo, hi);
    }

    List<Picture> run(List<Float> losses) {
      ImageParam param = config.param();
      Random random = new Random(config.seed());
      int n = config.batch();
      List<float[]> params = new ArrayList<>();
      List<Optimiser.State> states = new ArrayList<>();
      float[] photo = config.init() == null ? null : config.init().picture().resize(w, h).toFloat(0, 1).data();
      for (int i = 0; i < n; i++) {
        float[] p;
        if (photo != null) {
          try (NDManager m = net.newStepManager()) {
            p = param.fromRgb(m, photo, h, w);
          }
        } else {
          p = param.random(random, h, w);
        }
        params.add(p);
        states.add(config.optimiser().start(p.length));
      }
      for (int step = 1; step <= config.steps(); step++) {
        if (listener.isCancelled() || Thread.currentThread().isInterrupted()) {
          throw new DreamCancelledException();
        }
        float loss = step(param, params, states, random);
        losses.add(loss);
        int s = step;
        float[] first = seen;
        listener.onStep(new DreamProgress(0, 0, 1, s, config.steps(), loss, h, w, System.currentTimeMillis() - start,
            (double) s / config.steps(), 0, () -> picture(first).toBufferedImage()));
      }
      List<Picture> out = new ArrayList<>();
      for (float[] p : params) {
        out.add(picture(preview(param, p)));
      }
      return out;
    }

    /** One step for every image of the batch; returns the objective. */
    private float step(ImageParam param, List<float[]> params, List<Optimiser.State> states, Random random) {
      int n = params.size();
      try (NDManager m = net.newStepManager()) {
        List<ImageParam.Made> made = new ArrayList<>(n);
        List<List<Transform.Applied>> applied = new ArrayList<>(n);
        List<FloatImage> inputs = new ArrayList<>(n);
        for (float[] p : params) {
          ImageParam.Made img = param.make(m, p, h, w);
          made.add(img);
          seen = seen == null || made.size() == 1 ? img.rgb() : seen;
          FloatImage x = new FloatImage(3, h, w, img.rgb()).affine(hi - lo, lo);
          List<Transform.Applied> mine = new ArrayList<>();
          for (Transform t : transforms) {
            Transform.Applied a = t.apply(x, random);
            mine.add(a);
            x = a.image();
          }
          applied.add(mine);
          inputs.add(x);
        }
        LossGradient.BatchResult r = LossGradient.computeBatch(net, objective, inputs);
        for (int i = 0; i < n; i++) {
          FloatImage g = r.gradients().get(i);
          List<Transform.Applied> mine = applied.get(i);
          for (int k = mine.size() - 1; k >= 0; k--) {
            g = mine.get(k).back().apply(g);
          }
          float[] gRgb = g.times(hi - lo).data(); // d(lo + (hi - lo) * rgb) / d rgb
          states.get(i).ascend(params.get(i), param.gradient(m, params.get(i), made.get(i), gRgb, h, w));
        }
        return r.loss();
      }
    }

    private float[] preview(ImageParam param, float[] p) {
      try (NDManager m = net.newStepManager()) {
        return param.make(m, p, h, w).rgb();
      }
    }

    private Picture picture(float[] rgb) {
      return Picture.fromFloat(new FloatImage(3, h, w, rgb), 0, 1, null);
    }
  }
}
