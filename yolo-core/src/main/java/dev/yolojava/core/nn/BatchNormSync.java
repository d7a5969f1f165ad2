package dev.yolojava.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.FunctionPreHook;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Synchronised BatchNorm for data-parallel training (PyTorch's {@code SyncBatchNorm}): in training, every rank
 * normalises with the mean and variance of the whole global batch instead of its own share, so the ranks compute
 * what one rank with the global batch computes. Forward: each Conv's per-channel sums of {@code x} and {@code x^2}
 * and its element count are summed over the ranks (one all-reduce of {@code 2C + 1} numbers per BatchNorm). Backward:
 * the gradient reaching those sums is summed over the ranks too (a pre-hook on their autograd node), which brings in
 * the other ranks' outputs' dependence on this rank's inputs; then it flows to this rank's {@code x}. Every rank must
 * run the same forward and backward; the Java binding offers no custom autograd function, hence the hook.
 */
public final class BatchNormSync {
  /** An in-place sum of a tensor over all ranks, returning it. */
  @FunctionalInterface
  public interface SumOverRanks {
    Tensor apply(Tensor t);
  }

  private final SumOverRanks sum;
  // the hooks of the step in flight: referenced here until the next forward, as the native graph calls back into them
  private final List<FunctionPreHook> live = new ArrayList<>();

  public BatchNormSync(SumOverRanks sum) {
    this.sum = sum;
  }

  /** Called at the start of each training forward: the previous step's graph, and its hooks, are gone. */
  synchronized void newStep() {
    live.clear();
  }

  /**
   * Batch-normalises {@code x} ({@code (B, C, H, W)}) with the global batch's statistics and updates the running
   * statistics as BatchNorm does (momentum {@code momentum}, unbiased variance).
   */
  Tensor forward(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double eps,
      double momentum) {
    Tensor xf = x.to(torch.ScalarType.Float);
    long c = xf.size(1);
    long[] dims = {0, 2, 3};
    Tensor count = torch.full(new long[] {1}, new Scalar((double) (xf.numel() / c)),
        new org.bytedeco.pytorch.TensorOptions(torch.ScalarType.Float).device(
            new org.bytedeco.pytorch.DeviceOptional(xf.device())));
    Tensor local = torch.cat(new TensorVector(xf.sum(dims), xf.mul(xf).sum(dims), count));
    Tensor global = sum.apply(local.detach().clone());
    Tensor stats = local.add(global.sub(local).detach()); // the global values, with gradients to the local sums
    FunctionPreHook hook = new GradientSum(sum);
    hook.deallocate(false); // the autograd node owns the native hook from here
    synchronized (this) {
      live.add(hook);
    }
    stats.grad_fn().add_pre_hook(hook);
    Tensor n = stats.narrow(0, 2 * c, 1);
    Tensor mean = stats.narrow(0, 0, c).div(n);
    Tensor var = stats.narrow(0, c, c).div(n).sub(mean.mul(mean));
    try (org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
      Tensor total = global.narrow(0, 2 * c, 1); // on the device: no wait for it
      Tensor unbiased = var.detach().mul(total.div(total.sub(new Scalar(1)).clamp_min(new Scalar(1))));
      runningMean.mul_(new Scalar(1 - momentum)).add_(mean.detach().mul(new Scalar(momentum)));
      runningVar.mul_(new Scalar(1 - momentum)).add_(unbiased.mul(new Scalar(momentum)));
    }
    Tensor y = xf.sub(mean.view(1, c, 1, 1)).mul(var.add(new Scalar(eps)).rsqrt().view(1, c, 1, 1))
        .mul(weight.view(1, c, 1, 1)).add(bias.view(1, c, 1, 1));
    return y.to(x.scalar_type());
  }

  /** Sums the gradient arriving at the statistics over the ranks. */
  private static final class GradientSum extends FunctionPreHook {
    private final SumOverRanks sum;

    GradientSum(SumOverRanks sum) {
      this.sum = sum;
    }

    @Override
    public TensorVector apply(TensorVector grads) {
      TensorVector out = new TensorVector();
      for (long i = 0; i < grads.size(); i++) {
        Tensor g = grads.get(i);
        out.push_back(g.defined() ? sum.apply(g.clone()) : g);
      }
      return out;
    }
  }
}
