package dev.yolojava.core.loss;

import dev.yolojava.core.ops.Scopes;
import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectOutput;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.cuda.CUDAGuard;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.cuda.CUDAStreamGuard;
import org.bytedeco.pytorch.global.torch_cuda;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics 8.4.90 {@code E2ELoss} for end-to-end (NMS-free, YOLO26) heads: the v8 loss on the
 * one-to-many branch (assigner top-10) and on the one-to-one branch (assigner top-7, then one
 * anchor per box), summed with weights {@code o2m} and {@code o2o = 1 - o2m}. {@code o2m} starts at
 * 0.8 and decays linearly to 0.1 over the training epochs ({@link #updateEpoch()}). The logged
 * items are the one-to-one branch's.
 *
 * <p>On CUDA the two branches are computed on two threads at once (same device and stream, so the same kernels
 * in the same order per branch): the loss is a few hundred small ops per branch, and launching them, not running
 * them, is its cost. {@code -Dyolo.loss.parallelBranches=false} computes them one after the other.
 */
public final class E2EDetectionLoss implements DetectionLoss {
  private static final double INITIAL_O2M = 0.8;
  private static final double FINAL_O2M = 0.1;
  private static final double TOTAL = 1.0;

  private static final boolean PARALLEL =
      Boolean.parseBoolean(System.getProperty("yolo.loss.parallelBranches", "true"));
  /** Threads for the second branch: made on demand, gone after a minute idle. */
  private static final ExecutorService BRANCHES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loss-branch");
    t.setDaemon(true);
    return t;
  });

  private final V8DetectionLoss oneToMany;
  private final V8DetectionLoss oneToOne;
  private final int epochs;
  private int updates;
  private boolean parallelOnCpu; // tests: the threaded path without a GPU
  private double o2m = INITIAL_O2M;
  private double o2o = TOTAL - INITIAL_O2M;

  public E2EDetectionLoss(HeadSpec head, LossHyperParameters hyp) {
    this.oneToMany = new V8DetectionLoss(head, hyp, 10, 10);
    this.oneToOne = new V8DetectionLoss(head, hyp, 7, 1);
    this.epochs = hyp.epochs();
  }

  @Override
  public LossResult compute(DetectOutput preds, Targets targets) {
    checkArgument(
        preds.oneToMany() != null && preds.oneToOne() != null,
        "end-to-end loss needs both head branches, got one-to-many %s and one-to-one %s",
        preds.oneToMany() != null ? "present" : "absent",
        preds.oneToOne() != null ? "present" : "absent");
    LossResult r;
    try (PointerScope scope = new PointerScope()) {
      Tensor probe = preds.oneToOne().boxes();
      Callable<LossResult> oneBranch = () -> oneToOne.compute(preds.oneToOne(), targets);
      Future<LossResult> second = !PARALLEL || LossProfile.enabled() ? null
          : probe.is_cuda() ? BRANCHES.submit(onCallersStream(probe.device().index(), oneBranch))
          : parallelOnCpu ? BRANCHES.submit(handedOver(oneBranch)) : null;
      LossResult many = oneToMany.compute(preds.oneToMany(), targets);
      LossResult one = second != null ? adopt(scope, await(second)) : oneToOne.compute(preds.oneToOne(), targets);
      Tensor loss = many.loss().mul(new Scalar(o2m)).add(one.loss().mul(new Scalar(o2o)));
      loss.retainReference();
      one.items().retainReference();
      r = new LossResult(loss, one.items());
    }
    return new LossResult(Scopes.handOver(r.loss()), Scopes.handOver(r.items()));
  }

  /**
   * {@code branch} for another thread: on this thread's device and current stream, its tensors handed over with a
   * reference each (see {@link #adopt}).
   */
  private static Callable<LossResult> onCallersStream(byte device, Callable<LossResult> branch) {
    CUDAStream stream = torch_cuda.getCurrentCUDAStream(device);
    Callable<LossResult> inner = handedOver(branch);
    return () -> {
      try (CUDAGuard g = new CUDAGuard(device);
          CUDAStreamGuard sg = new CUDAStreamGuard(stream.unwrap())) {
        return inner.call();
      }
    };
  }

  /** {@code branch} in a scope of its own, its result's tensors with a reference each for the caller. */
  private static Callable<LossResult> handedOver(Callable<LossResult> branch) {
    return () -> {
      try (PointerScope s = new PointerScope()) {
        LossResult r = branch.call();
        r.loss().retainReference();
        r.items().retainReference();
        return r;
      }
    };
  }

  /** Computes the branches on two threads on the CPU too (they always are on CUDA): for tests. */
  E2EDetectionLoss parallelOnCpu() {
    this.parallelOnCpu = true;
    return this;
  }

  private static LossResult await(Future<LossResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing the one-to-one loss", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("one-to-one loss failed", c);
    }
  }

  /** Moves the references another thread handed over into {@code scope}. */
  private static LossResult adopt(PointerScope scope, LossResult r) {
    scope.attach(r.loss());
    r.loss().releaseReference();
    scope.attach(r.items());
    r.items().releaseReference();
    return r;
  }

  /** Ultralytics' {@code E2ELoss.update()}, called by the trainer at the end of each epoch. */
  @Override
  public void updateEpoch() {
    updates++;
    o2m = decay(updates);
    o2o = Math.max(TOTAL - o2m, 0);
  }

  /**
   * Restores the schedule when resuming training at {@code startEpoch} (0-based), as Ultralytics'
   * trainer does ({@code updates = start_epoch - 1; update()}).
   */
  public void resume(int startEpoch) {
    checkArgument(startEpoch >= 0, "startEpoch is %s, expected >= 0", startEpoch);
    updates = startEpoch - 1;
    updateEpoch();
  }

  private double decay(int x) {
    return Math.max(1 - (double) x / Math.max(epochs - 1, 1), 0) * (INITIAL_O2M - FINAL_O2M)
        + FINAL_O2M;
  }

  /** Current weight of the one-to-many branch. */
  public double oneToManyWeight() {
    return o2m;
  }

  /** Current weight of the one-to-one branch. */
  public double oneToOneWeight() {
    return o2o;
  }

  /** Epoch-end updates applied so far. */
  public int updates() {
    return updates;
  }
}
