package dev.yolojava.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Set;

/**
 * Post-processing thresholds, with Ultralytics' names: {@code conf}, {@code iou}, {@code max_det}, {@code classes},
 * {@code agnostic_nms}, and {@code multi_label} (validation uses several labels per box).
 *
 * @param conf keep candidates whose class score is strictly above this
 * @param iou suppress boxes whose IoU with a kept box of the same class is strictly above this
 * @param maxDet most detections kept per image
 * @param classes keep only these class ids; empty keeps all
 * @param agnostic suppress across classes
 * @param multiLabel one candidate per (box, class) above {@code conf} instead of the best class only
 */
public record NmsConfig(
    float conf, float iou, int maxDet, Set<Integer> classes, boolean agnostic, boolean multiLabel) {
  /** Ultralytics caps the boxes that enter NMS at this many, by confidence. */
  public static final int MAX_NMS = 30000;

  /** Class offset that separates classes for class-aware NMS, as Ultralytics' {@code max_wh}. */
  public static final float MAX_WH = 7680f;

  public NmsConfig {
    checkArgument(conf >= 0 && conf <= 1, "conf is %s, expected a value in [0, 1]", conf);
    checkArgument(iou >= 0 && iou <= 1, "iou is %s, expected a value in [0, 1]", iou);
    checkArgument(maxDet > 0, "max_det is %s, expected > 0", maxDet);
    classes = Set.copyOf(classes);
  }

  /** Ultralytics' predict defaults: conf 0.25, iou 0.7, max_det 300. */
  public static NmsConfig predictDefaults() {
    return new NmsConfig(0.25f, 0.7f, 300, Set.of(), false, false);
  }

  /** Ultralytics' validation defaults: conf 0.001, iou 0.7, max_det 300, multi-label. */
  public static NmsConfig valDefaults() {
    return new NmsConfig(0.001f, 0.7f, 300, Set.of(), false, true);
  }
}
