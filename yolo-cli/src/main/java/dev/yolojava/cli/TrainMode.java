package dev.yolojava.cli;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.core.engine.Trainer;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.data.DataConfig;
import java.io.PrintStream;
import java.util.Locale;

/** {@code yolo train}: a {@code .pt} fine-tunes its weights, a {@code .yaml} starts a fresh model for the data's classes. */
final class TrainMode implements Mode {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public int run(YoloArgs args, PrintStream out) {
    String modelName = args.model().orElse(Models.DEFAULT_MODEL);
    String dataName = Models.data(args, name());
    YoloModel model;
    if (Models.isYaml(modelName)) {
      DataConfig data = DataConfig.resolve(dataName);
      model = YoloModel.create(modelName, data.nc(), data.names());
    } else {
      model = YoloModel.load(Models.checkpoint(modelName));
    }
    try (model) {
      TrainResult r = new Trainer(model, args, null).train();
      out.printf(Locale.ROOT, "best fitness %.5f at epoch %d, mAP50-95 %.5f, mAP50 %.5f%n", r.bestFitness(),
          r.bestEpoch(), r.lastValidation().metrics().map(), r.lastValidation().metrics().map50());
      out.println("Results saved to " + r.saveDir());
    }
    return 0;
  }
}
