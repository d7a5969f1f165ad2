package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.ops.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * One contiguous gradient buffer that every parameter's {@code .grad} is a view of (with the parameter's own strides),
 * so the per-step gradient work (unscale, inf/NaN check, norm, clip, zeroing) is one tensor op each instead of one
 * per parameter: the optimizer step was launching thousands of tiny kernels. Autograd accumulates into a defined
 * {@code .grad} in place, so the views survive backward; {@link #zero} keeps them (PyTorch's
 * {@code zero_grad(set_to_none=False)}). Unlike set_to_none, a parameter that gets no gradient in a step still
 * sees a zero one, so the optimizer's momentum and decay touch it; every trainable parameter of the detection models
 * here receives a gradient every step. Parameters must share one device and dtype and be densely laid out.
 */
public final class FlatGrads implements AutoCloseable {
  private final Tensor flat;
  private final List<Tensor> params;
  private final long[] offsets; // where each parameter starts in the buffer
  private final List<Tensor> views = new ArrayList<>();

  private FlatGrads(Tensor flat, List<Tensor> params) {
    this.flat = flat;
    this.params = params;
    this.offsets = new long[params.size()];
    long off = 0;
    for (int i = 0; i < params.size(); i++) {
      offsets[i] = off;
      off += params.get(i).numel();
    }
  }

  /** Whether {@code params} qualify: one device and floating dtype, each densely laid out; false for an empty list. */
  public static boolean supports(List<Tensor> params) {
    return Tensors.denseAlike(params);
  }

  /** Allocates the buffer (zeros) and points every parameter's gradient at its slice. */
  public static FlatGrads attach(List<Tensor> params) {
    checkArgument(supports(params), "flat gradients need %s parameters of one device and dtype, densely laid out",
        params.size());
    long total = 0;
    for (Tensor p : params) {
      total += p.numel();
    }
    Tensor flat;
    try (PointerScope s = new PointerScope()) {
      Tensor first = params.get(0);
      flat = torch.zeros(new long[] {total}, new TensorOptions(first.scalar_type()).device(
          new org.bytedeco.pytorch.DeviceOptional(first.device())));
      flat.retainReference();
    }
    FlatGrads f = new FlatGrads(flat, List.copyOf(params));
    f.point();
    return f;
  }

  private void point() {
    views.forEach(Tensor::releaseReference);
    views.clear();
    try (NoGradGuard ng = new NoGradGuard(); PointerScope s = new PointerScope()) {
      for (int i = 0; i < params.size(); i++) {
        Tensor v = viewIn(flat, i);
        v.retainReference();
        views.add(v);
        params.get(i).mutable_grad().put(v);
      }
    }
  }

  /**
   * Parameter {@code i}'s slice of {@code buffer} (the gradient buffer or any tensor laid out like it), with the
   * parameter's shape and strides.
   */
  public Tensor viewIn(Tensor buffer, int i) {
    Tensor p = params.get(i);
    return buffer.narrow(0, offsets[i], p.numel()).as_strided(p.sizes(), p.strides());
  }

  /** Where parameter {@code i} (in the order given to {@link #attach}) starts in the buffer. */
  public long offset(int i) {
    return offsets[i];
  }

  /** The whole gradient buffer. */
  public Tensor flat() {
    return flat;
  }

  /** Zeroes every gradient in one op (autograd accumulates into the views in place, so they stay attached). */
  public void zero() {
    flat.zero_();
  }

  /** Whether every parameter's gradient is still its view of the buffer (nothing dropped or replaced it). */
  public boolean intact() {
    try (PointerScope s = new PointerScope()) {
      for (int i = 0; i < params.size(); i++) {
        Tensor g = params.get(i).grad();
        if (!g.defined() || g.data_ptr().address() != views.get(i).data_ptr().address()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Leaves every parameter without a gradient (as {@code zero_grad(set_to_none=True)}) and frees the buffer. */
  @Override
  public void close() {
    try (PointerScope s = new PointerScope()) {
      for (Tensor p : params) {
        p.mutable_grad().put(new Tensor());
      }
    }
    views.forEach(Tensor::releaseReference);
    views.clear();
    flat.releaseReference();
  }
}
