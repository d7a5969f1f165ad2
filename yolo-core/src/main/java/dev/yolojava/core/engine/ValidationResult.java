package dev.yolojava.core.engine;

import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ConfusionMatrix;
import dev.yolojava.core.metrics.DetMetrics;
import java.util.Locale;

/**
 * What a validation pass produced: the metrics, the mergeable per-image statistics they came from, the confusion
 * matrix, the average time per image in milliseconds for pre-processing, inference and post-processing, and (when
 * asked for, during training) the mean loss items over the batches, else null.
 */
public record ValidationResult(
    DetMetrics metrics, BoxStats stats, ConfusionMatrix confusion, double preprocessMs, double inferenceMs,
    double postprocessMs, double[] valLoss) {

  /** Ultralytics' speed line. */
  public String speedLine() {
    return String.format(Locale.ROOT,
        "Speed: %.1fms preprocess, %.1fms inference, %.1fms postprocess per image", preprocessMs, inferenceMs,
        postprocessMs);
  }
}
