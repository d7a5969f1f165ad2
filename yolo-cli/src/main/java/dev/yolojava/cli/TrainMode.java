package dev.yolojava.cli;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.core.engine.Trainer;
import dev.yolojava.core.engine.YoloModel;
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
    String data = Models.data(args, name());
    try (YoloModel model = Models.trainable(args, data)) {
      TrainResult r = new Trainer(model, args, null).train();
      out.printf(Locale.ROOT, "best fitness %.5f at epoch %d, mAP50-95 %.5f, mAP50 %.5f%n", r.bestFitness(),
          r.bestEpoch(), r.lastValidation().metrics().map(), r.lastValidation().metrics().map50());
      out.println("Results saved to " + r.saveDir());
    }
    return 0;
  }
}
