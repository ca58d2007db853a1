package dev.deepdream.visualize;

import dev.deepdream.image.Picture;
import java.util.List;

/**
 * Measures of rendered pictures, for comparing parameterisations: the share of spectral power at
 * high frequencies (the noise a pixel parameterisation picks up) and how far apart a batch's
 * pictures are, pixel by pixel and in what they show wherever it is (what the diversity term should
 * raise).
 */
public final class Spectra {
  private Spectra() {}

  /**
   * The share of the picture's spectral power at frequencies above half the Nyquist frequency,
   * {@code sqrt(fx^2 + fy^2) > 0.25} cycles per pixel: the power of the 2-D DFT of each of its red,
   * green and blue planes (each less its mean), summed over the three. White noise has about 0.8
   * (the part of the frequency square outside that circle); a photo a few hundredths.
   */
  public static double highFrequencyShare(Picture p) {
    int w = p.width();
    int h = p.height();
    double total = 0;
    double high = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double[] power = power(plane(p, shift), h, w);
      for (int ky = 0; ky < h; ky++) {
        double fy = (ky <= h / 2 ? ky : ky - h) / (double) h;
        for (int kx = 0; kx < w; kx++) {
          double fx = (kx <= w / 2 ? kx : kx - w) / (double) w;
          total += power[ky * w + kx];
          if (Math.sqrt(fx * fx + fy * fy) > 0.25) {
            high += power[ky * w + kx];
          }
        }
      }
    }
    return total == 0 ? 0 : high / total;
  }

  /** One colour plane of the picture ({@code shift} 16 red, 8 green, 0 blue) less its mean. */
  private static double[] plane(Picture p, int shift) {
    double[] plane = new double[p.width() * p.height()];
    double mean = 0;
    for (int i = 0; i < plane.length; i++) {
      plane[i] = (p.rgb()[i] >> shift) & 0xff;
      mean += plane[i];
    }
    mean /= plane.length;
    for (int i = 0; i < plane.length; i++) {
      plane[i] -= mean;
    }
    return plane;
  }

  /** |DFT|^2 of an h x w plane, rows first, then columns: exact for any size (milliseconds at 224 px). */
  private static double[] power(double[] plane, int h, int w) {
    double[] re = new double[h * w];
    double[] im = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int k = 0; k < w; k++) {
        double sr = 0;
        double si = 0;
        for (int x = 0; x < w; x++) {
          double a = -2 * Math.PI * ((long) k * x % w) / w;
          sr += plane[y * w + x] * Math.cos(a);
          si += plane[y * w + x] * Math.sin(a);
        }
        re[y * w + k] = sr;
        im[y * w + k] = si;
      }
    }
    double[] out = new double[h * w];
    for (int k = 0; k < w; k++) {
      for (int ky = 0; ky < h; ky++) {
        double sr = 0;
        double si = 0;
        for (int y = 0; y < h; y++) {
          double a = -2 * Math.PI * ((long) ky * y % h) / h;
          double c = Math.cos(a);
          double s = Math.sin(a);
          sr += re[y * w + k] * c - im[y * w + k] * s;
          si += re[y * w + k] * s + im[y * w + k] * c;
        }
        out[ky * w + k] = sr * sr + si * si;
      }
    }
    return out;
  }

  /**
   * How different a batch's pictures look, whatever their patterns' positions: the mean over pairs
   * of 1 - the cosine similarity of their amplitude spectra (|DFT| of each colour plane less its
   * mean, the three planes together). A shift moves only the phases, so a pattern and the same
   * pattern moved score about 0 (exactly 0 for a circular shift), where {@link #meanPairwiseDistance}
   * counts every moved pixel; unrelated pictures score up to 1. The measure for the diversity term,
   * which renders from different noise make look like the same texture at different positions.
   */
  public static double meanPairwiseSpectrumDistance(List<Picture> pictures) {
    List<double[]> spectra = pictures.stream().map(Spectra::amplitudes).toList();
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < spectra.size(); i++) {
      for (int j = i + 1; j < spectra.size(); j++) {
        sum += 1 - cosine(spectra.get(i), spectra.get(j));
        pairs++;
      }
    }
    return pairs == 0 ? 0 : sum / pairs;
  }

  /** The amplitude spectra of the picture's red, green and blue planes (each less its mean), end to end. */
  private static double[] amplitudes(Picture p) {
    int w = p.width();
    int h = p.height();
    double[] out = new double[3 * w * h];
    int at = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      for (double power : power(plane(p, shift), h, w)) {
        out[at++] = Math.sqrt(power);
      }
    }
    return out;
  }

  private static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
  }

  /** The mean over pairs of the root-mean-square difference of two pictures' colours, in levels 0..255. */
  public static double meanPairwiseDistance(List<Picture> pictures) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < pictures.size(); i++) {
      for (int j = i + 1; j < pictures.size(); j++) {
        sum += distance(pictures.get(i), pictures.get(j));
        pairs++;
      }
    }
    return pairs == 0 ? 0 : sum / pairs;
  }

  private static double distance(Picture a, Picture b) {
    double s = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        double d = ((a.rgb()[i] >> shift) & 0xff) - ((b.rgb()[i] >> shift) & 0xff);
        s += d * d;
      }
    }
    return Math.sqrt(s / (3.0 * a.rgb().length));
  }
}
