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

  /**
   * Gradient of the objective over tiles of the image rolled by (shiftY, shiftX). The rolled
   * image is never materialised: each tile is read from the image with wrap-around, and its
   * gradient is added straight back where those pixels came from (the un-roll), so a huge image
   * costs one extra image-sized array (the gradient), not three.
   */
  public static Result compute(Network net, Objective objective, FloatImage image, int tile, int shiftY, int shiftX) {
    int h = image.height();
    int w = image.width();
    int c = image.channels();
    float[] src = image.data();
    float[] grad = new float[src.length];
    float loss = 0;
    for (int x : starts(w, tile)) {
      for (int y : starts(h, tile)) {
        int th = Math.min(tile, h - y);
        int tw = Math.min(tile, w - x);
        // Rolled pixel (y + r, x + i) is original pixel (y + r - shiftY, x + i - shiftX) mod size.
        int[] rows = new int[th];
        int[] cols = new int[tw];
        for (int r = 0; r < th; r++) {
          rows[r] = Math.floorMod(y + r - shiftY, h);
        }
        for (int i = 0; i < tw; i++) {
          cols[i] = Math.floorMod(x + i - shiftX, w);
        }
        float[] t = new float[c * th * tw];
        for (int ch = 0; ch < c; ch++) {
          for (int r = 0; r < th; r++) {
            int base = (ch * h + rows[r]) * w;
            int o = (ch * th + r) * tw;
            for (int i = 0; i < tw; i++) {
              t[o + i] = src[base + cols[i]];
            }
          }
        }
        LossGradient.Result res = LossGradient.compute(net, objective, new FloatImage(c, th, tw, t));
        loss += res.loss();
        float[] g = res.gradient().data();
        for (int ch = 0; ch < c; ch++) {
          for (int r = 0; r < th; r++) {
            int base = (ch * h + rows[r]) * w;
            int o = (ch * th + r) * tw;
            for (int i = 0; i < tw; i++) {
              grad[base + cols[i]] += g[o + i];
            }
          }
        }
      }
    }
    return new Result(loss, new FloatImage(c, h, w, grad));
  }
}
