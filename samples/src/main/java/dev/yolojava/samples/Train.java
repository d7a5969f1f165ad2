package dev.yolojava.samples;

import dev.yolojava.api.TrainConfig;
import dev.yolojava.api.TrainResults;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.YoloArgs;
import java.util.Arrays;

/**
 * Trains with Ultralytics-style arguments: {@code Train model=yolov8n.yaml data=data.yaml epochs=15 batch=128
 * imgsz=640 device=0}. A {@code .pt} model starts from its weights (another class count rebuilds its head); a
 * {@code .yaml} model from scratch with the data set's classes. {@code device=0,1} or a torchrun-style environment
 * trains data-parallel, through the same entry as {@code yolo train}. Prints where the run went as one JSON line.
 */
public final class Train {
  private Train() {}

  public static void main(String[] argv) {
    YoloArgs args = YoloArgs.parse(Arrays.asList(argv));
    try (Yolo model = Yolo.load(args.model().orElse("yolov8n.yaml"))) {
      TrainResults r = model.train(TrainConfig.of(args));
      if (r.saveDir() == null) {
        return; // a rank other than 0 of a multi-process job: rank 0 reports
      }
      System.out.printf("{\"event\":\"trained\",\"save_dir\":\"%s\",\"best_fitness\":%.5f,\"best_epoch\":%d,"
          + "\"map50_95\":%.5f,\"map50\":%.5f}%n", r.saveDir(), r.bestFitness(), r.bestEpoch(), r.val().map(),
          r.val().map50());
    }
  }
}
