package dev.yolojava.api;

import dev.yolojava.core.engine.TrainCallbacks;
import dev.yolojava.core.metrics.DetMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The trainer's hooks turned into the {@link CallbackEvent}s registered with {@link Yolo#addCallback}. */
final class TrainCallbackBridge implements TrainCallbacks {
  private final Consumer<CallbackEvent> fire;
  private Path saveDir;
  private int epoch = -1; // 1-based, as Ultralytics prints it

  TrainCallbackBridge(Consumer<CallbackEvent> fire) {
    this.fire = fire;
  }

  /** Ultralytics' {@code results_dict} (the four box metrics and fitness), as its callbacks read it. */
  static Map<String, Double> metrics(DetMetrics m) {
    return m.resultsDict();
  }

  @Override
  public void onTrainStart(Path dir) {
    saveDir = dir;
    fire.accept(new CallbackEvent("on_train_start", -1, -1, -1, dir, null, null, null));
  }

  @Override
  public void onBatchEnd(int epoch0, int batch, int batches) {
    fire.accept(new CallbackEvent("on_train_batch_end", epoch0 + 1, batch, batches, saveDir, null, null, null));
  }

  @Override
  public void onTrainEpochEnd(int epoch0) {
    epoch = epoch0 + 1;
    fire.accept(new CallbackEvent("on_train_epoch_end", epoch, -1, -1, saveDir, null, null, null));
  }

  @Override
  public void onValEnd(int epoch0, DetMetrics metrics) {
    fire.accept(new CallbackEvent("on_val_end", epoch0 + 1, -1, -1, saveDir, null, metrics(metrics), null));
  }

  @Override
  public void onFitEpochEnd(int epoch0, java.util.List<String> columns, double[] row) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k = 0; k < row.length && k < columns.size(); k++) {
      m.put(columns.get(k), row[k]);
    }
    fire.accept(new CallbackEvent("on_fit_epoch_end", epoch0 + 1, -1, -1, saveDir, null, m, null));
  }

  @Override
  public void onModelSave(Path checkpoint) {
    fire.accept(new CallbackEvent("on_model_save", epoch, -1, -1, saveDir, checkpoint, null, null));
  }

  @Override
  public void onTrainEnd(Path dir) {
    fire.accept(new CallbackEvent("on_train_end", epoch, -1, -1, dir, null, null, null));
  }
}
