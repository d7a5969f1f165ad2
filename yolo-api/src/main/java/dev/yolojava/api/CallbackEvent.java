package dev.yolojava.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a callback registered with {@link Yolo#addCallback} is told. Ultralytics hands its callbacks the trainer,
 * validator or predictor; this is the part of their state those callbacks read, per event:
 *
 * <ul>
 *   <li>{@code on_train_start}, {@code on_train_end}: {@link #saveDir()};
 *   <li>{@code on_train_batch_end}: {@link #epoch()}, {@link #batch()} of {@link #batches()};
 *   <li>{@code on_train_epoch_end}: {@link #epoch()};
 *   <li>{@code on_fit_epoch_end}: {@link #epoch()} and {@link #metrics()}, the epoch's {@code results.csv} row;
 *   <li>{@code on_model_save}: {@link #epoch()} and {@link #checkpoint()} ({@code last.pt}, already on disk);
 *   <li>{@code on_val_end}: {@link #metrics()} ({@code metrics/mAP50-95(B)}, ...), and {@link #epoch()} during
 *       training;
 *   <li>{@code on_predict_batch_end}: {@link #detections()} of the batch.
 * </ul>
 *
 * Epochs and batches count from 1 as Ultralytics prints them; what an event does not carry is -1, null or empty.
 */
public record CallbackEvent(String name, int epoch, int batch, int batches, Path saveDir, Path checkpoint,
    Map<String, Double> metrics, List<Detections> detections) {
  /** The events {@link Yolo#addCallback} accepts, named as Ultralytics names them. */
  public static final Set<String> EVENTS = Set.of("on_train_start", "on_train_batch_end", "on_train_epoch_end",
      "on_fit_epoch_end", "on_model_save", "on_train_end", "on_val_end", "on_predict_batch_end");

  public CallbackEvent {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    detections = detections == null ? List.of() : List.copyOf(detections);
  }

  static CallbackEvent of(String name) {
    return new CallbackEvent(name, -1, -1, -1, null, null, null, null);
  }
}
