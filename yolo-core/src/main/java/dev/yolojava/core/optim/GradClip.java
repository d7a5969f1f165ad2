package dev.yolojava.core.optim;

import dev.yolojava.runtime.Scopes;
import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * {@code torch.nn.utils.clip_grad_norm_} (L2): the total norm is the norm of the per-gradient norms, every gradient is
 * multiplied by {@code min(max_norm / (total + 1e-6), 1)}. Everything stays on the device (no host sync).
 */
public final class GradClip {
  /** Ultralytics clips at 10. */
  public static final double ULTRALYTICS_MAX_NORM = 10.0;

  private GradClip() {}

  /**
   * Clips the gradients of {@code params} in place.
   *
   * @return the total norm before clipping, a 0-d tensor attached to the caller's {@code PointerScope} (0 when no
   *     parameter has a gradient)
   */
  public static Tensor clipGradNorm(List<Tensor> params, double maxNorm) {
    checkArgument(maxNorm > 0, "max_norm is %s, expected > 0", maxNorm);
    Tensor total;
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      List<Tensor> grads = new ArrayList<>();
      for (Tensor p : params) {
        Tensor g = p.grad();
        if (g.defined()) {
          grads.add(g);
        }
      }
      if (grads.isEmpty()) {
        total = torch.scalar_tensor(new Scalar(0.0));
      } else {
        List<Tensor> norms = new ArrayList<>(grads.size());
        grads.forEach(g -> norms.add(g.norm()));
        total = torch.stack(new TensorVector(norms.toArray(new Tensor[0]))).norm();
        Tensor coef = coefficient(total, maxNorm);
        grads.forEach(g -> g.mul_(coef));
      }
      total.retainReference();
    }
    return Scopes.handOver(total);
  }

  /** PyTorch's {@code clip_grad_norm_} factor: {@code min(1, maxNorm / (total + 1e-6))}. */
  private static Tensor coefficient(Tensor total, double maxNorm) {
    return total.add(new Scalar(1e-6)).reciprocal().mul(new Scalar(maxNorm)).clamp_max(new Scalar(1.0));
  }

  /** As {@link #clipGradNorm(List, double)} over gradients that all live in {@code grads}: a handful of ops. */
  public static Tensor clipGradNorm(FlatGrads grads, double maxNorm) {
    checkArgument(maxNorm > 0, "max_norm is %s, expected > 0", maxNorm);
    Tensor total;
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      total = grads.flat().norm();
      grads.flat().mul_(coefficient(total, maxNorm));
      total.retainReference();
    }
    return Scopes.handOver(total);
  }
}
