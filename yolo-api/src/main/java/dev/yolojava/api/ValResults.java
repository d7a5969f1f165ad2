package dev.yolojava.api;

import dev.yolojava.core.engine.ValidationResult;
import dev.yolojava.core.metrics.DetMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validation results, named as Ultralytics' {@code DetMetrics.box}: {@code map()} (mAP50-95), {@code map50()},
 * {@code mp()}, {@code mr()}, {@code maps()} per class, {@code fitness()}, and the speed per image. A segment model's
 * results also have the mask metrics, {@link #seg()} (Ultralytics' {@code SegmentMetrics.seg}), a pose model's the
 * keypoint metrics, {@link #pose()} ({@code PoseMetrics.pose}); the methods above are then its box metrics
 * ({@code .box}) and {@code fitness()} is box plus mask or pose. Immutable.
 */
public final class ValResults {
  private final ValidationResult result;
  private final dev.yolojava.core.engine.ClassifyValidator.Metrics classify; // a classifier's, else null

  ValResults(ValidationResult result) {
    this.result = result;
    this.classify = null;
  }

  /** A classifier's validation: top-1 and top-5 accuracy. */
  ValResults(dev.yolojava.core.engine.ClassifyValidator.Metrics classify) {
    this.result = null;
    this.classify = classify;
  }

  /** Whether these are a classifier's results ({@link #top1()}, {@link #top5()}) rather than mAP. */
  public boolean isClassification() {
    return classify != null;
  }

  /** A classifier's top-1 accuracy (Ultralytics' {@code metrics.top1}). */
  public double top1() {
    return cls().top1();
  }

  /** A classifier's top-5 accuracy. */
  public double top5() {
    return cls().top5();
  }

  private dev.yolojava.core.engine.ClassifyValidator.Metrics cls() {
    if (classify == null) {
      throw new IllegalStateException("top1/top5 are a classifier's metrics; these are a detection validation's"
          + " (map(), map50(), ...)");
    }
    return classify;
  }

  private ValidationResult det() {
    if (result == null) {
      throw new IllegalStateException("these are a classifier's results: top1() and top5() (and fitness()), not mAP");
    }
    return result;
  }

  /** mAP at IoU 0.50:0.95. */
  public double map() {
    return det().metrics().map();
  }

  public double map50() {
    return det().metrics().map50();
  }

  public double map75() {
    return det().metrics().map75();
  }

  /** Mean precision over classes at the confidence that maximises mean F1. */
  public double mp() {
    return det().metrics().mp();
  }

  /** Mean recall, likewise. */
  public double mr() {
    return det().metrics().mr();
  }

  /** mAP50-95 per class id (classes without labels get the overall mAP, as Ultralytics). */
  public double[] maps() {
    return det().metrics().maps();
  }

  /** The fitness Ultralytics ranks checkpoints by: box mAP50-95, plus mask or pose mAP50-95 for those models. */
  public double fitness() {
    return classify != null ? classify.fitness() : det().fitness();
  }

  /** The mask metrics of a segment model's validation (empty otherwise): {@code seg().get().map()} etc. */
  public Optional<TaskResults> seg() {
    if (classify != null) {
      return Optional.empty();
    }
    return Optional.ofNullable(det().segment()).map(s -> new TaskResults("mask", s.seg()));
  }

  /** The keypoint metrics of a pose model's validation (empty otherwise): {@code pose().get().map()} etc. */
  public Optional<TaskResults> pose() {
    if (classify != null) {
      return Optional.empty();
    }
    return Optional.ofNullable(det().pose()).map(p -> new TaskResults("pose", p.pose()));
  }

  /** {@link #seg()} or {@link #pose()}: what a segment or pose model's val adds to the box metrics (empty for detect). */
  public Optional<TaskResults> task() {
    if (classify != null) {
      return Optional.empty();
    }
    return seg().or(this::pose);
  }

  /**
   * The metrics of a task's own matching, as Ultralytics' {@code metrics.seg} (predictions matched to labels by mask
   * IoU) or {@code metrics.pose} (by keypoint OKS).
   */
  public static final class TaskResults {
    private final String kind;
    private final DetMetrics m;

    private TaskResults(String kind, DetMetrics m) {
      this.kind = kind;
      this.m = m;
    }

    /** {@code mask} or {@code pose}. */
    public String kind() {
      return kind;
    }

    /** mAP at 0.50:0.95 of mask IoU or keypoint OKS. */
    public double map() {
      return m.map();
    }

    public double map50() {
      return m.map50();
    }

    public double map75() {
      return m.map75();
    }

    public double mp() {
      return m.mp();
    }

    public double mr() {
      return m.mr();
    }

    /** mAP50-95 per class id. */
    public double[] maps() {
      return m.maps();
    }

    /** The underlying metrics (curves, per-class values). */
    public DetMetrics metrics() {
      return m;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s mAP50-95 %.5f, mAP50 %.5f, P %.5f, R %.5f", kind, map(), map50(), mp(),
          mr());
    }
  }

  /** Milliseconds per image: {@code preprocess}, {@code inference}, {@code postprocess}. */
  public Map<String, Double> speed() {
    if (classify != null) {
      return Map.of("preprocess", classify.preMs(), "inference", classify.inferMs(), "postprocess", 0.0);
    }
    return Map.of("preprocess", det().preprocessMs(), "inference", det().inferenceMs(), "postprocess",
        det().postprocessMs());
  }

  /** Ultralytics' closing line: {@code Speed: 0.2ms preprocess, 4.1ms inference, ... per image}. */
  public String speedLine() {
    if (classify != null) {
      return String.format(Locale.ROOT, "Speed: %.1fms preprocess, %.1fms inference, 0.0ms loss, 0.0ms postprocess per"
          + " image", classify.preMs(), classify.inferMs());
    }
    return det().speedLine();
  }

  /** The per-class table Ultralytics prints. */
  public String table() {
    return det().table(true);
  }

  /** Metrics and speed as JSON. */
  public String toJson() {
    if (classify != null) {
      return String.format(Locale.ROOT, "{\"metrics\": {\"metrics/accuracy_top1\": %.5f, \"metrics/accuracy_top5\": %.5f,"
          + " \"fitness\": %.5f}, \"speed\": {\"preprocess\": %.3f, \"inference\": %.3f, \"postprocess\": 0.000}}",
          classify.top1(), classify.top5(), classify.fitness(), classify.preMs(), classify.inferMs());
    }
    String m = det().task() != null ? det().task().toJson() : det().metrics().toJson();
    return String.format(Locale.ROOT, "{\"metrics\": %s, \"speed\": {\"preprocess\": %.3f, \"inference\": %.3f, "
        + "\"postprocess\": %.3f}}", m, det().preprocessMs(), det().inferenceMs(), det().postprocessMs());
  }

  /** The underlying metrics (curves, per-class values) and mergeable statistics. */
  public DetMetrics metrics() {
    return det().metrics();
  }

  /** The engine's detection record; null for a classifier's results. */
  public ValidationResult raw() {
    return result;
  }

  @Override
  public String toString() {
    if (classify != null) {
      return String.format(Locale.ROOT, "top1 %.5f, top5 %.5f", classify.top1(), classify.top5());
    }
    String box = String.format(Locale.ROOT, "mAP50-95 %.5f, mAP50 %.5f, P %.5f, R %.5f", map(), map50(), mp(), mr());
    return task().map(m -> "box " + box + "; " + m).orElse(box);
  }
}
