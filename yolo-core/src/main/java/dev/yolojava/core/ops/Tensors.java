package dev.yolojava.core.ops;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Small bridges between libtorch tensors and Java arrays. */
public final class Tensors {
  private Tensors() {}

  /** Copies any tensor (any device, any floating dtype) to a Java float array in row-major order. */
  public static float[] toFloatArray(Tensor t) {
    Tensor c = t.to(torch.ScalarType.Float).cpu().contiguous();
    long n = c.numel();
    float[] out = new float[Math.toIntExact(n)];
    if (n > 0) {
      new FloatPointer(c.data_ptr()).get(out);
    }
    return out;
  }

  /** A new CPU float32 tensor of the given shape holding a copy of {@code data}. */
  public static Tensor fromFloats(float[] data, long... shape) {
    Tensor t = torch.empty(shape);
    if (data.length > 0) {
      new FloatPointer(t.data_ptr()).put(data);
    }
    return t;
  }

  /**
   * A 1-D tensor of {@code values} with {@code like}'s dtype and device, written by fill kernels: unlike a copy
   * from host memory, this never makes the host wait for the device.
   */
  public static Tensor constant(Tensor like, float... values) {
    Tensor t = torch.empty(new long[] {values.length}, like.options(),
        new org.bytedeco.pytorch.MemoryFormatOptional());
    for (int i = 0; i < values.length; i++) {
      t.narrow(0, i, 1).fill_(new org.bytedeco.pytorch.Scalar(values[i]));
    }
    return t;
  }

  /**
   * Whether the tensors can share one flat buffer: all of one floating dtype and device, each densely laid out (any
   * strides); false for an empty list.
   */
  public static boolean denseAlike(java.util.List<Tensor> ts) {
    if (ts.isEmpty()) {
      return false;
    }
    Tensor first = ts.get(0);
    for (Tensor t : ts) {
      if (!t.is_floating_point() || t.scalar_type().intern() != first.scalar_type().intern()
          || !t.device().str().getString().equals(first.device().str().getString())
          || !t.is_non_overlapping_and_dense()) {
        return false;
      }
    }
    return true;
  }

  /** The tensor's shape as a Java array. */
  public static long[] shape(Tensor t) {
    return t.sizes().vec().get();
  }
}
