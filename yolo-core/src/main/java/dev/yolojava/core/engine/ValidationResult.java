package dev.yolojava.core.engine;

import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ConfusionMatrix;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.core.metrics.PoseMetrics;
import dev.yolojava.core.metrics.SegmentMetrics;
import dev.yolojava.core.metrics.TaskMetrics;
import java.util.Locale;

/**
 * What a validation pass produced: the metrics, the mergeable per-image statistics they came from, the confusion
 * matrix, the average time per image in milliseconds for pre-processing, inference and post-processing, and (when
 * asked for, during training) the mean loss items over the batches, else null. For a segment or pose model
 * {@code task} holds the box and mask or keypoint metrics ({@code metrics} is then its box half), else it is null.
 */
public record ValidationResult(
    DetMetrics metrics, BoxStats stats, ConfusionMatrix confusion, double preprocessMs, double inferenceMs,
    double postprocessMs, double[] valLoss, TaskMetrics task) {

  /** A detection result (no mask or keypoint metrics). */
  public ValidationResult(DetMetrics metrics, BoxStats stats, ConfusionMatrix confusion, double preprocessMs,
      double inferenceMs, double postprocessMs, double[] valLoss) {
    this(metrics, stats, confusion, preprocessMs, inferenceMs, postprocessMs, valLoss, null);
  }

  /** The fitness Ultralytics ranks by: box plus mask (segment) or keypoints (pose), else the box one. */
  public double fitness() {
    return task != null ? task.fitness() : metrics.fitness();
  }

  /** A segment model's box and mask metrics, else null. */
  public SegmentMetrics segment() {
    return task instanceof SegmentMetrics s ? s : null;
  }

  /** A pose model's box and keypoint metrics, else null. */
  public PoseMetrics pose() {
    return task instanceof PoseMetrics p ? p : null;
  }

  /** The table Ultralytics prints for this model's task (box columns, then mask or pose ones). */
  public String table(boolean perClass) {
    return task != null ? task.table(perClass) : metrics.table(perClass);
  }

  /** Ultralytics' speed line. */
  public String speedLine() {
    return String.format(Locale.ROOT,
        "Speed: %.1fms preprocess, %.1fms inference, %.1fms postprocess per image", preprocessMs, inferenceMs,
        postprocessMs);
  }
}
