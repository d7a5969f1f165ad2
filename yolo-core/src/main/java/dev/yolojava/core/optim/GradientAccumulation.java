package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Ultralytics' gradient accumulation to the nominal batch size {@code nbs}: an optimizer step whenever
 * {@code ni - last_opt_step >= accumulate}, with {@code accumulate = max(round(nbs / batch), 1)} (warmup lowers it,
 * see {@link Warmup#accumulate}).
 */
public final class GradientAccumulation {
  private int accumulate;
  private long lastOptStep = -1;

  public GradientAccumulation(int nbs, int batch) {
    checkArgument(nbs > 0 && batch > 0, "nbs %s and batch %s must be > 0", nbs, batch);
    this.accumulate = nominal(nbs, batch);
  }

  /** {@code max(round(nbs / batch), 1)}, rounding halves to even as Python does. */
  public static int nominal(int nbs, int batch) {
    return Math.max((int) Math.rint((double) nbs / batch), 1);
  }

  /** {@code weight_decay * batch * accumulate / nbs}, Ultralytics' decay scaling. */
  public static double scaledWeightDecay(double weightDecay, int batch, int nbs) {
    return weightDecay * batch * nominal(nbs, batch) / nbs;
  }

  public int accumulate() {
    return accumulate;
  }

  public void setAccumulate(int accumulate) {
    checkArgument(accumulate >= 1, "accumulate is %s, expected >= 1", accumulate);
    this.accumulate = accumulate;
  }

  /** Whether to step the optimizer after iteration {@code ni}'s backward; records the step if so. */
  public boolean shouldStep(long ni) {
    if (ni - lastOptStep >= accumulate) {
      lastOptStep = ni;
      return true;
    }
    return false;
  }

  /** Forgets the last step (a fresh start, e.g. after rebuilding the loader). */
  public void reset() {
    lastOptStep = -1;
  }
}
