package dev.yolojava.core.cfg;

import java.util.Optional;
import java.util.OptionalDouble;

/** The val section of the configuration (split, thresholds, detection cap, JSON output). */
public interface ValSettings extends RunSettings {
  /** {@code split}: dataset split to validate (val). */
  default String split() {
    return (String) get("split");
  }

  /** {@code save_json}: write COCO JSON results (false). */
  default boolean saveJson() {
    return boolArg("save_json");
  }

  /** {@code conf}: confidence threshold if set (unset: 0.25 for predict, 0.001 for val). */
  default OptionalDouble conf() {
    return optionalDouble("conf");
  }

  /** {@code iou}: NMS IoU threshold (0.7). */
  default double iou() {
    return doubleArg("iou");
  }

  /** {@code max_det}: detections kept per image (300). */
  default int maxDet() {
    return intArg("max_det");
  }

  /** {@code overlap_mask}: segment ground truth as one index map per image, labels sorted by area (true). */
  default boolean overlapMask() {
    return boolArg("overlap_mask");
  }

  /** {@code mask_ratio}: segment ground-truth masks drawn at the input size over this (4). */
  default int maskRatio() {
    int r = intArg("mask_ratio");
    if (r < 1) {
      throw new IllegalArgumentException("mask_ratio=" + r + ", expected an integer >= 1");
    }
    return r;
  }

  /** {@code dnn}: OpenCV DNN for ONNX (false). */
  default boolean dnn() {
    return boolArg("dnn");
  }

  /** {@code end2end}: use the NMS-free head, if set (unset: the model's choice). */
  default Optional<Boolean> end2end() {
    return Optional.ofNullable((Boolean) get("end2end"));
  }
}
