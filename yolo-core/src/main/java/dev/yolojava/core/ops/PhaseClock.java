package dev.yolojava.core.ops;

import dev.yolojava.cuda.Cuda;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time per named phase between {@link #start} and successive {@link #mark}s, summed over rounds until drained;
 * with {@code waitForDevice}, each boundary first waits for the GPU, so a phase gets its device time. For the
 * measuring switches (step and loss profiles); not thread-safe.
 */
public final class PhaseClock {
  private final boolean waitForDevice;
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private long last;
  private int rounds;

  public PhaseClock(boolean waitForDevice) {
    this.waitForDevice = waitForDevice;
  }

  /** Starts a round (the time before it is not counted). */
  public void start() {
    sync();
    last = System.nanoTime();
    rounds++;
  }

  /** Ends the phase that ran since the previous boundary. */
  public void mark(String phase) {
    sync();
    long now = System.nanoTime();
    nanos.merge(phase, now - last, Long::sum);
    last = now;
  }

  private void sync() {
    if (waitForDevice) {
      Cuda.synchronize();
    }
  }

  /** Rounds started since the last drain. */
  public int rounds() {
    return rounds;
  }

  /** Milliseconds per round of each phase, in first-seen order, since the last drain; then resets. */
  public Map<String, Double> drainMsPerRound() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1e6 / Math.max(1, rounds)));
    nanos.clear();
    rounds = 0;
    return out;
  }
}
