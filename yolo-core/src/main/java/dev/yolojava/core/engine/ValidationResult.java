package dev.yolojava.core.engine;

import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ConfusionMatrix;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.core.metrics.SegmentMetrics;
import java.util.Locale;

/**
 * What a validation pass produced: the metrics, the mergeable per-image statistics they came from, the confusion
 * matrix, the average time per image in milliseconds for pre-processing, inference and post-processing, and (when
 * asked for, during training) the mean loss items over the batches, else null. For a segment model
 * {@code segment} holds the box and mask metrics ({@code metrics} is then its box half), else it is null.
 */
public record ValidationResult(
    DetMetrics metrics, BoxStats stats, ConfusionMatrix confusion, double preprocessMs, double inferenceMs,
    double postprocessMs, double[] valLoss, SegmentMetrics segment) {

  /** A detection result (no mask metrics). */
  public ValidationResult(DetMetrics metrics, BoxStats stats, ConfusionMatrix confusion, double preprocessMs,
      double inferenceMs, double postprocessMs, double[] valLoss) {
    this(metrics, stats, confusion, preprocessMs, inferenceMs, postprocessMs, valLoss, null);
  }

  /** The fitness Ultralytics ranks by: the segment metrics' (box plus mask) for a segment model, else the box one. */
  public double fitness() {
    return segment != null ? segment.fitness() : metrics.fitness();
  }

  /** Ultralytics' speed line. */
  public String speedLine() {
    return String.format(Locale.ROOT,
        "Speed: %.1fms preprocess, %.1fms inference, %.1fms postprocess per image", preprocessMs, inferenceMs,
        postprocessMs);
  }
}
