package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Locale;

/** The optimizers Ultralytics' {@code build_optimizer} accepts (except {@code auto}, see {@link OptimizerChoice}). */
public enum OptimizerType {
  SGD("SGD", "SGD", true),
  MUSGD("MuSGD", "MuSGD", true),
  ADAM("Adam", "Adam", false),
  ADAMAX("Adamax", "Adamax", false),
  ADAMW("AdamW", "AdamW", false),
  NADAM("NAdam", "NAdam", false),
  RADAM("RAdam", "RAdam", false),
  RMSPROP("RMSProp", "RMSprop", true);

  /** Adam-family second-moment decay; Ultralytics builds them with {@code betas=(momentum, 0.999)}. */
  public static final double ADAM_BETA2 = 0.999;

  private final String argName;
  private final String className;
  private final boolean momentumKey;

  OptimizerType(String argName, String className, boolean momentumKey) {
    this.argName = argName;
    this.className = className;
    this.momentumKey = momentumKey;
  }

  /** The name as written in {@code optimizer=...}: {@code SGD}, {@code MuSGD}, {@code RMSProp}, ... */
  public String argName() {
    return argName;
  }

  /** The PyTorch class name Ultralytics logs ({@code RMSprop} for {@code RMSProp}). */
  public String className() {
    return className;
  }

  /**
   * Whether the optimizer's parameter groups carry a {@code momentum} entry (SGD, MuSGD, RMSProp). Warmup ramps
   * momentum only for these; the Adam family keeps {@code beta1} fixed.
   */
  public boolean hasMomentum() {
    return momentumKey;
  }

  /** Case-insensitive lookup of an {@code optimizer=} value other than {@code auto}. */
  public static OptimizerType parse(String name) {
    checkArgument(name != null, "optimizer name is null, expected one of %s or auto", names());
    for (OptimizerType t : values()) {
      if (t.argName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "optimizer '" + name + "' not found, expected one of " + names() + " or auto");
  }

  private static String names() {
    return Arrays.toString(Arrays.stream(values()).map(OptimizerType::argName).toArray());
  }
}
