package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The render loop shared by all three algorithms: for each octave, resize, then take gradient
 * steps (whole-image or tiled), telling the listener after every step; finally resize back.
 * Works in the model's input range [lo, hi].
 */
final class Dreamer {
  private final Network net;
  private final DreamConfig config;
  private final DreamListener listener;
  private final Objective objective;
  private final Random random;
  private final float lo;
  private final float hi;
  private final List<Float> losses = new ArrayList<>();

  Dreamer(Network net, DreamConfig config, DreamListener listener, long seed) {
    this.net = net;
    this.config = config;
    this.listener = listener;
    this.objective = config.objective();
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
    FloatImage img = base;
    base = null; // let a huge input be collected once the first octave has its own copy
    for (int o = 0; o < octaves.length; o++) {
      img = img.resize(sizes[o][0], sizes[o][1]);
      for (int step = 1; step <= config.steps(); step++) {
        if (listener.isCancelled() || Thread.currentThread().isInterrupted()) {
          throw new DreamCancelledException();
        }
        float loss;
        FloatImage gradient;
        if (config.mode() == Mode.TILED) {
          int tile = config.tileSize();
          // The tutorial's roll: uniform in [-tile, tile) on each axis.
          int sy = random.nextInt(2 * tile) - tile;
          int sx = random.nextInt(2 * tile) - tile;
          TiledGradients.Result r = TiledGradients.compute(net, objective, img, tile, sy, sx);
          loss = r.loss();
          gradient = r.gradient();
        } else {
          LossGradient.Result r = LossGradient.compute(net, objective, img);
          loss = r.loss();
          gradient = r.gradient();
        }
        img = StepRule.apply(img, gradient, config.stepSize(), lo, hi);
        losses.add(loss);
        FloatImage now = img;
        listener.onStep(new DreamProgress(octaves[o], o, octaves.length, step, config.steps(), loss, img.height(),
            img.width(), System.currentTimeMillis() - start,
            () -> Picture.fromFloat(now, lo, hi, null).toBufferedImage()));
      }
    }
    return img.resize(baseHeight, baseWidth);
  }
}
