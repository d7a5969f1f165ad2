package dev.yolojava.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.pytorch.Tensor;

/**
 * Gathers a {@link TensorRef}'s strided view out of its storage bytes into a contiguous Java array, converting
 * floating types to float32 and integer types to int64. The caller has checked the view fits the bytes.
 */
final class StorageDecoder {
  private StorageDecoder() {}

  /** A contiguous CPU tensor: float32 for floating storages, bool for BoolStorage, int64 otherwise. */
  static Tensor toTensor(TensorRef ref, byte[] storage, ByteOrder order) {
    StorageType type = ref.storage().type();
    if (type.isFloating()) {
      return Tensors.fromFloats(floats(ref, storage, order), ref.shape());
    }
    long[] values = longs(ref, storage, order);
    if (type == StorageType.BOOL) {
      byte[] bools = new byte[values.length];
      for (int i = 0; i < bools.length; i++) {
        bools[i] = (byte) (values[i] != 0 ? 1 : 0);
      }
      return Tensors.fromBools(bools, ref.shape());
    }
    return Tensors.fromLongs(values, ref.shape());
  }

  /** Elements in C order as float32 (integers converted). */
  static float[] floats(TensorRef ref, byte[] storage, ByteOrder order) {
    ByteBuffer bb = ByteBuffer.wrap(storage).order(order);
    StorageType type = ref.storage().type();
    float[] out = new float[length(ref)];
    Walker w = new Walker(ref);
    for (int i = 0; i < out.length; i++) {
      int at = (int) w.offset * type.itemSize();
      out[i] = switch (type) {
        case FLOAT -> bb.getFloat(at);
        case HALF -> Float16.halfToFloat(bb.getShort(at));
        case BFLOAT16 -> Float16.bfloat16ToFloat(bb.getShort(at));
        case DOUBLE -> (float) bb.getDouble(at);
        default -> integer(bb, type, at);
      };
      w.next();
    }
    return out;
  }

  /** Elements in C order as int64; only for integer and bool storages. */
  static long[] longs(TensorRef ref, byte[] storage, ByteOrder order) {
    ByteBuffer bb = ByteBuffer.wrap(storage).order(order);
    StorageType type = ref.storage().type();
    if (type.isFloating()) {
      throw new IllegalArgumentException("longs() of a " + type.pythonName() + " tensor; use floats()");
    }
    long[] out = new long[length(ref)];
    Walker w = new Walker(ref);
    for (int i = 0; i < out.length; i++) {
      out[i] = integer(bb, type, (int) w.offset * type.itemSize());
      w.next();
    }
    return out;
  }

  private static long integer(ByteBuffer bb, StorageType type, int at) {
    return switch (type) {
      case LONG -> bb.getLong(at);
      case INT -> bb.getInt(at);
      case BYTE, BOOL -> bb.get(at) & 0xff; // torch ByteStorage is uint8
      default -> throw new IllegalArgumentException("not an integer storage: " + type);
    };
  }

  private static int length(TensorRef ref) {
    long n = ref.numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(ref + " has " + n + " elements; at most " + (Integer.MAX_VALUE - 8)
          + " fit a Java array");
    }
    return (int) n;
  }

  /** Steps a multi-index through the view in C order, tracking the storage element offset. */
  private static final class Walker {
    private final long[] size;
    private final long[] stride;
    private final long[] index;
    long offset;

    Walker(TensorRef ref) {
      size = ref.shape();
      stride = ref.stride();
      index = new long[size.length];
      offset = ref.storageOffset();
    }

    void next() {
      for (int d = size.length - 1; d >= 0; d--) {
        index[d]++;
        offset += stride[d];
        if (index[d] < size[d]) {
          return;
        }
        offset -= stride[d] * size[d];
        index[d] = 0;
      }
    }
  }
}
