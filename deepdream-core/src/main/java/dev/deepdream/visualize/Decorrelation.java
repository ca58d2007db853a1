package dev.deepdream.visualize;

/**
 * Decorrelated colour (lucid's {@code _linear_decorelate_color}): the image is kept in a colour
 * space whose axes are uncorrelated over ImageNet, and mapped to RGB by a fixed 3x3 square root of
 * ImageNet's colour correlation, scaled so its largest column has unit length. Optimising there
 * moves brightness and colour apart, so colours come out less noisy and more natural. All maps
 * work on CHW planes of three channels.
 */
final class Decorrelation {
  /** lucid's square root of ImageNet's colour correlation (an SVD of the correlation matrix). */
  private static final double[][] SQRT = {{0.26, 0.09, 0.02}, {0.27, 0.00, -0.05}, {0.27, -0.09, 0.03}};
  /** ImageNet's mean colour in [0, 1], added when the output is clipped rather than squashed. */
  static final float[] MEAN = {0.48f, 0.46f, 0.41f};

  private static final float[][] FORWARD = normalised();
  private static final float[][] ADJOINT = transpose(FORWARD);
  private static final float[][] INVERSE = inverse(FORWARD);

  private Decorrelation() {}

  private static float[][] normalised() {
    double max = 0;
    for (int col = 0; col < 3; col++) {
      max = Math.max(max, Math.sqrt(SQRT[0][col] * SQRT[0][col] + SQRT[1][col] * SQRT[1][col]
          + SQRT[2][col] * SQRT[2][col]));
    }
    float[][] m = new float[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        m[r][c] = (float) (SQRT[r][c] / max);
      }
    }
    return m;
  }

  /** RGB from decorrelated planes: each pixel's colour times the matrix. */
  static float[] toRgb(float[] chw) {
    return apply(FORWARD, chw);
  }

  /** The adjoint of {@link #toRgb}: a gradient on RGB carried back to the decorrelated planes. */
  static float[] adjoint(float[] chw) {
    return apply(ADJOINT, chw);
  }

  /** The inverse of {@link #toRgb}. */
  static float[] fromRgb(float[] chw) {
    return apply(INVERSE, chw);
  }

  private static float[] apply(float[][] m, float[] chw) {
    int n = chw.length / 3;
    float[] out = new float[chw.length];
    for (int p = 0; p < n; p++) {
      float a = chw[p];
      float b = chw[n + p];
      float c = chw[2 * n + p];
      for (int r = 0; r < 3; r++) {
        out[r * n + p] = m[r][0] * a + m[r][1] * b + m[r][2] * c;
      }
    }
    return out;
  }

  private static float[][] transpose(float[][] m) {
    float[][] t = new float[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        t[r][c] = m[c][r];
      }
    }
    return t;
  }

  private static float[][] inverse(float[][] m) {
    double det = m[0][0] * ((double) m[1][1] * m[2][2] - (double) m[1][2] * m[2][1])
        - m[0][1] * ((double) m[1][0] * m[2][2] - (double) m[1][2] * m[2][0])
        + m[0][2] * ((double) m[1][0] * m[2][1] - (double) m[1][1] * m[2][0]);
    float[][] inv = new float[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        // The cofactor of (c, r) over the determinant.
        int r1 = (c + 1) % 3;
        int r2 = (c + 2) % 3;
        int c1 = (r + 1) % 3;
        int c2 = (r + 2) % 3;
        inv[r][c] = (float) (((double) m[r1][c1] * m[r2][c2] - (double) m[r1][c2] * m[r2][c1]) / det);
      }
    }
    return inv;
  }
}
