package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Ultralytics' per-epoch lr factor {@code lf(epoch)}, applied like PyTorch's {@code LambdaLR} at the start of each
 * epoch: {@code lr = initial_lr * lf(epoch)}. Linear: {@code max(1 - x / epochs, 0) * (1 - lrf) + lrf}; cosine
 * ({@code cos_lr}, {@code one_cycle(1, lrf, epochs)}): {@code max((1 - cos(x * pi / epochs)) / 2, 0) * (lrf - 1) + 1}.
 */
public final class LrSchedule {
  private final boolean cosine;
  private final int epochs;
  private final double lrf;

  private LrSchedule(boolean cosine, int epochs, double lrf) {
    checkArgument(epochs > 0, "lr schedule: epochs is %s, expected > 0", epochs);
    checkArgument(lrf >= 0, "lr schedule: lrf is %s, expected >= 0", lrf);
    this.cosine = cosine;
    this.epochs = epochs;
    this.lrf = lrf;
  }

  public static LrSchedule linear(int epochs, double lrf) {
    return new LrSchedule(false, epochs, lrf);
  }

  public static LrSchedule cosine(int epochs, double lrf) {
    return new LrSchedule(true, epochs, lrf);
  }

  /** {@code cos_lr ? cosine : linear}. */
  public static LrSchedule of(boolean cosLr, int epochs, double lrf) {
    return new LrSchedule(cosLr, epochs, lrf);
  }

  /** {@code lf(epoch)}. */
  public double factor(int epoch) {
    if (cosine) {
      return Math.max((1 - Math.cos(epoch * Math.PI / epochs)) / 2, 0) * (lrf - 1.0) + 1.0;
    }
    return Math.max(1 - (double) epoch / epochs, 0) * (1.0 - lrf) + lrf;
  }

  /** The scheduler step at the start of {@code epoch}: every group's lr becomes its initial lr times the factor. */
  public void apply(int epoch, List<ParamGroup> groups) {
    double f = factor(epoch);
    groups.forEach(g -> g.setLr(g.initialLr() * f));
  }
}
