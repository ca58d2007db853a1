package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The render loop shared by every algorithm and control: for each octave, resize (or carry the
 * detail), then take gradient steps (whole-image, jittered or tiled; per mask when masks have
 * objectives of their own), normalise by the step rule, smooth, regularise, mask and clip, telling
 * the listener after every step; finally resize back. Works in the model's input range [lo, hi].
 */
final class Dreamer {
  /** A mask plane (1 channel, at the base size) and the objective dreamt under it. */
  record MaskTerm(FloatImage plane, Objective objective) {}

  private final Network net;
  private final DreamConfig config;
  private final DreamListener listener;
  private final Objective objective;
  private final List<MaskTerm> masks;
  private final Random random;
  private final float lo;
  private final float hi;
  private final List<Float> losses = new ArrayList<>();

  Dreamer(Network net, DreamConfig config, DreamListener listener, long seed) {
    this(net, config, listener, seed, config.objective(), List.of());
  }

  Dreamer(Network net, DreamConfig config, DreamListener listener, long seed, Objective objective,
      List<MaskTerm> masks) {
    this.net = net;
    this.config = config;
    this.listener = listener;
    this.objective = objective;
    this.masks = masks;
    this.random = new Random(seed);
    this.lo = (float) net.info().inputMin();
    this.hi = (float) net.info().inputMax();
  }

  List<Float> losses() {
    return losses;
  }

  /** Dreams on {@code base} (model range) and returns the result at the same size. */
  FloatImage run(FloatImage base) {
    long start = System.currentTimeMillis();
    int[] octaves = config.octaves();
    int baseHeight = base.height();
    int baseWidth = base.width();
    int[][] sizes = OctavePlan.sizes(baseHeight, baseWidth, config);
    boolean detail = config.octaveMode() == OctaveMode.DETAIL;
    FloatImage original = detail ? base : null; // detail mode re-reads the input at every octave
    FloatImage img = base;
    base = null; // let a huge input be collected once the first octave has its own copy
    FloatImage carried = null;
    for (int o = 0; o < octaves.length; o++) {
      FloatImage octaveBase = null;
      if (detail) {
        octaveBase = original.resize(sizes[o][0], sizes[o][1]);
        img = carried == null ? octaveBase
            : octaveBase.plus(carried.resize(sizes[o][0], sizes[o][1]), 1f).clip(lo, hi);
      } else {
        img = img.resize(sizes[o][0], sizes[o][1]);
      }
      List<FloatImage> planes = new ArrayList<>();
      for (MaskTerm m : masks) {
        planes.add(m.plane().resize(sizes[o][0], sizes[o][1]));
      }
      for (int step = 1; step <= config.steps(); step++) {
        if (listener.isCancelled() || Thread.currentThread().isInterrupted()) {
          throw new DreamCancelledException();
        }
        float[] loss = {0};
        img = step(img, planes, loss);
        losses.add(loss[0]);
        FloatImage now = img;
        listener.onStep(new DreamProgress(octaves[o], o, octaves.length, step, config.steps(), loss[0], img.height(),
            img.width(), System.currentTimeMillis() - start,
            () -> Picture.fromFloat(now, lo, hi, null).toBufferedImage()));
      }
      if (detail) {
        carried = img.plus(octaveBase, -1f);
      }
    }
    return img.resize(baseHeight, baseWidth);
  }

  /** One step; adds the loss into {@code loss[0]}. */
  private FloatImage step(FloatImage img, List<FloatImage> planes, float[] loss) {
    double scale = config.stepSize() * (hi - lo) / 2;
    boolean plain = masks.isEmpty() && config.smoothing() == 0 && config.tvWeight() == 0;
    if (masks.isEmpty()) {
      FloatImage g = gradient(objective, img, loss);
      StepRule.Normalised n = config.stepRule().normalise(g);
      if (plain) {
        // The lean path (the tutorial's): no copies beyond the gradient, for huge images.
        return n.gradient().consumeAsStep(img, (float) (n.factor() * scale), lo, hi);
      }
      return finish(img, n.gradient().times(n.factor()), null, scale);
    }
    FloatImage update = FloatImage.zeros(img.channels(), img.height(), img.width());
    FloatImage coverage = FloatImage.zeros(1, img.height(), img.width());
    for (int k = 0; k < masks.size(); k++) {
      Objective o = masks.get(k).objective() != null ? masks.get(k).objective() : objective;
      StepRule.Normalised n = config.stepRule().normalise(gradient(o, img, loss));
      update = update.plus(n.gradient().timesPlane(planes.get(k)), n.factor());
      coverage = coverage.plus(planes.get(k), 1f);
    }
    return finish(img, update, coverage, scale);
  }

  /** Smoothing, total variation, mask coverage and the clipped update. */
  private FloatImage finish(FloatImage img, FloatImage update, FloatImage coverage, double scale) {
    FloatImage u = Regularisers.gaussian(update, config.smoothing());
    if (config.tvWeight() > 0) {
      FloatImage tv = Regularisers.totalVariationGradient(img);
      u = u.plus(coverage == null ? tv : tv.timesPlane(clip01(coverage)), (float) -config.tvWeight());
    }
    return u.consumeAsStep(img, (float) scale, lo, hi);
  }

  private static FloatImage clip01(FloatImage plane) {
    return plane.clip(0f, 1f);
  }

  /** The raw gradient of {@code o}: tiled with the tutorial's roll, or whole with optional jitter. */
  private FloatImage gradient(Objective o, FloatImage img, float[] loss) {
    if (config.mode() == Mode.TILED) {
      int tile = config.tileSize();
      // The tutorial's roll: uniform in [-tile, tile) on each axis.
      int sy = random.nextInt(2 * tile) - tile;
      int sx = random.nextInt(2 * tile) - tile;
      TiledGradients.Result r = TiledGradients.compute(net, o, img, tile, sy, sx);
      loss[0] += r.loss();
      return r.gradient();
    }
    if (config.jitter() > 0) {
      int j = config.jitter();
      int jy = random.nextInt(2 * j + 1) - j;
      int jx = random.nextInt(2 * j + 1) - j;
      LossGradient.Result r = LossGradient.compute(net, o, img.roll(jy, jx));
      loss[0] += r.loss();
      return r.gradient().roll(-jy, -jx);
    }
    LossGradient.Result r = LossGradient.compute(net, o, img);
    loss[0] += r.loss();
    return r.gradient();
  }
}
