package dev.yolojava.core.loss;

import dev.yolojava.core.ops.SectionProfile;

/**
 * With {@code -Dyolo.loss.profile=true}: the device time of each section of the loss (preprocessing, box decoding,
 * the assigner's stages, BCE, box/DFL terms), summed until drained, by waiting for the GPU at every section boundary
 * (so only for measuring; pair it with {@code -Dyolo.train.profile=sync}). Off, every call is a no-op.
 */
public final class LossProfile {
  private static final SectionProfile SECTIONS =
      new SectionProfile(Boolean.getBoolean("yolo.loss.profile"), true, "loss_profile", "calls", "ms_per_call");

  private LossProfile() {}

  static void start() {
    SECTIONS.start();
  }

  static void mark(String section) {
    SECTIONS.mark(section);
  }

  /** One JSON line with the mean milliseconds per loss call of each section since the last call (null when off). */
  public static String drainJson() {
    return SECTIONS.drainJson();
  }
}
