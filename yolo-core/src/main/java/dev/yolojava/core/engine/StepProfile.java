package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.ops.PhaseClock;
import java.util.Locale;
import java.util.Map;

/**
 * The training step's time per phase (data wait, forward, loss, backward, optimizer, EMA), switched on with
 * {@code -Dyolo.train.profile=sync|cpu}. {@code sync} waits for the GPU at every phase boundary, so each phase gets
 * its device time (and the run slows down); {@code cpu} does not wait, so each phase gets the time the training
 * thread spends launching it (plus any wait the phase itself forces). Off, every call is a no-op.
 */
final class StepProfile {
  enum Mode {
    OFF,
    SYNC,
    CPU
  }

  private final Mode mode;
  private final PhaseClock clock;

  StepProfile(Mode mode, boolean cuda) {
    this.mode = mode;
    this.clock = new PhaseClock(mode == Mode.SYNC && cuda);
  }

  static StepProfile fromSystemProperty(boolean cuda) {
    String v = System.getProperty("yolo.train.profile", "off").toLowerCase(Locale.ROOT);
    checkArgument(v.equals("off") || v.equals("sync") || v.equals("cpu"),
        "yolo.train.profile is '%s', expected off, sync or cpu", v);
    return new StepProfile(Mode.valueOf(v.toUpperCase(Locale.ROOT)), cuda);
  }

  boolean enabled() {
    return mode != Mode.OFF;
  }

  /** Starts timing a step (the time before it, e.g. callbacks, is not counted). */
  void start() {
    if (mode != Mode.OFF) {
      clock.start();
    }
  }

  /** Ends the phase that ran since the previous mark. */
  void mark(String phase) {
    if (mode != Mode.OFF) {
      clock.mark(phase);
    }
  }

  /** One JSON line with the mean milliseconds per step of each phase since the last call, then resets. */
  String drainJson(int epoch) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "{\"event\":\"step_profile\",\"mode\":\"%s\",\"epoch\":%d,\"steps\":%d,\"ms_per_step\":{",
        mode.name().toLowerCase(Locale.ROOT), epoch, clock.rounds()));
    double total = 0;
    boolean first = true;
    for (Map.Entry<String, Double> e : clock.drainMsPerRound().entrySet()) {
      total += e.getValue();
      sb.append(first ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.3f", e.getKey(), e.getValue()));
      first = false;
    }
    sb.append(String.format(Locale.ROOT, "},\"total_ms\":%.3f}", total));
    return sb.toString();
  }
}
