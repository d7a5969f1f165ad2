package dev.yolojava.core.loss;

import dev.yolojava.cuda.Cuda;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * With {@code -Dyolo.loss.profile=true}: the device time of each section of the loss (preprocessing, box decoding,
 * the assigner's stages, BCE, box/DFL terms), summed until drained, by waiting for the GPU at every section boundary
 * (so only for measuring; pair it with {@code -Dyolo.train.profile=sync}). Off, every call is a no-op.
 */
public final class LossProfile {
  private static final boolean ON = Boolean.getBoolean("yolo.loss.profile");
  private static final Map<String, Long> NANOS = new LinkedHashMap<>();
  private static long last;
  private static int calls;

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
    Cuda.synchronize();
    last = System.nanoTime();
    calls++;
  }

  private static synchronized void marked(String section) {
    Cuda.synchronize();
    long now = System.nanoTime();
    NANOS.merge(section, now - last, Long::sum);
    last = now;
  }

  /** One JSON line with the mean milliseconds per loss call of each section since the last call (null when off). */
  public static synchronized String drainJson() {
    if (!ON) {
      return null;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "{\"event\":\"loss_profile\",\"calls\":%d,\"ms_per_call\":{", calls));
    boolean first = true;
    for (Map.Entry<String, Long> e : NANOS.entrySet()) {
      sb.append(first ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.3f", e.getKey(),
          e.getValue() / 1e6 / Math.max(1, calls)));
      first = false;
    }
    NANOS.clear();
    calls = 0;
    return sb.append("}}").toString();
  }
}
