package dev.yolojava.core.ops;

import java.util.Locale;
import java.util.Map;

/**
 * A measuring switch's named sections: the time between {@link #start} and successive {@link #mark}s summed per
 * section until {@link #drainJson} reports the mean per round as one JSON line. Off, every call is a no-op. Safe to
 * call from several threads (the sections of one round should come from one).
 */
public final class SectionProfile {
  private final boolean on;
  private final String event;
  private final String roundsKey;
  private final String msKey;
  private final PhaseClock clock; // guarded by this

  /**
   * @param waitForDevice wait for the GPU at every boundary (device time per section) or not (the thread's time)
   * @param event, roundsKey, msKey the JSON line's event name and the names of its round count and section map
   */
  public SectionProfile(boolean on, boolean waitForDevice, String event, String roundsKey, String msKey) {
    this.on = on;
    this.event = event;
    this.roundsKey = roundsKey;
    this.msKey = msKey;
    this.clock = new PhaseClock(waitForDevice);
  }

  /** Starts a round. */
  public void start() {
    if (on) { // checked before locking: off, per-step calls cost nothing
      synchronized (this) {
        clock.start();
      }
    }
  }

  /** Ends the section that ran since the previous boundary. */
  public void mark(String section) {
    if (on) {
      synchronized (this) {
        clock.mark(section);
      }
    }
  }

  /** The mean milliseconds per round of each section since the last call, as one JSON line (null when off). */
  public synchronized String drainJson() {
    if (!on) {
      return null;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "{\"event\":\"%s\",\"%s\":%d,\"%s\":{", event,
        roundsKey, clock.rounds(), msKey));
    boolean first = true;
    for (Map.Entry<String, Double> e : clock.drainMsPerRound().entrySet()) {
      sb.append(first ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.3f", e.getKey(), e.getValue()));
      first = false;
    }
    return sb.append("}}").toString();
  }
}
