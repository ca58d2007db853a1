package dev.deepdream.visualize;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the parameterised image is kept inside valid colours [0, 1] (lucid's {@code to_valid_rgb}):
 * squashed by a sigmoid, or clipped. Clipping passes the gradient straight through, except where a
 * colour is already at its limit and the gradient pushes it further out (lucid's constrained
 * L-infinity ball), so a clipped value never gets stuck and never drifts away.
 */
public enum Bound {
  /** {@code 1 / (1 + e^-u)}: smooth, never quite black or white (lucid's default). */
  SIGMOID("sigmoid", "squashed by a sigmoid, smooth, lucid's default"),
  /** {@code clamp(u, 0, 1)}, the gradient passed straight through inside. */
  CLIP("clip", "clipped to [0, 1], full contrast");

  /** Keeps the inverse finite: half an 8-bit level from black and white. */
  private static final float EDGE = 0.5f / 255;

  private final String id;
  private final String summary;

  Bound(String id, String summary) {
    this.id = id;
    this.summary = summary;
  }

  /** The name in settings: sigmoid or clip. */
  public String id() {
    return id;
  }

  /** What it does, in a few words. */
  public String summary() {
    return summary;
  }

  /** The ids, for choices. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Bound::id).toList();
  }

  /** The bound named {@code text}. @throws dev.deepdream.dream.BadOptionException naming the choices */
  public static Bound parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Bound b : values()) {
      if (b.id.equals(t)) {
        return b;
      }
    }
    throw new dev.deepdream.dream.BadOptionException("unknown bound '" + text + "' (use " + String.join(" or ", ids())
        + ")");
  }

  /** Valid colours from unbounded values. */
  float[] apply(float[] u) {
    float[] out = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      out[i] = this == SIGMOID ? (float) (1 / (1 + Math.exp(-u[i]))) : Math.min(1f, Math.max(0f, u[i]));
    }
    return out;
  }

  /** The gradient on {@code u} from the gradient {@code g} (to ascend) on the colours {@code rgb = apply(u)}. */
  float[] backward(float[] u, float[] rgb, float[] g) {
    float[] out = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      if (this == SIGMOID) {
        out[i] = g[i] * rgb[i] * (1 - rgb[i]);
      } else {
        boolean outward = (u[i] >= 1 && g[i] > 0) || (u[i] <= 0 && g[i] < 0);
        out[i] = outward ? 0 : g[i];
      }
    }
    return out;
  }

  /** Unbounded values that give {@code rgb} (for the sigmoid, kept half a level inside (0, 1), so they exist). */
  float[] inverse(float[] rgb) {
    float[] out = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      float v = Math.min(1 - EDGE, Math.max(EDGE, rgb[i]));
      out[i] = this == SIGMOID ? (float) Math.log(v / (1 - v)) : rgb[i];
    }
    return out;
  }
}
