package dev.yolojava.core.parallel;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;

/**
 * Averages parameter gradients over all ranks after backward, as DDP does: the parameters are packed, in reverse
 * order (the order backward produces their gradients), into buckets of at most {@code bucketBytes}; each bucket is
 * flattened into one contiguous tensor and all-reduced asynchronously, so bucket k's transfer overlaps the packing
 * of bucket k+1; then each bucket is divided by the world size and copied back into the gradients. A parameter
 * without a gradient contributes zeros, so every rank reduces the same layout.
 */
public final class GradientReducer {

  /** DDP's default bucket cap, 25 MiB. */
  public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

  private final DistGroup group;
  private final List<List<Tensor>> buckets = new ArrayList<>();

  /**
   * @param group       the process group
   * @param params      parameters, in the same order on every rank (frozen ones, without requires_grad, are skipped)
   * @param bucketBytes cap of one bucket in bytes (a larger single parameter gets a bucket of its own)
   */
  public GradientReducer(DistGroup group, List<Tensor> params, long bucketBytes) {
    checkArgument(bucketBytes > 0, "bucketBytes is %s, expected > 0", bucketBytes);
    this.group = group;
    List<Tensor> current = new ArrayList<>();
    long bytes = 0;
    for (int i = params.size() - 1; i >= 0; i--) {
      Tensor p = params.get(i);
      if (!p.requires_grad()) {
        continue; // frozen: must keep "no gradient", or weight decay would move it
      }
      long size = p.numel() * p.element_size();
      if (!current.isEmpty() && bytes + size > bucketBytes) {
        buckets.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(p);
      bytes += size;
    }
    if (!current.isEmpty()) {
      buckets.add(current);
    }
  }

  /** Number of buckets the parameters were packed into. */
  public int numBuckets() {
    return buckets.size();
  }

  /** Replaces every parameter's gradient with its mean over all ranks (losses that are means over the batch). */
  public void averageGradients() {
    reduce(group.worldSize());
  }

  /**
   * Replaces every parameter's gradient with its sum over all ranks: for losses that scale with the local batch
   * (Ultralytics multiplies the loss by the batch size, and by the world size under DDP), the sum is the gradient
   * of one process on the global batch.
   */
  public void sumGradients() {
    reduce(1);
  }

  private void reduce(int divisor) {
    try (PointerScope scope = new PointerScope()) {
      List<Tensor> flats = new ArrayList<>(buckets.size());
      List<Work> works = new ArrayList<>(buckets.size());
      for (List<Tensor> bucket : buckets) {
        TensorVector pieces = new TensorVector();
        for (Tensor p : bucket) {
          Tensor g = p.grad();
          pieces.push_back(g.defined() ? g.detach().reshape(-1) : torch.zeros_like(p.detach()).reshape(-1));
        }
        Tensor flat = torch.cat(pieces);
        flats.add(flat);
        works.add(group.allReduceSumAsync(flat));
      }
      for (int b = 0; b < buckets.size(); b++) {
        group.await(works.get(b), "gradient all-reduce of bucket " + b);
        Tensor flat = divisor == 1 ? flats.get(b) : flats.get(b).div_(new org.bytedeco.pytorch.Scalar((double) divisor));
        long offset = 0;
        for (Tensor p : buckets.get(b)) {
          long n = p.numel();
          Tensor mean = flat.narrow(0, offset, n).view(p.sizes().vec().get());
          if (p.grad().defined()) {
            p.mutable_grad().copy_(mean);
          } else {
            p.mutable_grad().put(mean.clone());
          }
          offset += n;
        }
      }
    }
  }

  /** Copies rank 0's values of {@code tensors} (parameters and buffers) to every rank, as DDP does at start. */
  public static void broadcastFromRank0(DistGroup group, List<Tensor> tensors) {
    try (PointerScope scope = new PointerScope()) {
      List<Tensor> detached = new ArrayList<>(tensors.size());
      for (Tensor t : tensors) {
        detached.add(t.detach());
      }
      try (var guard = new org.bytedeco.pytorch.NoGradGuard()) {
        group.broadcast(detached, 0);
      }
    }
  }
}
