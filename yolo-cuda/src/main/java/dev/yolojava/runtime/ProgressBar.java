package dev.yolojava.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress display for loops of known length: on a terminal ({@code System.console() != null}) one bar redrawn in
 * place on stderr, like tqdm; otherwise plain log lines at 10% steps, at most one per {@link #LOG_EVERY_NANOS}
 * (plus the last), so CI logs of short loops such as per-epoch validation stay at one line.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.create("predict", images.size())) {
 *   for (...) { ...; bar.step(); }
 * }
 * }</pre>
 */
public final class ProgressBar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressBar.class);
  private static final int WIDTH = 30;
  /** Least time between two log lines when not on a terminal. */
  static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final String label;
  private final long total;
  private final PrintStream tty;
  private final long startNanos = System.nanoTime();
  private long done;
  private int lastLoggedTenth = -1;
  private long lastLogNanos = startNanos;

  private ProgressBar(String label, long total, PrintStream tty) {
    checkArgument(total >= 0, "progress total is %s, expected >= 0", total);
    this.label = label;
    this.total = total;
    this.tty = tty;
  }

  /** A bar on stderr when attached to a terminal, else log lines. */
  public static ProgressBar create(String label, long total) {
    return new ProgressBar(label, total, System.console() != null ? System.err : null);
  }

  /** A bar that always draws to {@code out} (tests, or callers that know they hold a terminal). */
  public static ProgressBar drawingTo(PrintStream out, String label, long total) {
    return new ProgressBar(label, total, out);
  }

  /** A bar that only logs lines. */
  public static ProgressBar logging(String label, long total) {
    return new ProgressBar(label, total, null);
  }

  /** Advances by one. */
  public void step() {
    step(1);
  }

  /** Advances by {@code n}. */
  public synchronized void step(long n) {
    done = Math.min(total, done + n);
    if (tty != null) {
      tty.print("\r" + line());
      tty.flush();
    } else {
      int tenth = total == 0 ? 10 : (int) (done * 10 / total);
      long now = System.nanoTime();
      if (tenth > lastLoggedTenth && (done == total || now - lastLogNanos >= LOG_EVERY_NANOS)) {
        lastLoggedTenth = tenth;
        lastLogNanos = now;
        LOG.info(line());
      }
    }
  }

  /** How many steps are done. */
  public synchronized long done() {
    return done;
  }

  /** The current line, e.g. {@code predict  40% |############------------------| 4/10 [1.2s, 3.3it/s]}. */
  public synchronized String line() {
    double frac = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(frac * WIDTH);
    double secs = (System.nanoTime() - startNanos) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    return String.format(Locale.ROOT, "%s %3d%% |%s%s| %d/%d [%.1fs, %.1fit/s]", label, Math.round(frac * 100),
        "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, secs, rate);
  }

  /** Ends the bar's line on a terminal. */
  @Override
  public synchronized void close() {
    if (tty != null) {
      tty.println();
      tty.flush();
    }
  }
}
