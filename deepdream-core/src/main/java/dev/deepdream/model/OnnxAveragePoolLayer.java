package dev.deepdream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * ONNX AveragePool: kernel, strides, pads or auto_pad, ceil_mode, count_include_pad (default 0:
 * the average of the real pixels alone). The input is padded with zeros here and summed by the
 * engine's pool; each output is then scaled by window area / the pixels it counts, a small plane
 * computed on the host per input size (DJL's pool ignores {@code countIncludePad=false}).
 */
final class OnnxAveragePoolLayer extends OnnxPoolLayer {
  OnnxAveragePoolLayer() {
    super("AveragePool");
  }

  @Override
  void convert(OnnxNode node) {
    super.convert(node);
    node.set("count_include_pad", node.attrInt("count_include_pad", 0));
  }

  @Override
  public LayerOp compile(LayerSpec layer, LayerContext context) {
    int[] k = layer.pair("kernel_size", 1);
    int[] s = layer.pair("strides", 1);
    Shape kernel = new Shape(k[0], k[1]);
    Shape stride = new Shape(s[0], s[1]);
    return in -> {
      NDArray x = in.get(0);
      int h = (int) x.getShape().get(2);
      int w = (int) x.getShape().get(3);
      int[] dh = OnnxWindows.dimension(layer, h, 0);
      int[] dw = OnnxWindows.dimension(layer, w, 1);
      if (dh[1] + dh[2] + dw[1] + dw[2] > 0) {
        x = x.pad(new Shape(dw[1], dw[2], dh[1], dh[2]), 0);
      }
      NDArray pooled = Pool.avgPool2d(x, kernel, stride, new Shape(0, 0), false, true);
      float[] scale = scale(layer, h, w, dh, dw, k, s);
      if (scale == null) {
        return pooled;
      }
      NDArray plane = x.getManager().create(scale, new Shape(1, 1, dh[0], dw[0]));
      return pooled.mul(plane.toType(x.getDataType(), false));
    };
  }

  /** Window area / pixels counted, per output pixel; null when every window counts its whole area. */
  private static float[] scale(LayerSpec layer, int h, int w, int[] dh, int[] dw, int[] k, int[] s) {
    boolean includePad = layer.intOr("count_include_pad", 0) != 0;
    int[] rows = counts(h, dh, k[0], s[0], includePad ? padAfter(layer, h, dh, 0) : -1);
    int[] cols = counts(w, dw, k[1], s[1], includePad ? padAfter(layer, w, dw, 1) : -1);
    float[] out = new float[rows.length * cols.length];
    boolean whole = true;
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < cols.length; x++) {
        int n = rows[y] * cols[x];
        whole &= n == k[0] * k[1];
        out[y * cols.length + x] = (float) (k[0] * k[1]) / n;
      }
    }
    return whole ? null : out;
  }

  /**
   * How many of each window's positions count along one dimension: those on the input, or with
   * {@code padAfter} >= 0 those on the input and its declared padding (not ceil mode's overhang).
   */
  private static int[] counts(int in, int[] d, int k, int s, int padAfter) {
    int lo = padAfter >= 0 ? -d[1] : 0;
    int hi = padAfter >= 0 ? in + padAfter : in;
    int[] out = new int[d[0]];
    for (int i = 0; i < d[0]; i++) {
      int start = i * s - d[1];
      out[i] = Math.min(start + k, hi) - Math.max(start, lo);
    }
    return out;
  }

  /** The padding after the input that the file declares (or auto_pad gives) along one axis. */
  private static int padAfter(LayerSpec layer, int in, int[] d, int axis) {
    String auto = layer.stringOr("auto_pad", "NOTSET");
    if (auto.startsWith("SAME")) {
      int[] k = layer.pair("kernel_size", 1);
      int[] s = layer.pair("strides", 1);
      return Math.max((d[0] - 1) * s[axis] + k[axis] - in, 0) - d[1];
    }
    long[] pads = longs(layer, "pads");
    return auto.equals("VALID") || pads == null ? 0 : (int) pads[axis + 2];
  }
}
