package dev.yolojava.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a loop of known length: on a terminal ({@code System.console() != null}) a bar redrawn in place on
 * stderr by the progressbar library (like tqdm, with a status such as the running losses); otherwise plain log lines
 * at 10% steps, at most one per {@link #LOG_EVERY_NANOS} (plus the last), so CI logs of short loops such as
 * per-epoch validation stay at one line.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.create("predict", images.size())) {
 *   for (...) { ...; bar.step(); }
 * }
 * }</pre>
 *
 * <p>A status given as a {@link Supplier} is read only when shown (at most every {@link #STATUS_EVERY_NANOS} on a
 * terminal, with each log line otherwise), so a status that waits for the GPU costs little.
 */
public final class ProgressBar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressBar.class);
  private static final int WIDTH = 30;
  /** Least time between two log lines when not on a terminal. */
  static final long LOG_EVERY_NANOS = 5_000_000_000L;
  /** Least time between two status reads on a terminal. */
  static final long STATUS_EVERY_NANOS = 500_000_000L;

  private final String label;
  private final long total;
  private final me.tongfei.progressbar.ProgressBar bar; // null: log lines
  private final long startNanos = System.nanoTime();
  private long done;
  private int lastLoggedTenth = -1;
  private long lastLogNanos = startNanos;
  private long lastStatusNanos;
  private String status = "";
  private final boolean silent; // neither drawn nor logged

  private ProgressBar(String label, long total, PrintStream tty) {
    this(label, total, tty, false);
  }

  private ProgressBar(String label, long total, PrintStream tty, boolean silent) {
    checkArgument(total >= 0, "progress total is %s, expected >= 0", total);
    this.label = label;
    this.total = total;
    this.silent = silent;
    this.bar = tty == null ? null : new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(tty, 130))
        .setUpdateIntervalMillis(200).setUnit("it", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
        .hideEta().build();
  }

  /** A bar on stderr when attached to a terminal, else log lines. */
  public static ProgressBar create(String label, long total) {
    return new ProgressBar(label, total, System.console() != null ? System.err : null);
  }

  /** A bar that always draws to {@code out} (tests, or callers that know they hold a terminal). */
  public static ProgressBar drawingTo(PrintStream out, String label, long total) {
    return new ProgressBar(label, total, out);
  }

  /**
   * A bar on a terminal and nothing elsewhere: for loops that already log a line of their own when done (a training
   * epoch), where progress lines would only repeat it in CI logs.
   */
  public static ProgressBar terminalOnly(String label, long total) {
    return new ProgressBar(label, total, System.console() != null ? System.err : null, System.console() == null);
  }

  /** A bar that shows nothing (ranks other than 0). */
  public static ProgressBar silent() {
    return new ProgressBar("", 0, null, true);
  }

  /** A bar that only logs lines. */
  public static ProgressBar logging(String label, long total) {
    return new ProgressBar(label, total, null);
  }

  /** Advances by one. */
  public void step() {
    step(1, null);
  }

  /** Advances by {@code n}. */
  public void step(long n) {
    step(n, null);
  }

  /**
   * Advances by {@code n}; {@code status} (may be null) is what to show beside the bar, e.g. the running losses, and
   * is read only when it will be shown.
   */
  public synchronized void step(long n, Supplier<String> statusSource) {
    done = Math.min(total, done + n);
    long now = System.nanoTime();
    if (bar != null) {
      if (statusSource != null && (now - lastStatusNanos >= STATUS_EVERY_NANOS || done == total)) {
        lastStatusNanos = now;
        status = statusSource.get();
        bar.setExtraMessage(" " + status);
      }
      bar.stepTo(done);
      return;
    }
    int tenth = total == 0 ? 10 : (int) (done * 10 / total);
    if (!silent && tenth > lastLoggedTenth && (done == total || now - lastLogNanos >= LOG_EVERY_NANOS)) {
      lastLoggedTenth = tenth;
      lastLogNanos = now;
      status = statusSource == null ? "" : statusSource.get();
      LOG.info(line());
    }
  }

  /** How many steps are done. */
  public synchronized long done() {
    return done;
  }

  /** The log line, e.g. {@code predict  40% |############------------------| 4/10 [1.2s, 3.3it/s] status}. */
  public synchronized String line() {
    double frac = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(frac * WIDTH);
    double secs = (System.nanoTime() - startNanos) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    return String.format(Locale.ROOT, "%s %3d%% |%s%s| %d/%d [%.1fs, %.1fit/s]%s", label, Math.round(frac * 100),
        "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, secs, rate,
        status.isEmpty() ? "" : " " + status);
  }

  /** Ends the bar's line on a terminal. */
  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
