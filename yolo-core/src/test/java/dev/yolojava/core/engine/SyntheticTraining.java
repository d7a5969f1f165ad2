package dev.yolojava.core.engine;

import dev.yolojava.core.cfg.YoloArgs;
import java.nio.file.Path;

/** Short CPU trainings on the synthetic dataset, for tests that check what a run writes. */
final class SyntheticTraining {
  private SyntheticTraining() {}

  /** Puts the dataset cache under {@code dir}, so tests neither share nor leave cache files. */
  static void cacheUnder(Path dir) {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
  }

  /** Trains a fresh 8-class yolov8n with {@code args} (a {@code key=value} line) and closes it. */
  static TrainResult trainFreshYolov8n(String args) {
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      return new Trainer(model, YoloArgs.parse(args), null).train();
    }
  }
}
