package dev.yolojava.api;

import dev.yolojava.core.engine.TrainResult;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a training run went and how it ended: its directory ({@code weights/best.pt}, {@code weights/last.pt},
 * {@code results.csv}, {@code args.yaml}, plots), the best fitness with its epoch (1-based), and the last
 * validation. Immutable.
 */
public final class TrainResults {
  private final TrainResult result;

  TrainResults(TrainResult result) {
    this.result = result;
  }

  /** The run directory, e.g. {@code runs/detect/train3}. */
  public Path saveDir() {
    return result.saveDir();
  }

  /** {@code weights/best.pt}: the checkpoint of the best fitness, which the model holds after {@code train}. */
  public Path best() {
    return result.best();
  }

  /** {@code weights/last.pt}: the final epoch's checkpoint (resume from it with {@code resume=True}). */
  public Path last() {
    return result.last();
  }

  public Path resultsCsv() {
    return result.resultsCsv();
  }

  /** The best epoch's fitness: its mAP50-95, by which Ultralytics 8.4 ranks checkpoints. */
  public double bestFitness() {
    return result.bestFitness();
  }

  /** The best epoch, 1-based. */
  public int bestEpoch() {
    return result.bestEpoch();
  }

  /** The last epoch's validation (of the EMA weights). */
  public ValResults val() {
    return result.classifyValidation() != null ? new ValResults(result.classifyValidation())
        : new ValResults(result.lastValidation());
  }

  /** The engine's record, for tools that read beyond this API. */
  public TrainResult raw() {
    return result;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "best fitness %.5f at epoch %d, last %s; saved to %s", bestFitness(),
        bestEpoch(), val(), saveDir());
  }
}
