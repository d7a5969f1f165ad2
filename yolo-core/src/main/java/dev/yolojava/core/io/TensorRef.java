package dev.yolojava.core.io;

import java.util.Arrays;

/**
 * A tensor as a pickle describes it ({@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)}): a
 * strided view of a {@link StorageRef}. Holds no data; {@link Checkpoint#tensor} materialises it.
 */
public final class TensorRef {
  private final StorageRef storage;
  private final long offset;
  private final long[] size;
  private final long[] stride;
  private final boolean requiresGrad;
  private final boolean parameter;

  private TensorRef(StorageRef storage, long offset, long[] size, long[] stride, boolean requiresGrad,
      boolean parameter) {
    this.storage = storage;
    this.offset = offset;
    this.size = size;
    this.stride = stride;
    this.requiresGrad = requiresGrad;
    this.parameter = parameter;
  }

  /** Validates the view geometry: non-negative sizes/strides/offset, equal ranks, no overflow, inside numel. */
  static TensorRef of(StorageRef storage, long offset, long[] size, long[] stride, boolean requiresGrad,
      String source) throws MalformedFileException {
    String what = source + ": tensor on storage '" + storage.key() + "'";
    if (size.length != stride.length || size.length > 64) {
      throw new MalformedFileException(what + " has size " + Arrays.toString(size) + " and stride "
          + Arrays.toString(stride) + "; expected equal ranks of at most 64");
    }
    if (offset < 0) {
      throw new MalformedFileException(what + " has storage offset " + offset + "; expected >= 0");
    }
    for (int i = 0; i < size.length; i++) {
      if (size[i] < 0 || stride[i] < 0) {
        throw new MalformedFileException(what + " has size " + Arrays.toString(size) + " and stride "
            + Arrays.toString(stride) + "; expected non-negative values");
      }
    }
    TensorRef ref = new TensorRef(storage, offset, size, stride, requiresGrad, false);
    long span = ref.elementSpan();
    if (span > storage.numel()) {
      throw new MalformedFileException(what + " reaches element " + span + " but the storage declares "
          + storage.numel() + " elements");
    }
    return ref;
  }

  TensorRef asParameter(boolean requiresGrad) {
    return new TensorRef(storage, offset, size, stride, requiresGrad, true);
  }

  /** The storage this tensor views. */
  public StorageRef storage() {
    return storage;
  }

  /** Offset into the storage, in elements. */
  public long storageOffset() {
    return offset;
  }

  /** The shape (a copy). */
  public long[] shape() {
    return size.clone();
  }

  /** Strides in elements (a copy). */
  public long[] stride() {
    return stride.clone();
  }

  /** Whether the checkpoint marked it as requiring gradients. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Whether it was pickled as an {@code nn.Parameter}. */
  public boolean isParameter() {
    return parameter;
  }

  /** Number of elements (product of the shape). */
  public long numel() {
    long n = 1;
    for (long s : size) {
      n = saturatingMultiply(n, s);
    }
    return n;
  }

  /** One past the highest storage element the view touches (0 for an empty tensor); saturates at Long.MAX_VALUE. */
  long elementSpan() {
    if (numel() == 0) {
      return 0;
    }
    long last = offset;
    for (int i = 0; i < size.length; i++) {
      last = saturatingAdd(last, saturatingMultiply(size[i] - 1, stride[i]));
    }
    return saturatingAdd(last, 1);
  }

  /** Bytes of the storage the view needs, saturating. */
  long bytesNeeded() {
    return saturatingMultiply(elementSpan(), storage.type().itemSize());
  }

  private static long saturatingMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(size) + " " + storage.type().pythonName() + " '" + storage.key() + "'";
  }
}
