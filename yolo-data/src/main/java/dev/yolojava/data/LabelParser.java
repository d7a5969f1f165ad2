package dev.yolojava.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a YOLO label file: {@code cls cx cy w h} per line, normalised, or polygons {@code cls x1 y1 x2 y2 ...}
 * (Ultralytics' segment labels), kept with their bounding box. As Ultralytics' {@code verify_image_label}, a file
 * with any line of more than 6 columns is a file of polygons: every line of it is read as {@code cls} and x y pairs,
 * so a 5-column line there is the 2-point outline {@code (x1 y1) (x2 y2)} (with a message saying so), not a box.
 * Unlike Ultralytics, which drops the whole image when one line is bad, each bad line is skipped on its own with a
 * message naming the file and line, so valid labels are never lost.
 */
public final class LabelParser {
  /** Ultralytics' tolerance on normalised coordinates. */
  static final float TOLERANCE = 0.01f;

  private LabelParser() {}

  /**
   * The result of parsing one label file; {@code segments} holds each kept line's normalised outline
   * ({@code x1 y1 x2 y2 ...}) in a file of polygons, else null.
   */
  public record Parsed(float[] cls, float[] boxes, float[][] segments, List<String> issues, int badLines,
      int duplicates) {}

  /**
   * @param text the label file's content
   * @param file name used in messages
   * @param nc number of classes (class must be below it unless {@code singleCls})
   * @param singleCls map every class to 0
   */
  public static Parsed parse(String text, String file, int nc, boolean singleCls) {
    List<float[]> rows = new ArrayList<>();
    List<float[]> polygons = new ArrayList<>();
    List<String> issues = new ArrayList<>();
    Set<Row> seen = new HashSet<>();
    int bad = 0;
    int dups = 0;
    String[] lines = text.split("\r?\n|\r", -1);
    String[][] tokens = new String[lines.length][];
    boolean polygonFile = false;
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln].strip();
      tokens[ln] = line.isEmpty() ? null : line.split("\\s+");
      polygonFile |= tokens[ln] != null && tokens[ln].length > 6; // Ultralytics: "is segment"
    }
    for (int ln = 0; ln < lines.length; ln++) {
      String[] tok = tokens[ln];
      if (tok == null) {
        continue;
      }
      String where = file + ":" + (ln + 1) + ": ";
      String problem;
      float[] row = null;
      float[] polygon = null;
      try {
        float[] v = numbers(tok);
        if (polygonFile) {
          polygon = polygonOf(v);
          row = boxOf(v[0], polygon);
          if (tok.length == 5) {
            issues.add(where + "5 columns in a file of polygon lines: read as the 2-point outline (x1 y1) (x2 y2),"
                + " as Ultralytics reads it, not as a box (cls cx cy w h); write every object of this file as a"
                + " polygon");
          }
        } else if (tok.length == 5) {
          row = v;
        } else {
          throw new IllegalArgumentException(
              tok.length + " columns, expected 5 (cls cx cy w h) or a polygon (cls x1 y1 x2 y2 x3 y3 ...)");
        }
        problem = validate(row, nc, singleCls, polygon != null);
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
      polygons.add(polygon);
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
    return new Parsed(cls, boxes, polygonFile ? polygons.toArray(new float[0][]) : null, issues, bad, dups);
  }

  private static float[] numbers(String[] tok) {
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
    return v;
  }

  /** The x y pairs after the class, as a copy. */
  private static float[] polygonOf(float[] v) {
    if (v.length % 2 == 0) {
      throw new IllegalArgumentException(v.length + " columns in a file of polygon lines, expected the class and x y"
          + " pairs (an odd number of columns: cls x1 y1 x2 y2 ...)");
    }
    return java.util.Arrays.copyOfRange(v, 1, v.length);
  }

  /** {@code cls cx cy w h} of an outline's extent, in float32 as Ultralytics' {@code segments2boxes}. */
  private static float[] boxOf(float cls, float[] xy) {
    float x0 = Float.MAX_VALUE;
    float y0 = Float.MAX_VALUE;
    float x1 = -Float.MAX_VALUE;
    float y1 = -Float.MAX_VALUE;
    for (int i = 0; i < xy.length; i += 2) {
      x0 = Math.min(x0, xy[i]);
      x1 = Math.max(x1, xy[i]);
      y0 = Math.min(y0, xy[i + 1]);
      y1 = Math.max(y1, xy[i + 1]);
    }
    return new float[] {cls, (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0};
  }

  private static String validate(float[] row, int nc, boolean singleCls, boolean polygon) {
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
      if (polygon && (row[i] > 1 + TOLERANCE || row[i] < -TOLERANCE)) { // Ultralytics checks the outline's box
        return "the outline's box has " + BOX[i - 1] + " " + fmt(row[i]) + ", outside [0, 1]: polygon points must be"
            + " normalised";
      }
      if (row[i] > 1 + TOLERANCE) {
        return "coordinate " + fmt(row[i]) + " (column " + (i + 1) + ") is above 1: labels must be normalised";
      }
      if (row[i] < -TOLERANCE) {
        return "negative coordinate " + fmt(row[i]) + " (column " + (i + 1) + ")";
      }
    }
    return null;
  }

  private static final String[] BOX = {"cx", "cy", "w", "h"};

  private static String fmt(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
  }

  private record Row(float c, float x, float y, float w, float h) {
    Row(float[] r) {
      this(r[0], r[1], r[2], r[3], r[4]);
    }
  }
}
