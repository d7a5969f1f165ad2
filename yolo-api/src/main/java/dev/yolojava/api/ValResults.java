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

  ValResults(ValidationResult result) {
    this.result = result;
  }

  /** mAP at IoU 0.50:0.95. */
  public double map() {
    return result.metrics().map();
  }

  public double map50() {
    return result.metrics().map50();
  }

  public double map75() {
    return result.metrics().map75();
  }

  /** Mean precision over classes at the confidence that maximises mean F1. */
  public double mp() {
    return result.metrics().mp();
  }

  /** Mean recall, likewise. */
  public double mr() {
    return result.metrics().mr();
  }

  /** mAP50-95 per class id (classes without labels get the overall mAP, as Ultralytics). */
  public double[] maps() {
    return result.metrics().maps();
  }

  /** The fitness Ultralytics ranks checkpoints by: box mAP50-95, plus mask or pose mAP50-95 for those models. */
  public double fitness() {
    return result.fitness();
  }

  /** The mask metrics of a segment model's validation (empty otherwise): {@code seg().get().map()} etc. */
  public Optional<TaskResults> seg() {
    return Optional.ofNullable(result.segment()).map(s -> new TaskResults("mask", s.seg()));
  }

  /** The keypoint metrics of a pose model's validation (empty otherwise): {@code pose().get().map()} etc. */
  public Optional<TaskResults> pose() {
    return Optional.ofNullable(result.pose()).map(p -> new TaskResults("pose", p.pose()));
  }

  /** {@link #seg()} or {@link #pose()}: what a segment or pose model's val adds to the box metrics (empty for detect). */
  public Optional<TaskResults> task() {
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
    return Map.of("preprocess", result.preprocessMs(), "inference", result.inferenceMs(), "postprocess",
        result.postprocessMs());
  }

  /** Ultralytics' closing line: {@code Speed: 0.2ms preprocess, 4.1ms inference, ... per image}. */
  public String speedLine() {
    return result.speedLine();
  }

  /** The per-class table Ultralytics prints. */
  public String table() {
    return result.table(true);
  }

  /** Metrics and speed as JSON. */
  public String toJson() {
    String m = result.task() != null ? result.task().toJson() : result.metrics().toJson();
    return String.format(Locale.ROOT, "{\"metrics\": %s, \"speed\": {\"preprocess\": %.3f, \"inference\": %.3f, "
        + "\"postprocess\": %.3f}}", m, result.preprocessMs(), result.inferenceMs(), result.postprocessMs());
  }

  /** The underlying metrics (curves, per-class values) and mergeable statistics. */
  public DetMetrics metrics() {
    return result.metrics();
  }

  public ValidationResult raw() {
    return result;
  }

  @Override
  public String toString() {
    String box = String.format(Locale.ROOT, "mAP50-95 %.5f, mAP50 %.5f, P %.5f, R %.5f", map(), map50(), mp(), mr());
    return task().map(m -> "box " + box + "; " + m).orElse(box);
  }
}
