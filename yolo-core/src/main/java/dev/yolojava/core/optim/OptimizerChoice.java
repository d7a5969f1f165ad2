package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The optimizer, lr and momentum Ultralytics actually uses. For {@code optimizer=auto} (8.4): MuSGD with lr 0.01 and
 * momentum 0.9 when training runs more than 10,000 optimizer iterations, else AdamW with the fitted
 * {@code lr = round(0.002 * 5 / (4 + nc), 6)} and momentum 0.9; auto also forces {@code warmup_bias_lr} to 0.
 *
 * @param type the optimizer
 * @param lr its initial learning rate
 * @param momentum its momentum (beta1 for the Adam family)
 * @param auto whether it was chosen by {@code auto}
 */
public record OptimizerChoice(OptimizerType type, double lr, double momentum, boolean auto) {
  /** Iteration count above which {@code auto} picks MuSGD. */
  public static final long AUTO_ITERATIONS = 10_000;

  /**
   * @param name {@code optimizer=} value (any case), {@code auto} included
   * @param lr0 configured {@code lr0} (ignored by auto)
   * @param momentum configured {@code momentum} (ignored by auto)
   * @param nc number of classes (auto's lr fit)
   * @param iterations optimizer iterations of the whole run, see {@link #iterations}
   */
  public static OptimizerChoice resolve(String name, double lr0, double momentum, int nc, long iterations) {
    checkArgument(name != null, "optimizer name is null");
    if (name.toLowerCase(Locale.ROOT).equals("auto")) {
      checkArgument(nc > 0, "optimizer=auto: nc is %s, expected > 0", nc);
      double lrFit = new BigDecimal(0.002 * 5 / (4 + nc)).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
      return iterations > AUTO_ITERATIONS
          ? new OptimizerChoice(OptimizerType.MUSGD, 0.01, 0.9, true)
          : new OptimizerChoice(OptimizerType.ADAMW, lrFit, 0.9, true);
    }
    return new OptimizerChoice(OptimizerType.parse(name), lr0, momentum, false);
  }

  /**
   * Ultralytics' iteration estimate for auto: {@code ceil(datasetSize / max(batch, nbs)) * epochs}.
   */
  public static long iterations(long datasetSize, int batch, int nbs, int epochs) {
    checkArgument(batch > 0 && nbs > 0, "batch %s and nbs %s must be > 0", batch, nbs);
    long per = Math.max(batch, nbs);
    return ((datasetSize + per - 1) / per) * epochs;
  }

  /** The warmup bias lr to use: 0 when chosen by auto ("no higher than 0.01 for Adam"), else the configured one. */
  public double warmupBiasLr(double configured) {
    return auto ? 0.0 : configured;
  }
}
