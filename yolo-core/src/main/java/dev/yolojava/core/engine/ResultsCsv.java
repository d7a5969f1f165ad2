package dev.yolojava.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training's {@code results.csv} with Ultralytics' columns: for detection {@code epoch, time, train/box_loss,
 * train/cls_loss, train/dfl_loss, metrics/precision(B), metrics/recall(B), metrics/mAP50(B), metrics/mAP50-95(B),
 * val/box_loss, val/cls_loss, val/dfl_loss, lr/pg0, lr/pg1, lr/pg2}; other tasks have their own losses and metrics
 * ({@link #columns}). One row per epoch, appended and flushed as it is written.
 */
public final class ResultsCsv {
  public static final List<String> COLUMNS = List.of("epoch", "time", "train/box_loss", "train/cls_loss",
      "train/dfl_loss", "metrics/precision(B)", "metrics/recall(B)", "metrics/mAP50(B)", "metrics/mAP50-95(B)",
      "val/box_loss", "val/cls_loss", "val/dfl_loss", "lr/pg0", "lr/pg1", "lr/pg2");

  private final Path file;
  private final List<String> columns;

  /** A detection run's file ({@link #COLUMNS}). */
  public ResultsCsv(Path file) {
    this(file, COLUMNS);
  }

  public ResultsCsv(Path file, List<String> columns) {
    this.file = file;
    this.columns = List.copyOf(columns);
  }

  /**
   * Ultralytics' columns for a task: {@code epoch, time}, {@code train/} and each loss item, the metrics' keys,
   * {@code val/} and each loss item, then {@code lr/pg0..2}.
   */
  public static List<String> columns(List<String> lossNames, List<String> metricKeys) {
    List<String> c = new ArrayList<>(List.of("epoch", "time"));
    lossNames.forEach(n -> c.add("train/" + n));
    c.addAll(metricKeys);
    lossNames.forEach(n -> c.add("val/" + n));
    c.addAll(List.of("lr/pg0", "lr/pg1", "lr/pg2"));
    return List.copyOf(c);
  }

  /** The header's columns. */
  public List<String> columns() {
    return columns;
  }

  public Path file() {
    return file;
  }

  /** Appends a row (writing the header first for a new file); values in column order after {@code epoch}. */
  public void append(int epoch, double[] values) {
    if (values.length != columns.size() - 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "results.csv row has %d values, expected %d", values.length, columns.size() - 1));
    }
    StringBuilder sb = new StringBuilder();
    try {
      if (!Files.exists(file)) {
        sb.append(String.join(",", columns)).append('\n');
      }
      sb.append(epoch);
      for (double v : values) {
        sb.append(',').append(format(v));
      }
      sb.append('\n');
      Files.writeString(file, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Rows written so far (for resume): each row's cells as text. */
  public List<String[]> rows() {
    List<String[]> out = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return out;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 1; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          out.add(lines.get(i).split(","));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  /** Keeps only the rows of epochs below {@code epoch} (resume rewrites what a crash left half-done). */
  public void truncateFrom(int epoch) {
    try {
      if (!Files.exists(file)) {
        return;
      }
      List<String> lines = Files.readAllLines(file);
      List<String> keep = new ArrayList<>();
      keep.add(lines.get(0));
      for (int i = 1; i < lines.size(); i++) {
        String l = lines.get(i);
        if (!l.isBlank() && Integer.parseInt(l.substring(0, l.indexOf(',')).trim()) < epoch) {
          keep.add(l);
        }
      }
      Files.write(file, keep);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file, e);
    }
  }

  /** Like Ultralytics' {@code %.5g}-style compact numbers. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("0+(e|$)", "$1").replaceAll("\\.(e|$)", "$1");
  }
}
