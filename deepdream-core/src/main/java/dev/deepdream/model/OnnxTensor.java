package dev.deepdream.model;

import dev.deepdream.model.onnx.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant of an ONNX graph (an initializer or a Constant node's value) as numbers: its dims and
 * its values as doubles, whatever its element type (weights become float32, shapes and pads stay
 * whole numbers exactly up to 2^53), and whether that type is an integer one (so that folding a
 * Div truncates, as ONNX says for integers).
 */
record OnnxTensor(long[] dims, double[] values, boolean integer) {
  private static final int FLOAT = 1;
  private static final int UINT8 = 2;
  private static final int INT8 = 3;
  private static final int INT32 = 6;
  private static final int INT64 = 7;
  private static final int FLOAT16 = 10;
  private static final int DOUBLE = 11;
  private static final int BFLOAT16 = 16;

  OnnxTensor {
    if (count(dims) != values.length) {
      throw new ModelFormatException("tensor of dims " + Arrays.toString(dims) + " holds " + values.length + " values");
    }
  }

  /** A tensor of a floating-point type. */
  OnnxTensor(long[] dims, double[] values) {
    this(dims, values, false);
  }

  /** The same values in other dims, of the same element type. */
  OnnxTensor withDims(long[] newDims) {
    return new OnnxTensor(newDims, values, integer);
  }

  /** The values of {@code t}, named {@code what} in errors. */
  static OnnxTensor of(TensorProto t, String what) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new ModelFormatException(what + " keeps its values in an external file; deepdream reads self-contained "
          + ".onnx files (save the model with its weights inside)");
    }
    long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    int n = (int) count(dims);
    double[] v = new double[n];
    boolean raw = !t.getRawData().isEmpty();
    ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
    int size = switch (t.getDataType()) {
      case FLOAT -> 4;
      case DOUBLE, INT64 -> 8;
      case INT32 -> 4;
      case FLOAT16, BFLOAT16 -> 2;
      case INT8, UINT8 -> 1;
      default -> throw new UnsupportedLayerException(what + " has element type " + t.getDataType()
          + " (TensorProto.DataType), which deepdream does not read (float, double, float16, bfloat16, int8, uint8, "
          + "int32, int64)");
    };
    if (raw && b.remaining() != (long) n * size) {
      throw new ModelFormatException(what + " has " + b.remaining() + " bytes of data for " + n + " values");
    }
    if (!raw && fieldCount(t) != n) {
      throw new ModelFormatException(what + " has " + fieldCount(t) + " values for its " + n);
    }
    for (int i = 0; i < n; i++) {
      v[i] = raw ? fromRaw(b, t.getDataType()) : fromField(t, i);
    }
    return new OnnxTensor(dims, v, isInteger(t.getDataType()));
  }

  /** Whether ONNX's element type {@code type} (TensorProto.DataType) holds whole numbers (or booleans). */
  static boolean isInteger(long type) {
    return type >= 2 && type <= 7 || type == 9 || type == 12 || type == 13;
  }

  private static double fromRaw(ByteBuffer b, int type) {
    return switch (type) {
      case FLOAT -> b.getFloat();
      case DOUBLE -> b.getDouble();
      case INT64 -> b.getLong();
      case INT32 -> b.getInt();
      case FLOAT16 -> half(b.getShort());
      case BFLOAT16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
      case INT8 -> b.get();
      default -> b.get() & 0xff;
    };
  }

  /** How many values the typed field that {@link #fromField} reads holds. */
  private static int fieldCount(TensorProto t) {
    return switch (t.getDataType()) {
      case FLOAT -> t.getFloatDataCount();
      case DOUBLE -> t.getDoubleDataCount();
      case INT64 -> t.getInt64DataCount();
      default -> t.getInt32DataCount();
    };
  }

  private static double fromField(TensorProto t, int i) {
    return switch (t.getDataType()) {
      case FLOAT -> t.getFloatData(i);
      case DOUBLE -> t.getDoubleData(i);
      case INT64 -> t.getInt64Data(i);
      // float16 and bfloat16 keep their bits in int32_data, as do the small integer types.
      case FLOAT16 -> half((short) t.getInt32Data(i));
      case BFLOAT16 -> Float.intBitsToFloat((t.getInt32Data(i) & 0xffff) << 16);
      default -> t.getInt32Data(i);
    };
  }

  /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
  static float half(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity or NaN
    }
    if (exp == 0) {
      float subnormal = mantissa * 0x1p-24f;
      return sign == 0 ? subnormal : -subnormal;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
  }

  static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** The values as float32, a weight's form. */
  float[] floats() {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  /** The values as whole numbers (shapes, pads, axes). */
  long[] longs() {
    long[] l = new long[values.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (long) values[i];
    }
    return l;
  }

  /** The weight named {@code name} holding these values. */
  WeightTensor weight(String name) {
    return new WeightTensor(name, dims.clone(), floats());
  }
}
