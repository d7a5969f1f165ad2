package dev.yolojava.samples;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.data.DataConfig;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trains with Ultralytics-style arguments: {@code Train model=yolov8n.yaml data=data.yaml epochs=15 batch=128
 * imgsz=640 device=0}. A {@code .pt} model starts from its weights; a {@code .yaml} model from scratch with the data
 * set's class count. Prints where the run went.
 */
public final class Train {
  private Train() {}

  public static void main(String[] argv) {
    YoloArgs args = YoloArgs.parse(Arrays.asList(argv));
    String modelName = args.model().orElse("yolov8n.yaml");
    DataConfig data = DataConfig.resolve(args.data().orElseThrow(
        () -> new IllegalArgumentException("data is not set: pass data=data.yaml or data=synthetic")));
    YoloModel model = modelName.endsWith(".pt")
        ? YoloModel.load(Path.of(modelName))
        : YoloModel.create(modelName, data.nc(), data.names());
    TrainResult r = dev.yolojava.core.dist.DistributedTraining.train(model, args, null); // device=0,1 or torchrun env
    System.out.printf("{\"event\":\"trained\",\"save_dir\":\"%s\",\"best_fitness\":%.5f,\"best_epoch\":%d,"
        + "\"map50_95\":%.5f,\"map50\":%.5f}%n", r.saveDir(), r.bestFitness(), r.bestEpoch(),
        r.lastValidation().metrics().map(), r.lastValidation().metrics().map50());
  }
}
