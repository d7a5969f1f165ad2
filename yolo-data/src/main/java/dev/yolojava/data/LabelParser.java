package dev.yolojava.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a YOLO label file ({@code cls cx cy w h} per line, normalised; polygon lines {@code cls x1 y1 x2 y2 ...}
 * become their bounding box). Unlike Ultralytics, which drops the whole image when one line is bad, each bad line
 * is skipped on its own with a message naming the file and line, so valid labels are never lost.
 */
public final class LabelParser {
  /** Ultralytics' tolerance on normalised coordinates. */
  static final float TOLERANCE = 0.01f;

  private LabelParser() {}

  /** The result of parsing one label file. */
  public record Parsed(float[] cls, float[] boxes, List<String> issues, int badLines, int duplicates) {}

  /**
   * @param text the label file's content
   * @param file name used in messages
   * @param nc number of classes (class must be below it unless {@code singleCls})
   * @param singleCls map every class to 0
   */
  public static Parsed parse(String text, String file, int nc, boolean singleCls) {
    List<float[]> rows = new ArrayList<>();
    List<String> issues = new ArrayList<>();
    Set<Row> seen = new HashSet<>();
    int bad = 0;
    int dups = 0;
    String[] lines = text.split("\r?\n|\r", -1);
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = file + ":" + (ln + 1) + ": ";
      String problem;
      float[] row = null;
      try {
        row = parseLine(line.split("\\s+"));
        problem = validate(row, nc, singleCls);
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
      if (problem != null) {
        issues.add(where + problem + "; line skipped");
        bad++;
        continue;
      }
      if (singleCls) {
        row[0] = 0;
      }
      if (!seen.add(new Row(row))) {
        dups++;
        continue;
      }
      rows.add(row);
    }
    if (dups > 0) {
      issues.add(file + ": " + dups + " duplicate labels removed");
    }
    float[] cls = new float[rows.size()];
    float[] boxes = new float[rows.size() * 4];
    for (int i = 0; i < rows.size(); i++) {
      float[] r = rows.get(i);
      cls[i] = r[0];
      System.arraycopy(r, 1, boxes, i * 4, 4);
    }
    return new Parsed(cls, boxes, issues, bad, dups);
  }

  private static float[] parseLine(String[] tok) {
    boolean polygon = tok.length >= 7 && tok.length % 2 == 1;
    if (tok.length != 5 && !polygon) {
      throw new IllegalArgumentException(
          tok.length + " columns, expected 5 (cls cx cy w h) or a polygon (cls x1 y1 x2 y2 x3 y3 ...)");
    }
    float[] v = new float[tok.length];
    for (int i = 0; i < tok.length; i++) {
      try {
        v[i] = Float.parseFloat(tok[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("column " + (i + 1) + " '" + tok[i] + "' is not a number");
      }
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException("column " + (i + 1) + " '" + tok[i] + "' is not finite");
      }
    }
    if (!polygon) {
      return v;
    }
    float x0 = Float.MAX_VALUE;
    float y0 = Float.MAX_VALUE;
    float x1 = -Float.MAX_VALUE;
    float y1 = -Float.MAX_VALUE;
    for (int i = 1; i < v.length; i += 2) {
      x0 = Math.min(x0, v[i]);
      x1 = Math.max(x1, v[i]);
      y0 = Math.min(y0, v[i + 1]);
      y1 = Math.max(y1, v[i + 1]);
    }
    return new float[] {v[0], (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0};
  }

  private static String validate(float[] row, int nc, boolean singleCls) {
    float c = row[0];
    if (c < 0) {
      return "negative class " + fmt(c);
    }
    if (c != Math.rint(c)) {
      return "class " + fmt(c) + " is not an integer";
    }
    if (!singleCls && c >= nc) {
      return "class " + fmt(c) + " exceeds the dataset's class count " + nc + " (classes 0-" + (nc - 1) + ")";
    }
    for (int i = 1; i < 5; i++) {
      if (row[i] > 1 + TOLERANCE) {
        return "coordinate " + fmt(row[i]) + " (column " + (i + 1) + ") is above 1: labels must be normalised";
      }
      if (row[i] < -TOLERANCE) {
        return "negative coordinate " + fmt(row[i]) + " (column " + (i + 1) + ")";
      }
    }
    return null;
  }

  private static String fmt(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
  }

  private record Row(float c, float x, float y, float w, float h) {
    Row(float[] r) {
      this(r[0], r[1], r[2], r[3], r[4]);
    }
  }
}
