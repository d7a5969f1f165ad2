package dev.yolojava.cli;

import dev.yolojava.core.cfg.YoloArgs;
import java.io.PrintStream;

/** {@code yolo export}: a placeholder until the export API is part of this build; always a usage error. */
final class ExportMode implements Mode {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public int run(YoloArgs args, PrintStream out) {
    throw new UsageException("export is not in this build of yolo-java: expected one of train, val, predict");
  }
}
