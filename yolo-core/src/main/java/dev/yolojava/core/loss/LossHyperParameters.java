package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Training-loss hyper-parameters, with Ultralytics' names and defaults ({@code default.yaml}).
 *
 * @param box gain of the CIoU box term
 * @param cls gain of the BCE classification term
 * @param dfl gain of the distribution-focal (or, for {@code reg_max = 1}, L1 distance) term
 * @param pose gain of the pose tasks' keypoint location (OKS) term
 * @param kobj gain of the pose tasks' keypoint visibility (BCE) term
 * @param rle gain of the YOLO26 pose head's residual log-likelihood term
 * @param epochs training epochs; sets the end-to-end loss' one-to-many/one-to-one weight schedule
 * @param classWeights per-class factors of the BCE term ({@code cls_pw}'s inverse-frequency weights), or null for none
 */
public record LossHyperParameters(double box, double cls, double dfl, double pose, double kobj, double rle,
    int epochs, double[] classWeights) {
  private static final double POSE = 12.0;
  private static final double KOBJ = 1.0;
  private static final double RLE = 1.0;

  /** Detection gains; the pose gains take their defaults. */
  public LossHyperParameters(double box, double cls, double dfl, int epochs) {
    this(box, cls, dfl, epochs, null);
  }

  /** Detection gains with class weights; the pose gains take their defaults. */
  public LossHyperParameters(double box, double cls, double dfl, int epochs, double[] classWeights) {
    this(box, cls, dfl, POSE, KOBJ, RLE, epochs, classWeights);
  }

  public LossHyperParameters {
    classWeights = classWeights == null ? null : classWeights.clone();
    checkArgument(
        box >= 0 && cls >= 0 && dfl >= 0,
        "loss gains box=%s cls=%s dfl=%s, expected >= 0",
        box,
        cls,
        dfl);
    checkArgument(pose >= 0 && kobj >= 0 && rle >= 0, "loss gains pose=%s kobj=%s rle=%s, expected >= 0", pose,
        kobj, rle);
    checkArgument(epochs >= 1, "epochs is %s, expected >= 1", epochs);
  }

  /** These gains with per-class BCE weights (null: none), as Ultralytics' {@code model.class_weights}. */
  public LossHyperParameters withClassWeights(double[] weights) {
    return new LossHyperParameters(box, cls, dfl, pose, kobj, rle, epochs, weights);
  }

  /**
   * Ultralytics' {@code cls_pw} weights from per-class instance counts: {@code (1 / count) ^ pw} (a class without
   * instances counts as 1), scaled so that their mean is 1; null for {@code pw = 0} or no instances at all.
   */
  public static double[] classWeights(long[] counts, double pw) {
    checkArgument(pw >= 0 && pw <= 1, "cls_pw is %s, expected a value in [0, 1]", pw);
    if (pw == 0 || java.util.Arrays.stream(counts).allMatch(c -> c == 0)) {
      return null;
    }
    double[] w = new double[counts.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.pow(1.0 / Math.max(1, counts[i]), pw);
      sum += w[i];
    }
    double mean = sum / w.length;
    for (int i = 0; i < w.length; i++) {
      w[i] /= mean;
    }
    return w;
  }

  /** Ultralytics' defaults: box 7.5, cls 0.5, dfl 1.5, pose 12, kobj 1, rle 1, epochs 100. */
  public static LossHyperParameters defaults() {
    return new LossHyperParameters(7.5, 0.5, 1.5, 100);
  }

  /**
   * Takes {@code box}, {@code cls}, {@code dfl}, {@code pose}, {@code kobj}, {@code rle} and {@code epochs} from a
   * training-arguments map (e.g. a checkpoint's {@code train_args}), falling back to the defaults for absent keys.
   */
  public static LossHyperParameters fromArgs(Map<String, ?> args) {
    LossHyperParameters d = defaults();
    return new LossHyperParameters(
        number(args, "box", d.box()),
        number(args, "cls", d.cls()),
        number(args, "dfl", d.dfl()),
        number(args, "pose", d.pose()),
        number(args, "kobj", d.kobj()),
        number(args, "rle", d.rle()),
        (int) number(args, "epochs", d.epochs()),
        null);
  }

  private static double number(Map<String, ?> args, String key, double fallback) {
    Object v = args.get(key);
    if (v == null) {
      return fallback;
    }
    checkArgument(v instanceof Number, "training argument '%s' is %s, expected a number", key, v);
    return ((Number) v).doubleValue();
  }
}
