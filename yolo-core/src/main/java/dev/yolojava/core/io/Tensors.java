package dev.yolojava.core.io;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Copies decoded Java arrays into fresh, contiguous CPU libtorch tensors. Temporaries are released by a
 * {@link PointerScope}; the returned tensor holds an extra reference and belongs to the caller (close it when done).
 */
final class Tensors {
  static {
    // JavaCPP pointers need the native libraries, which only load with the first torch class otherwise
    Loader.load(torch.class);
  }

  private Tensors() {}

  static Tensor fromFloats(float[] values, long[] shape) {
    // a zero-length pointer may be null; from_blob never reads it for an empty tensor but must get an address
    return copy(values.length == 0 ? new FloatPointer(1) : new FloatPointer(values), shape, ScalarType.Float);
  }

  static Tensor fromLongs(long[] values, long[] shape) {
    return copy(values.length == 0 ? new LongPointer(1) : new LongPointer(values), shape, ScalarType.Long);
  }

  /** One byte per element, 0 or 1. */
  static Tensor fromBools(byte[] values, long[] shape) {
    return copy(values.length == 0 ? new BytePointer(1) : new BytePointer(values), shape, ScalarType.Bool);
  }

  private static Tensor copy(Pointer data, long[] shape, ScalarType type) {
    try (PointerScope scope = new PointerScope()) {
      scope.attach(data);
      Tensor t = torch.from_blob(data, shape, new TensorOptions(type)).clone();
      t.retainReference();
      return t;
    }
  }
}
