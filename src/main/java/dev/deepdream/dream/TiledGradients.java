package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial's tiled gradients: roll the image, sum the gradients of each tile's loss, roll
 * the gradient back. Only one tile is in the engine at a time, which bounds memory on big images;
 * the random roll moves the tile seams every step so none show.
 */
public final class TiledGradients {
  private TiledGradients() {}

  /** Summed loss of the tiles and the gradient over the whole image. */
  public record Result(float loss, FloatImage gradient) {}

  /**
   * Tile starts along one axis, by the tutorial's rule: {@code range(0, n, tile)[:-1]}, or
   * {0} when that is empty.
   */
  public static List<Integer> starts(int length, int tile) {
    List<Integer> s = new ArrayList<>();
    for (int i = 0; i < length; i += tile) {
      s.add(i);
    }
    s.remove(s.size() - 1);
    if (s.isEmpty()) {
      s.add(0);
    }
    return s;
  }

  /** Gradient of the objective over tiles of the image rolled by (shiftY, shiftX). */
  public static Result compute(Network net, Objective objective, FloatImage image, int tile, int shiftY, int shiftX) {
    FloatImage rolled = image.roll(shiftY, shiftX);
    int h = image.height();
    int w = image.width();
    float[] grad = new float[image.data().length];
    float loss = 0;
    for (int x : starts(w, tile)) {
      for (int y : starts(h, tile)) {
        FloatImage t = rolled.crop(y, x, Math.min(tile, h - y), Math.min(tile, w - x));
        LossGradient.Result r = LossGradient.compute(net, objective, t);
        loss += r.loss();
        addInto(grad, h, w, r.gradient(), y, x);
      }
    }
    return new Result(loss, new FloatImage(image.channels(), h, w, grad).roll(-shiftY, -shiftX));
  }

  private static void addInto(float[] grad, int h, int w, FloatImage patch, int y, int x) {
    float[] p = patch.data();
    for (int c = 0; c < patch.channels(); c++) {
      for (int r = 0; r < patch.height(); r++) {
        int dst = (c * h + y + r) * w + x;
        int src = (c * patch.height() + r) * patch.width();
        for (int i = 0; i < patch.width(); i++) {
          grad[dst + i] += p[src + i];
        }
      }
    }
  }
}
