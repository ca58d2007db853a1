package dev.deepdream.visualize;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.model.Scalars;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the optimiser changes: the image's pixels, or its Fourier spectrum (lucid's
 * {@code fft_image}). The spectrum's coefficients are scaled by 1 / frequency before the inverse
 * real FFT, so every frequency costs the optimiser the same and the image's energy falls with
 * frequency as a photo's does: the high-frequency noise a pixel image picks up has to be paid for.
 * Parameters are float arrays: pixels as CHW planes (3 x h x w), a spectrum as its real then its
 * imaginary parts of 3 x h x (w / 2 + 1) coefficients. The spectrum runs on the engine, in the
 * caller's manager; its gradient is the engine's autograd of the same computation.
 */
public enum Basis {
  /** A Fourier spectrum scaled by 1 / frequency (lucid's {@code fft_image}). */
  FFT("fft", "a Fourier spectrum scaled by 1/frequency: smooth, with a photo's falling energy"),
  /** The image's own values (lucid's {@code pixel_image}). */
  PIXEL("pixel", "the pixels themselves");

  /** lucid's initial standard deviation of the parameters. */
  static final double INIT_SD = 0.01;
  /** lucid's damping of the image made from the spectrum ("a magic constant", its comment says). */
  private static final double FFT_DIVISOR = 4;

  private final String id;
  private final String summary;

  Basis(String id, String summary) {
    this.id = id;
    this.summary = summary;
  }

  /** The name in settings: pixel or fft. */
  public String id() {
    return id;
  }

  /** What it is, in a few words. */
  public String summary() {
    return summary;
  }

  /** The ids, for choices. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Basis::id).toList();
  }

  /** The basis named {@code text}. @throws BadOptionException naming the choices */
  public static Basis parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Basis b : values()) {
      if (b.id.equals(t)) {
        return b;
      }
    }
    throw new BadOptionException("unknown parameterisation '" + text + "' (use " + String.join(" or ", ids()) + ")");
  }

  /** How many parameters an h x w image of 3 channels has. */
  public int count(int h, int w) {
    return this == PIXEL ? 3 * h * w : 2 * 3 * h * (w / 2 + 1);
  }

  /** Random parameters (normal, lucid's standard deviation of 0.01). */
  float[] random(Random random, int h, int w) {
    float[] p = new float[count(h, w)];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (random.nextGaussian() * INIT_SD);
    }
    return p;
  }

  /** The image (3 x h x w, CHW) the parameters make, before colour and bound. */
  float[] image(NDManager m, float[] p, int h, int w) {
    if (this == PIXEL) {
      return p.clone();
    }
    return spectrumToImage(m, m.create(p, new Shape(2, 3, h, w / 2 + 1)), h, w).toFloatArray();
  }

  /** The gradient on the parameters from a gradient {@code g} on {@link #image}: the map's adjoint. */
  float[] adjoint(NDManager m, float[] p, float[] g, int h, int w) {
    if (this == PIXEL) {
      return g.clone();
    }
    NDArray params = m.create(p, new Shape(2, 3, h, w / 2 + 1));
    params.setRequiresGradient(true);
    NDArray seed = m.create(g, new Shape(3, h, w));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      // The map is linear: the gradient of <image(p), g> is its adjoint applied to g.
      collector.backward(spectrumToImage(m, params, h, w).mul(seed).sum());
    }
    return params.getGradient().toFloatArray();
  }

  /** Parameters that make {@code image} (3 x h x w): the inverse of {@link #image}. */
  float[] fromImage(NDManager m, float[] image, int h, int w) {
    if (this == PIXEL) {
      return image.clone();
    }
    NDArray planes = m.create(image, new Shape(3, h, w));
    NDArray t = planes.mul(Scalars.like(planes, FFT_DIVISOR));
    NDArray spectrum = t.rfft(w, 2).fft(h, 1).real(); // (3, h, w/2+1, 2): real and imaginary last
    NDArray scale = m.create(scale(h, w), new Shape(1, h, w / 2 + 1, 1));
    return spectrum.div(scale).transpose(3, 0, 1, 2).toFloatArray();
  }

  private static NDArray spectrumToImage(NDManager m, NDArray params, int h, int w) {
    NDArray scale = m.create(scale(h, w), new Shape(1, h, w / 2 + 1));
    NDArray re = params.get(0).mul(scale);
    NDArray im = params.get(1).mul(scale);
    // The complex spectrum re + i*im, made with a constant i: DJL's complex() view has no autograd.
    NDArray i = m.create(new float[] {0, 1}, new Shape(2)).complex();
    NDArray image = re.add(im.mul(i)).ifft(h, 1).irfft(w, 2);
    return image.mul(Scalars.like(image, 1 / FFT_DIVISOR));
  }

  /**
   * lucid's spectrum scale per coefficient of an h x w image's real FFT: 1 / max(f, 1 / max(h, w)),
   * f the frequency in cycles per pixel, times sqrt(h * w), so the map is near unitary and the
   * learning rate means the same as for pixels.
   */
  static float[] scale(int h, int w) {
    int wf = w / 2 + 1;
    float[] s = new float[h * wf];
    double floor = 1.0 / Math.max(h, w);
    double norm = Math.sqrt((double) h * w);
    for (int y = 0; y < h; y++) {
      double fy = (y <= (h - 1) / 2 ? y : y - h) / (double) h; // numpy's fftfreq
      for (int x = 0; x < wf; x++) {
        double fx = x / (double) w;
        s[y * wf + x] = (float) (norm / Math.max(Math.sqrt(fx * fx + fy * fy), floor));
      }
    }
    return s;
  }
}
