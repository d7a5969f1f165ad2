package dev.yolojava.cli;

import dev.yolojava.core.cfg.YoloArgs;
import java.io.PrintStream;

/** One {@code yolo <mode>} of the CLI; adding a mode is one small class registered in {@link YoloCli#MODES}. */
public interface Mode {
  /** The mode word, e.g. {@code train}. */
  String name();

  /** Runs the mode with checked arguments, printing its summary on {@code out}; returns the exit code. */
  int run(YoloArgs args, PrintStream out) throws Exception;
}
