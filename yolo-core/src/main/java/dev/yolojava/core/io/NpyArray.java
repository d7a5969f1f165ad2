package dev.yolojava.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Tensor;

/**
 * One NumPy {@code .npy} array (format versions 1 to 3): dtype, shape and raw data, with conversions to float32,
 * int64 or a libtorch tensor. Supported dtypes: {@code f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1}, either byte order,
 * C or Fortran order.
 */
public final class NpyArray {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 20;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d{1,2})'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final String name;
  private final String source;
  private final String dtype;
  private final char kind;
  private final int itemSize;
  private final ByteOrder order;
  private final boolean fortranOrder;
  private final long[] shape;
  private final byte[] bytes;
  private final int dataOffset;

  private NpyArray(String name, String source, String dtype, boolean fortranOrder, long[] shape, byte[] bytes,
      int dataOffset) {
    this.name = name;
    this.source = source;
    this.dtype = dtype;
    this.order = dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    this.kind = dtype.charAt(1);
    this.itemSize = Integer.parseInt(dtype.substring(2));
    this.fortranOrder = fortranOrder;
    this.shape = shape;
    this.bytes = bytes;
    this.dataOffset = dataOffset;
  }

  /** Parses a whole {@code .npy} file's bytes; {@code name} is used in messages. */
  public static NpyArray parse(byte[] npy, String name) throws MalformedFileException {
    return parse(npy, name, name);
  }

  /** As {@link #parse(byte[], String)}, with {@code source} (e.g. {@code io.npz:x}) naming it in messages. */
  static NpyArray parse(byte[] npy, String arrayName, String name) throws MalformedFileException {
    if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, 6), MAGIC)) {
      throw new MalformedFileException(name + ": not a .npy array (missing \\x93NUMPY magic)");
    }
    int major = npy[6];
    if (major < 1 || major > 3) {
      throw new MalformedFileException(name + ": .npy format version " + major + "; expected 1, 2 or 3");
    }
    ByteBuffer bb = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen = major == 1 ? bb.getShort(8) & 0xffff : (npy.length < 12 ? -1 : bb.getInt(8) & 0xffffffffL);
    int headerStart = major == 1 ? 10 : 12;
    if (headerLen < 0 || headerLen > MAX_HEADER || headerStart + headerLen > npy.length) {
      throw new MalformedFileException(name + ": .npy header length " + headerLen + " does not fit the "
          + npy.length + "-byte file");
    }
    String header = new String(npy, headerStart, (int) headerLen,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new MalformedFileException(name + ": .npy header " + shorten(header) + " lacks a supported 'descr'"
          + " (f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1), 'fortran_order' or 'shape'");
    }
    String dtype = d.group(1) + d.group(2) + d.group(3);
    int size = Integer.parseInt(d.group(3));
    boolean ok = switch (d.group(2)) {
      case "f" -> size == 2 || size == 4 || size == 8;
      case "i", "u" -> size == 1 || size == 2 || size == 4 || size == 8;
      default -> size == 1;
    };
    if (!ok) {
      throw new MalformedFileException(name + ": unsupported dtype '" + dtype
          + "'; expected one of f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1");
    }
    long[] shape = parseShape(s.group(1), name);
    int dataOffset = headerStart + (int) headerLen;
    long need = numel(shape, name);
    need = need > Long.MAX_VALUE / size ? Long.MAX_VALUE : need * size;
    if (need != npy.length - dataOffset) {
      throw new MalformedFileException(name + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + need
          + " bytes but " + (npy.length - dataOffset) + " follow the header");
    }
    return new NpyArray(arrayName, name, dtype, "True".equals(f.group(1)), shape, npy, dataOffset);
  }

  private static long[] parseShape(String text, String name) throws MalformedFileException {
    String[] parts = text.split(",");
    long[] dims = new long[parts.length];
    int n = 0;
    for (String p : parts) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.matches("\\d{1,18}") || n >= 64) {
        throw new MalformedFileException(name + ": bad shape (" + shorten(text) + "); expected up to 64"
            + " non-negative ints");
      }
      dims[n++] = Long.parseLong(t);
    }
    return Arrays.copyOf(dims, n);
  }

  private static long numel(long[] shape, String name) throws MalformedFileException {
    long n = 1;
    for (long d : shape) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new MalformedFileException(name + ": shape " + Arrays.toString(shape) + " overflows 64 bits");
      }
    }
    return n;
  }

  private static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  /** The array's name (its entry name without {@code .npy}). */
  public String name() {
    return name;
  }

  /** The NumPy type string, e.g. {@code <f4}. */
  public String dtype() {
    return dtype;
  }

  /** The shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d; // validated in parse()
    }
    return n;
  }

  /** Elements in C order as float32 (integers and bools converted). */
  public float[] floats() {
    float[] out = new float[length()];
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(order);
    long[] src = sourceOffsets();
    for (int i = 0; i < out.length; i++) {
      int at = dataOffset + (int) src[i] * itemSize;
      out[i] = kind == 'f' ? (float) floatAt(bb, at) : (float) longAt(bb, at);
    }
    return out;
  }

  /** Elements in C order as int64; refused for floating dtypes. */
  public long[] longs() {
    if (kind == 'f') {
      throw new IllegalStateException(source + ": longs() of a floating array (" + dtype + "); use floats()");
    }
    long[] out = new long[length()];
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(order);
    long[] src = sourceOffsets();
    for (int i = 0; i < out.length; i++) {
      out[i] = longAt(bb, dataOffset + (int) src[i] * itemSize);
    }
    return out;
  }

  /** A contiguous CPU tensor: float32 for floating dtypes, bool for {@code b1}, int64 for integers. */
  public Tensor toTensor() {
    if (kind == 'f') {
      return Tensors.fromFloats(floats(), shape);
    }
    long[] v = longs();
    if (kind == 'b') {
      byte[] b = new byte[v.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (v[i] != 0 ? 1 : 0);
      }
      return Tensors.fromBools(b, shape);
    }
    return Tensors.fromLongs(v, shape);
  }

  private double floatAt(ByteBuffer bb, int at) {
    return switch (itemSize) {
      case 2 -> Float16.halfToFloat(bb.getShort(at));
      case 4 -> bb.getFloat(at);
      default -> bb.getDouble(at);
    };
  }

  private long longAt(ByteBuffer bb, int at) {
    boolean unsigned = kind != 'i';
    return switch (itemSize) {
      case 1 -> unsigned ? bb.get(at) & 0xffL : bb.get(at);
      case 2 -> unsigned ? bb.getShort(at) & 0xffffL : bb.getShort(at);
      case 4 -> unsigned ? bb.getInt(at) & 0xffffffffL : bb.getInt(at);
      default -> bb.getLong(at);
    };
  }

  private int length() {
    long n = numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(source + ": " + n + " elements do not fit a Java array");
    }
    return (int) n;
  }

  /** For each C-order element, its element index in the data (identity unless Fortran order). */
  private long[] sourceOffsets() {
    int n = length();
    long[] out = new long[n];
    if (!fortranOrder || shape.length < 2) {
      for (int i = 0; i < n; i++) {
        out[i] = i;
      }
      return out;
    }
    long[] stride = new long[shape.length];
    long s = 1;
    for (int d = 0; d < shape.length; d++) {
      stride[d] = s;
      s *= shape[d];
    }
    long[] index = new long[shape.length];
    long offset = 0;
    for (int i = 0; i < n; i++) {
      out[i] = offset;
      for (int d = shape.length - 1; d >= 0; d--) {
        index[d]++;
        offset += stride[d];
        if (index[d] < shape[d]) {
          break;
        }
        offset -= stride[d] * shape[d];
        index[d] = 0;
      }
    }
    return out;
  }
}
