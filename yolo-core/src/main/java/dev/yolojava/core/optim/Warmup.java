package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Ultralytics' warmup over the first {@code nw = max(round(warmup_epochs * nb), 100)} iterations (none when
 * {@code warmup_epochs <= 0}): for iteration {@code ni <= nw}, linear interpolation ({@code np.interp} over
 * {@code [0, nw]}) of every group's lr from 0 (biases: from {@code warmup_bias_lr}) to {@code initial_lr * lf(epoch)},
 * of momentum from {@code warmup_momentum} to {@code momentum} (only optimizers whose groups have momentum), and of
 * gradient accumulation from 1 to {@code nbs / batch}.
 */
public final class Warmup {
  private final long iterations;
  private final double biasLr;
  private final double startMomentum;
  private final double momentum;
  private final double nominalAccumulate;

  /**
   * @param iterations {@code nw}, or -1 for no warmup
   * @param warmupBiasLr bias lr at iteration 0 ({@link OptimizerChoice#warmupBiasLr} gives 0 under auto)
   * @param warmupMomentum momentum at iteration 0
   * @param momentum the configured {@code momentum} reached at {@code nw} (Ultralytics uses the configured value here
   *     even when auto built the optimizer with 0.9)
   * @param nbs nominal batch size
   * @param batch batch size
   */
  public Warmup(long iterations, double warmupBiasLr, double warmupMomentum, double momentum, int nbs, int batch) {
    checkArgument(iterations == -1 || iterations > 0, "warmup iterations is %s, expected > 0 or -1", iterations);
    checkArgument(nbs > 0 && batch > 0, "nbs %s and batch %s must be > 0", nbs, batch);
    this.iterations = iterations;
    this.biasLr = warmupBiasLr;
    this.startMomentum = warmupMomentum;
    this.momentum = momentum;
    this.nominalAccumulate = (double) nbs / batch;
  }

  /** {@code nw} from warmup epochs and batches per epoch: {@code max(round(epochs * nb), 100)}, -1 for none. */
  public static long iterations(double warmupEpochs, int batchesPerEpoch) {
    checkArgument(batchesPerEpoch > 0, "batches per epoch is %s, expected > 0", batchesPerEpoch);
    return warmupEpochs > 0 ? Math.max((long) Math.rint(warmupEpochs * batchesPerEpoch), 100) : -1;
  }

  public long iterations() {
    return iterations;
  }

  /** Whether iteration {@code ni} (counted from the start of training) is in warmup. */
  public boolean active(long ni) {
    return ni <= iterations;
  }

  /** Gradient accumulation at {@code ni}: {@code max(1, round(interp(ni, [0, nw], [1, nbs / batch])))}. */
  public int accumulate(long ni) {
    return Math.max(1, (int) Math.rint(interp(ni, 1, nominalAccumulate)));
  }

  /**
   * Sets lr and momentum of every group for warmup iteration {@code ni}.
   *
   * @param lf the epoch's schedule factor, {@link LrSchedule#factor}
   */
  public void apply(long ni, double lf, TrainOptimizer optimizer) {
    checkArgument(active(ni), "iteration %s is past the %s warmup iterations", ni, iterations);
    for (ParamGroup g : optimizer.groups()) {
      double start = g.role() == ParamRole.BIAS ? biasLr : 0.0;
      g.setLr(interp(ni, start, g.initialLr() * lf));
      if (optimizer.type().hasMomentum()) {
        g.setMomentum(interp(ni, startMomentum, momentum));
      }
    }
  }

  /** {@code np.interp(x, [0, nw], [y0, y1])}, including its clamping and exact end points. */
  double interp(double x, double y0, double y1) {
    if (x <= 0) {
      return y0;
    }
    if (x >= iterations) {
      return y1;
    }
    double slope = (y1 - y0) / iterations;
    return slope * x + y0;
  }
}
