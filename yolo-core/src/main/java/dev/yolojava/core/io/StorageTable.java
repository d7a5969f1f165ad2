package dev.yolojava.core.io;

import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Collects the storages of a checkpoint being written: each added libtorch tensor is copied (on the CPU,
 * contiguous, optionally as float16) into a storage of its own under the next key {@code 0, 1, 2, ...}, as
 * {@code torch.save} numbers them, and described by a {@link TensorRef} for the pickle.
 */
final class StorageTable {
  private final Map<String, byte[]> storages = new LinkedHashMap<>();

  StorageTable() {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalStateException("writing checkpoints needs a little-endian machine; this one is "
          + ByteOrder.nativeOrder());
    }
  }

  /**
   * Adds a tensor. {@code half} converts floating tensors to float16 (integer ones, such as BatchNorm's
   * {@code num_batches_tracked}, keep their type, as {@code Module.half()} does). {@code parameter} pickles it as
   * an {@code nn.Parameter} (without requires_grad, as Ultralytics saves EMA and final models).
   */
  TensorRef add(Tensor tensor, boolean half, boolean parameter, String name) {
    if (tensor == null || !tensor.defined()) {
      throw new IllegalArgumentException("tensor " + name + " is undefined; expected a tensor to save");
    }
    StorageType type;
    long[] shape;
    byte[] bytes;
    try (PointerScope scope = new PointerScope()) {
      Tensor t = tensor.detach().cpu();
      if (half && t.is_floating_point()) {
        t = t.to(ScalarType.Half);
      }
      t = t.contiguous();
      type = storageType(t.scalar_type().intern(), name); // JavaCPP returns a non-canonical enum instance
      shape = new long[(int) t.dim()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.size(i);
      }
      bytes = new byte[Math.toIntExact(t.nbytes())];
      if (bytes.length > 0) {
        new BytePointer(t.data_ptr()).capacity(bytes.length).get(bytes);
      }
    }
    String key = Integer.toString(storages.size());
    storages.put(key, bytes);
    StorageRef storage = new StorageRef(key, type, "cpu", bytes.length / type.itemSize());
    TensorRef ref = describe(storage, shape, name);
    return parameter ? ref.asParameter(false) : ref;
  }

  private static TensorRef describe(StorageRef storage, long[] shape, String name) {
    long[] stride = new long[shape.length];
    long step = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      stride[i] = step;
      step *= Math.max(shape[i], 1);
    }
    try {
      return TensorRef.of(storage, 0, shape, stride, false, name);
    } catch (MalformedFileException e) {
      throw new IllegalStateException("contiguous view of " + name + " does not fit its own storage", e);
    }
  }

  private static StorageType storageType(ScalarType t, String name) {
    return switch (t) {
      case Float -> StorageType.FLOAT;
      case Half -> StorageType.HALF;
      case BFloat16 -> StorageType.BFLOAT16;
      case Double -> StorageType.DOUBLE;
      case Long -> StorageType.LONG;
      case Int -> StorageType.INT;
      case Byte -> StorageType.BYTE;
      case Bool -> StorageType.BOOL;
      default -> throw new IllegalArgumentException("tensor " + name + " has dtype " + t
          + "; expected float32/16, bfloat16, float64, int64, int32, uint8 or bool");
    };
  }

  /** The storage bytes by key, in the order they were added. */
  Map<String, byte[]> storages() {
    return storages;
  }
}
