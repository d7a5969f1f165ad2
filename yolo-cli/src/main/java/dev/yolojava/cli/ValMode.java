package dev.yolojava.cli;

import dev.yolojava.api.ValConfig;
import dev.yolojava.api.ValResults;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.YoloArgs;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code yolo val}: validates a checkpoint on a data set's val split and prints Ultralytics' metrics table (box and
 * mask columns for a segment model, box and pose columns for a pose model).
 */
final class ValMode implements Mode {
  @Override
  public String name() {
    return "val";
  }

  @Override
  public int run(YoloArgs args, PrintStream out) {
    // without data=, the checkpoint's own training data is used (as Ultralytics does)
    try (Yolo yolo = Models.open(args)) {
      // the table goes to stdout once, here (the validator would log it to stderr as well)
      ValResults r = yolo.val(ValConfig.of(args.with("verbose", false)));
      if (r.isClassification()) { // the validator logged Ultralytics' top1_acc / top5_acc lines
        out.println(r.speedLine());
        out.printf(Locale.ROOT, "top1 %.5f top5 %.5f%n", r.top1(), r.top5());
        return 0;
      }
      out.println(r.table());
      out.println(r.speedLine());
      out.printf(Locale.ROOT, "%smAP50-95 %.5f mAP50 %.5f precision %.5f recall %.5f%n",
          r.task().isPresent() ? "box " : "", r.map(), r.map50(), r.mp(), r.mr());
      r.task().ifPresent(m -> out.printf(Locale.ROOT, "%s mAP50-95 %.5f mAP50 %.5f precision %.5f recall %.5f%n",
          m.kind(), m.map(), m.map50(), m.mp(), m.mr()));
    }
    return 0;
  }
}
