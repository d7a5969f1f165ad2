package dev.yolojava.core.loss;

import dev.yolojava.core.ops.PhaseClock;
import java.util.Locale;
import java.util.Map;

/**
 * With {@code -Dyolo.loss.profile=true}: the device time of each section of the loss (preprocessing, box decoding,
 * the assigner's stages, BCE, box/DFL terms), summed until drained, by waiting for the GPU at every section boundary
 * (so only for measuring; pair it with {@code -Dyolo.train.profile=sync}). Off, every call is a no-op.
 */
public final class LossProfile {
  private static final boolean ON = Boolean.getBoolean("yolo.loss.profile");
  private static final PhaseClock CLOCK = new PhaseClock(true); // guarded by the class

  private LossProfile() {}

  static void start() {
    if (ON) { // checked before locking: off, the loss's per-step calls cost nothing
      started();
    }
  }

  static void mark(String section) {
    if (ON) {
      marked(section);
    }
  }

  private static synchronized void started() {
    CLOCK.start();
  }

  private static synchronized void marked(String section) {
    CLOCK.mark(section);
  }

  /** One JSON line with the mean milliseconds per loss call of each section since the last call (null when off). */
  public static synchronized String drainJson() {
    if (!ON) {
      return null;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "{\"event\":\"loss_profile\",\"calls\":%d,\"ms_per_call\":{", CLOCK.rounds()));
    boolean first = true;
    for (Map.Entry<String, Double> e : CLOCK.drainMsPerRound().entrySet()) {
      sb.append(first ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.3f", e.getKey(), e.getValue()));
      first = false;
    }
    return sb.append("}}").toString();
  }
}
