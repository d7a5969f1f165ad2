package dev.yolojava.core.hub;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Download progress: a redrawn bar on a terminal, a log line per 10% otherwise (so CI logs stay short). */
final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  private static final int WIDTH = 30;

  private final String name;
  private final long total;
  private final boolean tty = System.console() != null;
  private final PrintStream err = System.err;
  private int lastDecile = 0;
  private long lastDraw = 0;

  Progress(String name, long total) {
    this.name = name;
    this.total = total;
  }

  void update(long bytes) {
    if (tty) {
      long now = System.nanoTime();
      if (now - lastDraw > 100_000_000L) {
        lastDraw = now;
        err.print("\r" + line(bytes));
        err.flush();
      }
    } else if (total > 0) {
      int decile = (int) (bytes * 10 / total);
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile;
        LOG.info(line(bytes));
      }
    }
  }

  void done(long bytes) {
    if (tty) {
      err.println("\r" + line(bytes));
    }
  }

  private String line(long bytes) {
    double mb = bytes / 1e6;
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s: %.1f MB", name, mb);
    }
    int filled = (int) (WIDTH * Math.min(bytes, total) / total);
    return String.format(
        Locale.ROOT,
        "%s: %3d%% %s%s %.1f/%.1f MB",
        name,
        100 * bytes / total,
        "\u2588".repeat(filled),
        "\u2591".repeat(WIDTH - filled),
        mb,
        total / 1e6);
  }
}
