package dev.yolojava.core.engine;

import com.google.common.base.Preconditions;

/**
 * Counts consecutive non-finite (NaN/inf) steps when no GradScaler is active (fp32/CPU training): a non-finite loss
 * skips the step (no backward, no optimizer update), and so does a finite loss whose gradients are not (their norm,
 * read where they are clipped), since one NaN gradient makes the clipped norm NaN and the optimizer step would write
 * NaN into every weight. {@link #LIMIT} such steps in a row stop training, leaving {@code last.pt} and {@code best.pt}
 * from the last completed epoch untouched. Under AMP the GradScaler already skips these steps.
 */
public final class NonFiniteGuard {
  /** Consecutive non-finite losses that stop training. */
  public static final int LIMIT = 10;

  private final int limit;
  private int consecutive;
  private long skipped;

  public NonFiniteGuard() {
    this(LIMIT);
  }

  NonFiniteGuard(int limit) {
    Preconditions.checkArgument(limit >= 1, "limit is %s, expected >= 1", limit);
    this.limit = limit;
  }

  /**
   * Records one batch's loss; returns whether the step may proceed (the loss is finite).
   *
   * @throws NonFiniteLossException after {@code limit} non-finite losses in a row
   */
  public boolean accept(double loss, int epoch, int batch) {
    if (Double.isFinite(loss)) {
      consecutive = 0;
      return true;
    }
    skipped++;
    if (++consecutive >= limit) {
      throw new NonFiniteLossException(String.format(java.util.Locale.ROOT,
          "training stopped: the loss was %s for %d consecutive batches (epoch %d, batch %d); the optimizer step"
              + " was skipped each time and last.pt/best.pt hold the last completed epoch: lower lr0, check the"
              + " labels for NaN/inf, or try amp=False",
          loss, consecutive, epoch + 1, batch + 1));
    }
    return false;
  }

  /**
   * Records the norm of one optimizer step's gradients (the loss was finite); returns whether the step may proceed.
   *
   * @throws NonFiniteLossException after {@code limit} non-finite steps in a row
   */
  public boolean acceptGradients(double norm, int epoch, int batch) {
    if (Double.isFinite(norm)) {
      consecutive = 0;
      return true;
    }
    skipped++;
    if (++consecutive >= limit) {
      throw new NonFiniteLossException(String.format(java.util.Locale.ROOT,
          "training stopped: the gradients' norm was %s for %d consecutive steps (epoch %d, batch %d); the"
              + " optimizer step was skipped each time and last.pt/best.pt hold the last completed epoch: lower lr0,"
              + " or check the labels for degenerate boxes",
          norm, consecutive, epoch + 1, batch + 1));
    }
    return false;
  }

  /** Non-finite batches skipped so far. */
  public long skipped() {
    return skipped;
  }

  /** Thrown when non-finite losses persist. */
  public static final class NonFiniteLossException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonFiniteLossException(String message) {
      super(message);
    }
  }
}
