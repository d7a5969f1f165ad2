package dev.yolojava.cli;

import dev.yolojava.api.TrainConfig;
import dev.yolojava.api.TrainResults;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.YoloArgs;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code yolo train}: a {@code .pt} fine-tunes its weights, a {@code .yaml} starts a fresh model for the data's
 * classes. It goes through {@link Yolo#train} as an API user does, so {@code device=0,1} and torchrun variables take
 * the same multi-rank path.
 */
final class TrainMode implements Mode {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public int run(YoloArgs args, PrintStream out) {
    if (!args.resume()) {
      Models.data(args, name()); // a usage error before the model loads (a resumed run has its own data)
    }
    try (Yolo model = Models.open(args)) {
      TrainResults r = model.train(TrainConfig.of(args));
      if (r.val().isClassification()) {
        out.printf(Locale.ROOT, "best fitness %.5f at epoch %d, top1 %.5f, top5 %.5f%n", r.bestFitness(),
            r.bestEpoch(), r.val().top1(), r.val().top5());
        out.println("Results saved to " + r.saveDir());
        return 0;
      }
      String task = r.val().task().map(t -> String.format(Locale.ROOT, "; %s mAP50-95 %.5f, mAP50 %.5f", t.kind(),
          t.map(), t.map50())).orElse("");
      out.printf(Locale.ROOT, "best fitness %.5f at epoch %d, %smAP50-95 %.5f, mAP50 %.5f%s%n", r.bestFitness(),
          r.bestEpoch(), task.isEmpty() ? "" : "box ", r.val().map(), r.val().map50(), task);
      out.println("Results saved to " + r.saveDir());
    }
    return 0;
  }
}
