package dev.yolojava.api;

import dev.yolojava.core.engine.ValidationResult;
import dev.yolojava.core.metrics.DetMetrics;
import java.util.Locale;
import java.util.Map;

/**
 * Validation results, named as Ultralytics' {@code DetMetrics.box}: {@code map()} (mAP50-95), {@code map50()},
 * {@code mp()}, {@code mr()}, {@code maps()} per class, {@code fitness()}, and the speed per image. Immutable.
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

  public double fitness() {
    return result.metrics().fitness();
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
    return result.metrics().table(true);
  }

  /** Metrics and speed as JSON. */
  public String toJson() {
    String m = result.metrics().toJson();
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
    return String.format(Locale.ROOT, "mAP50-95 %.5f, mAP50 %.5f, P %.5f, R %.5f", map(), map50(), mp(), mr());
  }
}
