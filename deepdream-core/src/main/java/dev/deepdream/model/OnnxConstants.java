package dev.deepdream.model;

import java.util.Arrays;
import java.util.List;

/**
 * Nodes that compute from constants alone, computed at import: exporters leave such chains in
 * graphs (PyTorch computes every padding's pads with ConstantOfShape, Concat, Reshape, Slice,
 * Transpose and Cast), and their values end up folded into a layer's config or weights. Tensors
 * of any rank; numpy's broadcasting for the arithmetic.
 */
final class OnnxConstants {
  private OnnxConstants() {}

  /** The ops this folds. */
  static final List<String> OPS = List.of("Identity", "Dropout", "Cast", "ConstantOfShape", "Concat", "Reshape",
      "Flatten", "Squeeze", "Unsqueeze", "Slice", "Transpose", "Gather", "Add", "Sub", "Mul", "Div", "Neg");

  /** The value of {@code node}, whose inputs are all constants: {@code in.get(i)}, null when absent. */
  static OnnxTensor fold(OnnxNode node, List<OnnxTensor> in) {
    OnnxTensor x = in.isEmpty() ? null : in.get(0);
    switch (node.op()) {
      case "Identity", "Dropout":
        return x;
      case "Cast":
        return cast(x, node.attrInt("to", 1));
      case "ConstantOfShape":
        return new OnnxTensor(x.longs(), filled((int) OnnxTensor.count(x.longs()), node),
            node.has("value") && node.tensorAttribute("value").integer());
      case "Concat":
        return concat(in, (int) node.attrInt("axis", 0));
      case "Reshape", "Flatten", "Squeeze", "Unsqueeze":
        return x.withDims(reshaped(node, x, in));
      case "Slice":
        return slice(node, x, in);
      case "Transpose":
        return transpose(x, node.attrInts("perm"));
      case "Gather":
        return gather(x, in.get(1), (int) node.attrInt("axis", 0));
      case "Neg":
        return new OnnxTensor(x.dims(), Arrays.stream(x.values()).map(v -> -v).toArray(), x.integer());
      default:
        return arithmetic(node, x, in.get(1));
    }
  }

  private static double[] filled(int n, OnnxNode node) {
    double[] v = new double[n];
    if (node.has("value")) {
      Arrays.fill(v, node.tensorAttribute("value").values()[0]);
    }
    return v;
  }

  /** Cast to an integer type truncates, as numpy's astype does; to a float type keeps the value. */
  private static OnnxTensor cast(OnnxTensor x, long to) {
    boolean integer = OnnxTensor.isInteger(to);
    return integer ? new OnnxTensor(x.dims(), Arrays.stream(x.values()).map(v -> (double) (long) v).toArray(), true)
        : new OnnxTensor(x.dims(), x.values(), false);
  }

  private static OnnxTensor concat(List<OnnxTensor> in, int axis) {
    long[] dims = in.get(0).dims().clone();
    int a = axis < 0 ? axis + dims.length : axis;
    dims[a] = 0;
    for (OnnxTensor t : in) {
      dims[a] += t.dims()[a];
    }
    long outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= dims[i];
    }
    double[] out = new double[(int) OnnxTensor.count(dims)];
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (OnnxTensor t : in) {
        int block = (int) (t.values().length / outer);
        System.arraycopy(t.values(), (int) o * block, out, k, block);
        k += block;
      }
    }
    return new OnnxTensor(dims, out, in.get(0).integer());
  }

  private static long[] reshaped(OnnxNode node, OnnxTensor x, List<OnnxTensor> in) {
    long[] d = x.dims();
    switch (node.op()) {
      case "Reshape": {
        long[] shape = in.get(1).longs();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shape[i] == 0 && node.attrInt("allowzero", 0) == 0 ? d[i] : shape[i];
          if (shape[i] < 0) {
            infer = i;
          } else {
            known *= shape[i];
          }
        }
        if (infer >= 0) {
          shape[infer] = known == 0 ? 0 : x.values().length / known;
        }
        return shape;
      }
      case "Flatten": {
        int axis = (int) node.attrInt("axis", 1);
        long rows = OnnxTensor.count(Arrays.copyOf(d, axis < 0 ? axis + d.length : axis));
        return new long[] {rows, rows == 0 ? 0 : x.values().length / rows};
      }
      default: {
        long[] axes = node.opset() < 13 ? node.attrInts("axes") : in.size() > 1 && in.get(1) != null
            ? in.get(1).longs() : null;
        boolean squeeze = node.op().equals("Squeeze");
        int rank = squeeze ? d.length : d.length + axes.length;
        long[] out = new long[squeeze && axes == null ? 0 : squeeze ? d.length - axes.length : rank];
        int j = 0;
        int k = 0;
        for (int i = 0; i < rank; i++) {
          boolean named = axes != null && contains(axes, i, rank);
          if (squeeze) {
            if (axes == null ? d[i] != 1 : !named) {
              out = axes == null ? Arrays.copyOf(out, j + 1) : out;
              out[j++] = d[i];
            }
          } else {
            out[i] = named ? 1 : d[k++];
          }
        }
        return out;
      }
    }
  }

  private static boolean contains(long[] axes, int i, int rank) {
    for (long a : axes) {
      if ((a < 0 ? a + rank : a) == i) {
        return true;
      }
    }
    return false;
  }

  private static OnnxTensor slice(OnnxNode node, OnnxTensor x, List<OnnxTensor> in) {
    long[] d = x.dims();
    long[] starts = node.opset() < 10 ? node.attrInts("starts") : in.get(1).longs();
    long[] ends = node.opset() < 10 ? node.attrInts("ends") : in.get(2).longs();
    long[] axes = node.opset() < 10 ? node.attrInts("axes") : in.size() > 3 && in.get(3) != null ? in.get(3).longs()
        : null;
    long[] steps = node.opset() >= 10 && in.size() > 4 && in.get(4) != null ? in.get(4).longs() : null;
    long[][] index = new long[d.length][];
    for (int i = 0; i < d.length; i++) {
      index[i] = range(0, d[i], 1, d[i]);
    }
    for (int j = 0; j < starts.length; j++) {
      int a = (int) (axes == null ? j : axes[j] < 0 ? axes[j] + d.length : axes[j]);
      index[a] = range(starts[j], ends[j], steps == null ? 1 : steps[j], d[a]);
    }
    return pick(x, index);
  }

  /** The indices start, start + step, ... before end, clamped as ONNX's Slice clamps them. */
  private static long[] range(long start, long end, long step, long n) {
    long s = start < 0 ? start + n : start;
    long e = end < 0 ? end + n : end;
    s = step > 0 ? Math.max(0, Math.min(s, n)) : Math.max(-1, Math.min(s, n - 1));
    e = step > 0 ? Math.max(0, Math.min(e, n)) : Math.max(-1, Math.min(e, n - 1));
    long count = step > 0 ? Math.max(0, (e - s + step - 1) / step) : Math.max(0, (s - e - step - 1) / -step);
    long[] out = new long[(int) count];
    for (int i = 0; i < count; i++) {
      out[i] = s + i * step;
    }
    return out;
  }

  /** The values of {@code x} at every combination of the per-axis indices, in row-major order. */
  private static OnnxTensor pick(OnnxTensor x, long[][] index) {
    long[] d = x.dims();
    long[] dims = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      dims[i] = index[i].length;
    }
    double[] out = new double[(int) OnnxTensor.count(dims)];
    int[] at = new int[d.length];
    for (int k = 0; k < out.length; k++) {
      long src = 0;
      for (int i = 0; i < d.length; i++) {
        src = src * d[i] + index[i][at[i]];
      }
      out[k] = x.values()[(int) src];
      for (int i = d.length - 1; i >= 0; i--) {
        if (++at[i] < dims[i]) {
          break;
        }
        at[i] = 0;
      }
    }
    return new OnnxTensor(dims, out, x.integer());
  }

  private static OnnxTensor transpose(OnnxTensor x, long[] perm) {
    long[] d = x.dims();
    int r = d.length;
    long[] dims = new long[r];
    long[] strides = new long[r];
    long stride = 1;
    for (int i = r - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= d[i];
    }
    long[] permStrides = new long[r];
    for (int i = 0; i < r; i++) {
      int p = (int) (perm == null ? r - 1 - i : perm[i]);
      dims[i] = d[p];
      permStrides[i] = strides[p];
    }
    double[] out = new double[x.values().length];
    int[] at = new int[r];
    for (int k = 0; k < out.length; k++) {
      long src = 0;
      for (int i = 0; i < r; i++) {
        src += at[i] * permStrides[i];
      }
      out[k] = x.values()[(int) src];
      for (int i = r - 1; i >= 0; i--) {
        if (++at[i] < dims[i]) {
          break;
        }
        at[i] = 0;
      }
    }
    return new OnnxTensor(dims, out, x.integer());
  }

  private static OnnxTensor gather(OnnxTensor x, OnnxTensor indices, int axis) {
    long[] d = x.dims();
    int a = axis < 0 ? axis + d.length : axis;
    long outer = OnnxTensor.count(Arrays.copyOf(d, a));
    long inner = OnnxTensor.count(Arrays.copyOfRange(d, a + 1, d.length));
    long[] idx = indices.longs();
    double[] out = new double[(int) (outer * idx.length * inner)];
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (long i : idx) {
        long row = i < 0 ? i + d[a] : i;
        System.arraycopy(x.values(), (int) ((o * d[a] + row) * inner), out, k, (int) inner);
        k += (int) inner;
      }
    }
    long[] dims = new long[d.length - 1 + indices.dims().length];
    System.arraycopy(d, 0, dims, 0, a);
    System.arraycopy(indices.dims(), 0, dims, a, indices.dims().length);
    System.arraycopy(d, a + 1, dims, a + indices.dims().length, d.length - a - 1);
    return new OnnxTensor(dims, out, x.integer());
  }

  private static OnnxTensor arithmetic(OnnxNode node, OnnxTensor a, OnnxTensor b) {
    long[] dims = OnnxLayer.broadcast(a.dims(), b.dims());
    if (dims == null) {
      throw node.unsupported("constants of dims " + OnnxLayer.text(a.dims()) + " and " + OnnxLayer.text(b.dims())
          + " do not broadcast");
    }
    double[] out = new double[(int) OnnxTensor.count(dims)];
    int[] at = new int[dims.length];
    boolean integer = a.integer() && b.integer();
    for (int k = 0; k < out.length; k++) {
      double x = a.values()[broadcastIndex(a.dims(), dims, at)];
      double y = b.values()[broadcastIndex(b.dims(), dims, at)];
      out[k] = switch (node.op()) {
        case "Add" -> x + y;
        case "Sub" -> x - y;
        case "Mul" -> x * y;
        // Integer division truncates (ONNX follows C); a division by zero is the graph's own fault.
        default -> integer ? (double) (long) (x / y) : x / y;
      };
      for (int i = dims.length - 1; i >= 0; i--) {
        if (++at[i] < dims[i]) {
          break;
        }
        at[i] = 0;
      }
    }
    return new OnnxTensor(dims, out, integer);
  }

  private static int broadcastIndex(long[] d, long[] dims, int[] at) {
    int offset = dims.length - d.length;
    long src = 0;
    for (int i = 0; i < d.length; i++) {
      src = src * d[i] + (d[i] == 1 ? 0 : at[i + offset]);
    }
    return (int) src;
  }
}
