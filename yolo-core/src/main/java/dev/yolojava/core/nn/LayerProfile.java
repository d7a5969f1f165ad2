package dev.yolojava.core.nn;

import dev.yolojava.core.ops.PhaseClock;
import java.util.Locale;
import java.util.Map;

/**
 * With {@code -Dyolo.model.profile=true}: the time the calling thread spends in each layer of the model's forward
 * (and in the head), summed until drained, without waiting for the GPU: where a launch-bound forward spends its
 * launches. For measuring only; off, every call is a no-op.
 */
public final class LayerProfile {
  private static final boolean ON = Boolean.getBoolean("yolo.model.profile");
  private static final PhaseClock CLOCK = new PhaseClock(false); // guarded by the class

  private LayerProfile() {}

  static void start() {
    if (ON) {
      started();
    }
  }

  static void mark(Layer l) {
    if (ON) {
      marked(l.index() + " " + l.type());
    }
  }

  private static synchronized void started() {
    CLOCK.start();
  }

  private static synchronized void marked(String section) {
    CLOCK.mark(section);
  }

  /** One JSON line with the mean milliseconds per forward of each layer since the last call (null when off). */
  public static synchronized String drainJson() {
    if (!ON) {
      return null;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "{\"event\":\"layer_profile\",\"forwards\":%d,\"ms_per_forward\":{", CLOCK.rounds()));
    boolean first = true;
    for (Map.Entry<String, Double> e : CLOCK.drainMsPerRound().entrySet()) {
      sb.append(first ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.3f", e.getKey(), e.getValue()));
      first = false;
    }
    return sb.append("}}").toString();
  }
}
