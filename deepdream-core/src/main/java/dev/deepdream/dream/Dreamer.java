package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one render loop behind every algorithm and control (lucid's render_vis): for each octave,
 * resize (or carry the detail), then take steps. A step takes the gradient of the objective
 * through the transforms (and, in tiled mode, the tutorial's random roll), normalises it by the
 * step rule, smooths it, adds the input penalties, masks it and clips the image, telling the
 * listener after every step; at the end the image is resized back. Works in the model's input
 * range [lo, hi].
 */
final class Dreamer {
  /** A mask plane (1 channel, at the base size) and the objective dreamt under it. */
  record MaskTerm(FloatImage plane, Objective objective) {}

  private final Network net;
  private final DreamConfig config;
  private final DreamListener listener;
  private final Objective objective;
  private final List<MaskTerm> masks;
  private Random random;
  private final float lo;
  private final float hi;
  private final List<Float> losses = new ArrayList<>();

  /**
   * @param objective the resolved objective (guide features computed, total variation included)
   * @param masks the masks with their resolved objectives (null: the dream's own)
   */
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
    return run(base, null);
  }

  /**
   * Dreams on {@code base} (model range), continuing from {@code resume} when it is not null, and
   * returns the result at the same size; tells the listener a checkpoint after every octave and
   * before it stops on a cancel.
   */
  FloatImage run(FloatImage base, DreamCheckpoint resume) {
    long start = System.currentTimeMillis();
    OctavePlan plan = config.octaves();
    int[] octaves = plan.octaves();
    int baseHeight = base.height();
    int baseWidth = base.width();
    int[][] sizes = plan.sizes(baseHeight, baseWidth);
    boolean detail = plan.mode() == OctaveMode.DETAIL;
    FloatImage original = detail ? base : null; // detail mode re-reads the input at every octave
    FloatImage img = base;
    base = null; // let a huge input be collected once the first octave has its own copy
    FloatImage carried = null;
    int first = 0;
    if (resume != null) {
      check(resume, sizes);
      first = resume.octaveIndex();
      img = resume.image();
      carried = resume.carried();
      random = resume.restoreRandom();
      losses.addAll(resume.losses());
    }
    double[] workBefore = workBefore(sizes); // the share of the run done before each octave starts
    double workAtStart = workBefore[first] + (resume != null && resume.begun()
        ? resume.stepsDone() * (workBefore[first + 1] - workBefore[first]) / config.steps() : 0);
    for (int o = first; o < octaves.length; o++) {
      boolean begun = resume != null && o == first && resume.begun();
      FloatImage octaveBase = detail ? original.resize(sizes[o][0], sizes[o][1]) : null;
      if (!begun) {
        if (detail) {
          img = carried == null ? octaveBase
              : octaveBase.plus(carried.resize(sizes[o][0], sizes[o][1]), 1f).clip(lo, hi);
        } else {
          img = img.resize(sizes[o][0], sizes[o][1]);
        }
      }
      List<FloatImage> planes = new ArrayList<>();
      for (MaskTerm m : masks) {
        planes.add(m.plane().resize(sizes[o][0], sizes[o][1]));
      }
      for (int step = begun ? resume.stepsDone() + 1 : 1; step <= config.steps(); step++) {
        if (listener.isCancelled() || Thread.currentThread().isInterrupted()) {
          listener.onCheckpoint(new DreamCheckpoint(o, true, step - 1, img, carried,
              DreamCheckpoint.state(random), List.copyOf(losses)));
          throw new DreamCancelledException();
        }
        float[] loss = {0};
        img = step(img, planes, loss);
        losses.add(loss[0]);
        FloatImage now = img;
        double work = step == config.steps() ? workBefore[o + 1]
            : workBefore[o] + step * (workBefore[o + 1] - workBefore[o]) / config.steps();
        listener.onStep(new DreamProgress(octaves[o], o, octaves.length, step, config.steps(), loss[0], img.height(),
            img.width(), System.currentTimeMillis() - start, work, workAtStart,
            () -> Picture.fromFloat(now, lo, hi, null).toBufferedImage()));
      }
      if (detail) {
        carried = img.plus(octaveBase, -1f);
      }
      listener.onCheckpoint(new DreamCheckpoint(o + 1, false, 0, img, carried, DreamCheckpoint.state(random),
          List.copyOf(losses)));
    }
    return img.resize(baseHeight, baseWidth);
  }

  /**
   * For each octave, the share of the run's work done before it starts (and 1 at the end): a
   * step's cost grows with its octave's pixels, in every mode (tiles cover the image).
   */
  static double[] workBefore(int[][] sizes) {
    double total = 0;
    for (int[] s : sizes) {
      total += (double) s[0] * s[1];
    }
    double[] out = new double[sizes.length + 1];
    for (int o = 0; o < sizes.length; o++) {
      out[o + 1] = out[o] + (double) sizes[o][0] * sizes[o][1] / total;
    }
    out[sizes.length] = 1;
    return out;
  }

  /** A checkpoint must belong to this plan and image size. */
  private void check(DreamCheckpoint c, int[][] sizes) {
    int o = c.octaveIndex();
    boolean fits = o >= 0 && o <= sizes.length && c.stepsDone() >= 0 && c.stepsDone() <= config.steps()
        && c.losses().size() == o * config.steps() + (c.begun() ? c.stepsDone() : 0);
    if (fits && c.begun()) {
      fits = o < sizes.length && c.image().height() == sizes[o][0] && c.image().width() == sizes[o][1];
    }
    if (!fits) {
      throw new BadOptionException("the checkpoint does not belong to these settings and this picture");
    }
  }

  /** One step; adds the loss into {@code loss[0]}. */
  private FloatImage step(FloatImage img, List<FloatImage> planes, float[] loss) {
    double scale = config.stepSize() * (hi - lo) / 2;
    if (masks.isEmpty()) {
      StepRule.Normalised n = config.stepRule().normalise(gradient(objective, img, loss));
      FloatImage penalty = objective.penaltyGradient(img);
      if (config.smoothing() == 0 && penalty == null) {
        // The lean path (the tutorial's): no copies beyond the gradient, for huge images.
        return n.gradient().consumeAsStep(img, (float) (n.factor() * scale), lo, hi);
      }
      FloatImage u = Regularisers.gaussian(n.gradient().times(n.factor()), config.smoothing());
      return (penalty == null ? u : u.plus(penalty, 1f)).consumeAsStep(img, (float) scale, lo, hi);
    }
    FloatImage update = FloatImage.zeros(img.channels(), img.height(), img.width());
    FloatImage coverage = FloatImage.zeros(1, img.height(), img.width());
    FloatImage ownPenalties = null;
    for (int k = 0; k < masks.size(); k++) {
      Objective own = masks.get(k).objective();
      StepRule.Normalised n = config.stepRule().normalise(gradient(own != null ? own : objective, img, loss));
      update = update.plus(n.gradient().timesPlane(planes.get(k)), n.factor());
      coverage = coverage.plus(planes.get(k), 1f);
      FloatImage p = own == null ? null : own.penaltyGradient(img);
      if (p != null) {
        p = p.timesPlane(planes.get(k));
        ownPenalties = ownPenalties == null ? p : ownPenalties.plus(p, 1f);
      }
    }
    FloatImage u = Regularisers.gaussian(update, config.smoothing());
    FloatImage penalty = objective.penaltyGradient(img);
    if (penalty != null) {
      u = u.plus(penalty.timesPlane(coverage.clip(0f, 1f)), 1f);
    }
    if (ownPenalties != null) {
      u = u.plus(ownPenalties, 1f);
    }
    return u.consumeAsStep(img, (float) scale, lo, hi);
  }

  /**
   * The raw gradient of {@code o}'s activation terms, through the transforms in order and, in
   * tiled mode, the tutorial's roll (drawn after the transforms, so a run without transforms
   * draws exactly what the tutorial does).
   */
  private FloatImage gradient(Objective o, FloatImage img, float[] loss) {
    List<Transform.Applied> applied = new ArrayList<>();
    FloatImage x = img;
    for (Transform t : config.transforms()) {
      Transform.Applied a = t.apply(x, random);
      applied.add(a);
      x = a.image();
    }
    FloatImage g;
    if (config.mode() == Mode.TILED) {
      int tile = config.tileSize();
      // The tutorial's roll: uniform in [-tile, tile) on each axis.
      int sy = random.nextInt(2 * tile) - tile;
      int sx = random.nextInt(2 * tile) - tile;
      TiledGradients.Result r = TiledGradients.compute(net, o, x, tile, sy, sx);
      loss[0] += r.loss();
      g = r.gradient();
    } else {
      LossGradient.Result r = LossGradient.compute(net, o, x);
      loss[0] += r.loss();
      g = r.gradient();
    }
    for (int i = applied.size() - 1; i >= 0; i--) {
      g = applied.get(i).back().apply(g);
    }
    return g;
  }
}
