package dev.yolojava.api;

import dev.yolojava.core.engine.ValidationResult;
import dev.yolojava.core.metrics.DetMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validation results, named as Ultralytics' {@code DetMetrics.box}: {@code map()} (mAP50-95), {@code map50()},
 * {@code mp()}, {@code mr()}, {@code maps()} per class, {@code fitness()}, and the speed per image. A segment model's
 * results also have the mask metrics, {@link #seg()} (Ultralytics' {@code SegmentMetrics.seg}); the methods above
 * are then its box metrics ({@code .box}) and {@code fitness()} is box plus mask. Immutable.
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

  /** The fitness Ultralytics ranks checkpoints by: box mAP50-95, plus mask mAP50-95 for a segment model. */
  public double fitness() {
    return result.fitness();
  }

  /** The mask metrics of a segment model's validation (empty for detection): {@code seg().get().map()} etc. */
  public Optional<MaskResults> seg() {
    return Optional.ofNullable(result.segment()).map(s -> new MaskResults(s.seg()));
  }

  /** Mask metrics (Ultralytics' {@code metrics.seg}): predictions matched to labels by mask IoU. */
  public static final class MaskResults {
    private final DetMetrics m;

    private MaskResults(DetMetrics m) {
      this.m = m;
    }

    /** Mask mAP at IoU 0.50:0.95. */
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

    /** Mask mAP50-95 per class id. */
    public double[] maps() {
      return m.maps();
    }

    /** The underlying metrics (curves, per-class values). */
    public DetMetrics metrics() {
      return m;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "mask mAP50-95 %.5f, mAP50 %.5f, P %.5f, R %.5f", map(), map50(), mp(), mr());
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
    return result.segment() != null ? result.segment().table(true) : result.metrics().table(true);
  }

  /** Metrics and speed as JSON. */
  public String toJson() {
    String m = result.segment() != null ? result.segment().toJson() : result.metrics().toJson();
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
    return seg().map(m -> "box " + box + "; " + m).orElse(box);
  }
}
