package dev.yolojava.core.engine;

import java.nio.file.Path;

/**
 * Hooks into a training run, named after Ultralytics' callback events ({@code on_train_start},
 * {@code on_train_batch_end}, {@code on_train_epoch_end}, {@code on_val_end}, {@code on_fit_epoch_end},
 * {@code on_model_save}, {@code on_train_end}). Every method has an empty default; they run on the training thread.
 */
public interface TrainCallbacks {
  static TrainCallbacks none() {
    return new TrainCallbacks() {};
  }

  /** {@code on_train_start}. */
  default void onTrainStart(Path saveDir) {}

  /** {@code on_train_batch_end}: {@code batch} of {@code batches} done in {@code epoch} (0-based). */
  default void onBatchEnd(int epoch, int batch, int batches) {}

  /** {@code on_train_epoch_end}: the epoch's training pass is done, validation follows. */
  default void onTrainEpochEnd(int epoch) {}

  /** {@code on_val_end}: the epoch's validation (of the EMA weights) is done; rank 0 sees the whole set's. */
  default void onValEnd(int epoch, dev.yolojava.core.metrics.DetMetrics metrics) {}

  /** {@code on_fit_epoch_end}: the epoch's results.csv row (after {@code epoch}; a detection run's {@link ResultsCsv#COLUMNS}). */
  default void onFitEpochEnd(int epoch, double[] row) {}

  /**
   * {@code on_fit_epoch_end} with the row's column names ({@code columns} after {@code epoch}, as many as
   * {@code row}: a task's losses and metrics differ from detection's); by default calls the two-argument form.
   */
  default void onFitEpochEnd(int epoch, java.util.List<String> columns, double[] row) {
    onFitEpochEnd(epoch, row);
  }

  /** {@code on_model_save}. */
  default void onModelSave(Path checkpoint) {}

  /** {@code on_train_end}. */
  default void onTrainEnd(Path saveDir) {}
}
