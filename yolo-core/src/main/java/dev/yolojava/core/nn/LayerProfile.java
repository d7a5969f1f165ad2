package dev.yolojava.core.nn;

import dev.yolojava.core.ops.SectionProfile;

/**
 * With {@code -Dyolo.model.profile=true}: the time the calling thread spends in each layer of the model's forward
 * (and in the head), summed until drained, without waiting for the GPU: where a launch-bound forward spends its
 * launches. For measuring only; off, every call is a no-op.
 */
public final class LayerProfile {
  private static final boolean ON = Boolean.getBoolean("yolo.model.profile");
  private static final SectionProfile SECTIONS =
      new SectionProfile(ON, false, "layer_profile", "forwards", "ms_per_forward");

  private LayerProfile() {}

  static void start() {
    SECTIONS.start();
  }

  static void mark(Layer l) {
    if (ON) { // no section name built when off
      SECTIONS.mark(l.index() + " " + l.type());
    }
  }

  /** One JSON line with the mean milliseconds per forward of each layer since the last call (null when off). */
  public static String drainJson() {
    return SECTIONS.drainJson();
  }
}
