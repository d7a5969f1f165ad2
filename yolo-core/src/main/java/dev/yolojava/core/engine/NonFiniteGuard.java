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
    return record(loss, epoch, batch, "the loss was %s for %d consecutive batches",
        "check the labels for NaN/inf, or try amp=False");
  }

  /**
   * Records the norm of one optimizer step's gradients (the loss was finite); returns whether the step may proceed.
   *
   * @throws NonFiniteLossException after {@code limit} non-finite steps in a row
   */
  public boolean acceptGradients(double norm, int epoch, int batch) {
    return record(norm, epoch, batch, "the gradients' norm was %s for %d consecutive steps",
        "or check the labels for degenerate boxes");
  }

  /** One streak for both checks: a finite value ends it, {@code limit} non-finite ones in a row stop training. */
  private boolean record(double value, int epoch, int batch, String what, String advice) {
    if (Double.isFinite(value)) {
      consecutive = 0;
      return true;
    }
    skipped++;
    if (++consecutive >= limit) {
      throw new NonFiniteLossException(String.format(java.util.Locale.ROOT, "training stopped: " + what
          + " (epoch %d, batch %d); the optimizer step was skipped each time and last.pt/best.pt hold the last"
          + " completed epoch: lower lr0, " + advice, value, consecutive, epoch + 1, batch + 1));
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
