package dev.yolojava.core.engine;

import java.nio.file.Path;

/**
 * The outcome of a training run: its directory ({@code weights/best.pt}, {@code weights/last.pt},
 * {@code results.csv}, {@code args.yaml}, plots), the last validation (on rank 0, the final one of {@code best.pt}, as
 * Ultralytics ends a run), and the best fitness with its epoch (1-based). A classifier's run has its last validation
 * in {@code classifyValidation} ({@code lastValidation} is then null).
 */
public record TrainResult(Path saveDir, ValidationResult lastValidation, double bestFitness, int bestEpoch,
    ClassifyValidator.Metrics classifyValidation) {
  public TrainResult(Path saveDir, ValidationResult lastValidation, double bestFitness, int bestEpoch) {
    this(saveDir, lastValidation, bestFitness, bestEpoch, null);
  }

  public Path best() {
    return saveDir.resolve("weights/best.pt");
  }

  public Path last() {
    return saveDir.resolve("weights/last.pt");
  }

  public Path resultsCsv() {
    return saveDir.resolve("results.csv");
  }
}
