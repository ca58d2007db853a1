package dev.deepdream.visualize;

import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * How an image is made from the parameters an optimiser changes (lucid's {@code param.image}):
 * a {@link Basis} (pixels or a 1/f-scaled Fourier spectrum) gives three planes; with
 * {@code decorrelate} they are colours in a decorrelated space ({@link Decorrelation}), mapped to
 * RGB; a {@link Bound} keeps the result in [0, 1]. Its gradient runs the same chain backwards.
 *
 * @param basis what the parameters are
 * @param decorrelate whether the planes are decorrelated colour (lucid's ImageNet square root)
 * @param bound how the colours are kept in [0, 1]
 */
public record ImageParam(Basis basis, boolean decorrelate, Bound bound) {
  /** lucid's default: a Fourier spectrum, decorrelated colour, a sigmoid. */
  public static final ImageParam LUCID = new ImageParam(Basis.FFT, true, Bound.SIGMOID);

  /** Checks the parts. */
  public ImageParam {
    if (basis == null || bound == null) {
      throw new IllegalArgumentException("a basis and a bound are needed");
    }
  }

  /** An image made from parameters: the unbounded colours and the valid ones (both CHW, 3 x h x w). */
  record Made(float[] unbounded, float[] rgb) {}

  /** Random starting parameters for an h x w image. */
  float[] random(Random random, int h, int w) {
    return basis.random(random, h, w);
  }

  /** The image the parameters make, computed in the step's manager {@code m}. */
  Made make(NDManager m, float[] params, int h, int w) {
    float[] t = basis.image(m, params, h, w);
    float[] u = decorrelate ? Decorrelation.toRgb(t) : t;
    if (bound == Bound.CLIP) {
      addMean(u, 1);
    }
    return new Made(u, bound.apply(u));
  }

  /** The gradient on the parameters from {@code g}, a gradient (to ascend) on {@code made}'s colours. */
  float[] gradient(NDManager m, float[] params, Made made, float[] g, int h, int w) {
    float[] gu = bound.backward(made.unbounded(), made.rgb(), g);
    return basis.adjoint(m, params, decorrelate ? Decorrelation.adjoint(gu) : gu, h, w);
  }

  /** Parameters that make {@code rgb} (CHW in [0, 1]; a photo to start from). */
  float[] fromRgb(NDManager m, float[] rgb, int h, int w) {
    float[] u = bound.inverse(rgb);
    if (bound == Bound.CLIP) {
      addMean(u, -1);
    }
    return basis.fromImage(m, decorrelate ? Decorrelation.fromRgb(u) : u, h, w);
  }

  /**
   * A clipped image is centred on a mid colour (zero parameters are ImageNet's mean colour when
   * decorrelated, as lucid's, else mid-grey); a sigmoid centres itself.
   */
  private void addMean(float[] u, int sign) {
    int n = u.length / 3;
    for (int c = 0; c < 3; c++) {
      float mean = decorrelate ? Decorrelation.MEAN[c] : 0.5f;
      for (int p = c * n; p < (c + 1) * n; p++) {
        u[p] += sign * mean;
      }
    }
  }

  /** Text such as {@code fft, decorrelated, sigmoid}. */
  public String describe() {
    return basis.id() + (decorrelate ? ", decorrelated" : "") + ", " + bound.id();
  }
}
