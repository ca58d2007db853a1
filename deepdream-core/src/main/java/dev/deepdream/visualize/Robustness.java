package dev.deepdream.visualize;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.Numbers;
import dev.deepdream.dream.Transform;
import dev.deepdream.image.FloatImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random transforms a visualisation is made robust to (lucid's {@code standard_transforms}),
 * as text: {@code standard} is {@code pad(12), jitter(8), scale(0.1), rotate(10), jitter(4)}: a
 * grey border, a random shift of up to 8 px, a zoom by up to 10% either way, a turn by up to 10
 * degrees either way and a last shift of up to 4 px, drawn afresh for every step and image. Patterns
 * that only work at one exact pixel position, the noise a network also responds to, do not
 * survive them. {@code none} turns them off. Shifts are circular (the dream's
 * {@link Transform#jitter}), zooms and turns bilinear with their exact adjoints.
 */
public final class Robustness {
  /** lucid's standard transforms, in order. */
  public static final String STANDARD = "pad(12), jitter(8), scale(0.1), rotate(10), jitter(4)";

  private Robustness() {}

  /**
   * The transforms {@code text} names, for a model whose input range is [lo, hi] (the border is its
   * mid-grey).
   *
   * @throws BadOptionException naming what is wrong
   */
  public static List<Transform> parse(String text, float lo, float hi) {
    return build(canonical(text), text, lo, hi);
  }

  private static List<Transform> build(String t, String text, float lo, float hi) {
    List<Transform> out = new ArrayList<>();
    if (t.equals("none")) {
      return out;
    }
    for (String part : (t.equals("standard") ? STANDARD : t).split(",")) {
      String p = part.trim();
      int open = p.indexOf('(');
      if (open <= 0 || !p.endsWith(")")) {
        throw bad(text, "'" + p + "' is not name(value)");
      }
      String name = p.substring(0, open);
      String arg = p.substring(open + 1, p.length() - 1);
      out.add(switch (name) {
        case "pad" -> new Pad(Numbers.parseInt("pad", arg), (lo + hi) / 2);
        case "jitter" -> Transform.jitter(Numbers.parseInt("jitter", arg));
        case "scale" -> Transform.randomScale(Numbers.parse("scale", arg));
        case "rotate" -> Transform.randomRotate(Numbers.parse("rotate", arg));
        default -> throw bad(text, "unknown transform " + name + " (known: pad, jitter, scale, rotate)");
      });
    }
    return out;
  }

  /** Checks {@code text} and returns it in one spelling ({@code standard}, {@code none} or a list). */
  public static String canonical(String text) {
    String t = text.trim().replace(" ", "");
    if (t.isEmpty()) {
      throw bad(text, "give standard, none or a list such as " + STANDARD);
    }
    if (t.equals("standard") || t.equals("none")) {
      return t;
    }
    parseList(t, text);
    build(t, text, 0, 1); // each value checked by its transform now, not when drawing starts
    return t.replace(",", ", ");
  }

  private static void parseList(String t, String text) {
    for (String p : t.split(",")) {
      if (!p.matches("(pad|jitter|scale|rotate)\\([0-9.eE+-]+\\)")) {
        throw bad(text, "'" + p + "' is not one of pad(N), jitter(N), scale(X), rotate(DEG)");
      }
    }
  }

  private static BadOptionException bad(String text, String what) {
    return new BadOptionException("transforms '" + text + "': " + what);
  }

  /** A border of {@code pixels} of one value around the image; the gradient is cropped back. */
  record Pad(int pixels, float value) implements Transform {
    /** Checks the range. */
    Pad {
      if (pixels < 1 || pixels > 512) {
        throw new BadOptionException("pad must be 1..512 px, got " + pixels);
      }
    }

    @Override
    public Applied apply(FloatImage image, Random random) {
      int c = image.channels();
      int h = image.height();
      int w = image.width();
      int ph = h + 2 * pixels;
      int pw = w + 2 * pixels;
      float[] out = new float[c * ph * pw];
      java.util.Arrays.fill(out, value);
      float[] in = image.data();
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          System.arraycopy(in, (ch * h + y) * w, out, (ch * ph + y + pixels) * pw + pixels, w);
        }
      }
      return new Applied(new FloatImage(c, ph, pw, out), g -> {
        float[] gd = g.data();
        float[] back = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
          for (int y = 0; y < h; y++) {
            System.arraycopy(gd, (ch * ph + y + pixels) * pw + pixels, back, (ch * h + y) * w, w);
          }
        }
        return new FloatImage(c, h, w, back);
      });
    }

    @Override
    public String describe() {
      return "pad(" + pixels + ")";
    }
  }
}
