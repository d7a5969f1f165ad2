package dev.yolojava.cli;

import dev.yolojava.api.Detections;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The per-image milliseconds of a predict run, summed for Ultralytics' closing {@code Speed: ...} line. */
final class SpeedTotals {
  private final double[] sum = new double[3];
  private int[] shape;
  private int count;

  /** Adds one image's or frame's times; returns its inference milliseconds, for its own line. */
  double add(Detections d) {
    Map<String, Double> speed = d.speed();
    sum[0] += speed.getOrDefault("preprocess", 0.0);
    sum[1] += speed.getOrDefault("inference", 0.0);
    sum[2] += speed.getOrDefault("postprocess", 0.0);
    shape = d.inferenceShape();
    count++;
    return speed.getOrDefault("inference", 0.0);
  }

  /** Ultralytics' line, when anything was predicted. */
  void print(PrintStream out) {
    if (count > 0) {
      out.printf(Locale.ROOT, "Speed: %.1fms preprocess, %.1fms inference, %.1fms postprocess per image at shape"
          + " (1, 3, %d, %d)%n", sum[0] / count, sum[1] / count, sum[2] / count, shape[0], shape[1]);
    }
  }
}
