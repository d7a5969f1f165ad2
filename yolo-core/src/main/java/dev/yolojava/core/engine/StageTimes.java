package dev.yolojava.core.engine;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Time spent per predict stage, summed over batches (decode + letterbox is summed over its worker threads'
 * batches, so with prefetching it overlaps the other stages). Thread-safe.
 */
public final class StageTimes {
  /** The stages of {@link PredictPipeline}. */
  public enum Stage { DECODE_LETTERBOX, H2D, FORWARD, NMS }

  private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);
  private final Map<Stage, LongAdder> images = new EnumMap<>(Stage.class);

  public StageTimes() {
    for (Stage s : Stage.values()) {
      nanos.put(s, new LongAdder());
      images.put(s, new LongAdder());
    }
  }

  /** Adds one batch of {@code count} images that took {@code durationNanos} in {@code stage}. */
  public void add(Stage stage, long durationNanos, int count) {
    nanos.get(stage).add(durationNanos);
    images.get(stage).add(count);
  }

  /** Total seconds spent in a stage. */
  public double seconds(Stage stage) {
    return nanos.get(stage).sum() / 1e9;
  }

  /** Milliseconds per image in a stage (0 when none ran). */
  public double msPerImage(Stage stage) {
    long n = images.get(stage).sum();
    return n == 0 ? 0 : nanos.get(stage).sum() / 1e6 / n;
  }

  /** Clears all totals. */
  public void reset() {
    nanos.values().forEach(LongAdder::reset);
    images.values().forEach(LongAdder::reset);
  }

  /** The per-image milliseconds as a JSON object body, e.g. {@code "decode_letterbox_ms":1.234,...}. */
  public String toJsonFields() {
    StringBuilder sb = new StringBuilder();
    for (Stage s : Stage.values()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(String.format(Locale.ROOT, "\"%s_ms\":%.4f", s.name().toLowerCase(Locale.ROOT), msPerImage(s)));
    }
    return sb.toString();
  }
}
