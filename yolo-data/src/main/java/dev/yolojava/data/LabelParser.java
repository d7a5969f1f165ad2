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
 * A pose data set's files ({@link KeypointSpec}) are read as Ultralytics reads them with {@code kpt_shape}: every line
 * {@code cls cx cy w h} and then x y (and visibility) per keypoint, never polygons; keypoints without visibility get 0
 * where x or y is negative, else 1; x and y must be within [0, 1] (1% tolerance), and no value may be negative.
 * Unlike Ultralytics, which drops the whole image when one line is bad, each bad line is skipped on its own with a
 * message naming the file and line, so valid labels are never lost.
 */
public final class LabelParser {
  /** Ultralytics' tolerance on normalised coordinates. */
  static final float TOLERANCE = 0.01f;

  private LabelParser() {}

  /**
   * The result of parsing one label file; {@code segments} holds each kept line's normalised outline
   * ({@code x1 y1 x2 y2 ...}) in a file of polygons, else null; {@code keypoints} each kept line's keypoints
   * ({@code x y visibility} per keypoint, normalised) when parsed with a {@link KeypointSpec}, else null.
   */
  public record Parsed(float[] cls, float[] boxes, float[][] segments, float[][] keypoints, List<String> issues,
      int badLines, int duplicates) {}

  /**
   * @param text the label file's content
   * @param file name used in messages
   * @param nc number of classes (class must be below it unless {@code singleCls})
   * @param singleCls map every class to 0
   */
  public static Parsed parse(String text, String file, int nc, boolean singleCls) {
    return parse(text, file, nc, singleCls, null);
  }

  /**
   * As {@link #parse(String, String, int, boolean)}; with {@code kpt} (a pose data set's keypoints, may be null) every
   * line must be {@code cls cx cy w h} and {@code kpt.dims()} values per keypoint.
   */
  public static Parsed parse(String text, String file, int nc, boolean singleCls, KeypointSpec kpt) {
    List<float[]> rows = new ArrayList<>();
    List<float[]> points = new ArrayList<>();
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
      polygonFile |= kpt == null && tokens[ln] != null && tokens[ln].length > 6; // Ultralytics: "is segment"
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
      float[] keypoints = null;
      try {
        float[] v = numbers(tok);
        if (kpt != null) {
          if (tok.length != kpt.columns()) {
            throw new IllegalArgumentException(tok.length + " columns, expected " + kpt.columns() + " for kpt_shape "
                + kpt.shapeString() + " (cls cx cy w h, then x y" + (kpt.dims() == 3 ? " visibility" : "")
                + " for each of the " + kpt.count() + " keypoints)");
          }
          row = java.util.Arrays.copyOf(v, 5);
          keypoints = keypointsOf(v, kpt);
        } else if (polygonFile) {
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
        if (problem == null && keypoints != null) {
          problem = validateKeypoints(v, kpt);
        }
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
      // duplicates as Ultralytics' np.unique of the rows: class and box, and the keypoints' columns in a pose file
      float[] key = keypoints == null ? row : concat(row, java.util.Arrays.copyOfRange(numbers(tok), 5, tok.length));
      if (!seen.add(new Row(key))) {
        dups++;
        continue;
      }
      rows.add(row);
      polygons.add(polygon);
      points.add(keypoints);
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
    return new Parsed(cls, boxes, polygonFile ? polygons.toArray(new float[0][]) : null,
        kpt != null ? points.toArray(new float[0][]) : null, issues, bad, dups);
  }

  /** The keypoints of a pose line as {@code x y visibility} each; without visibility columns it is computed. */
  private static float[] keypointsOf(float[] v, KeypointSpec kpt) {
    float[] out = new float[kpt.count() * 3];
    for (int k = 0; k < kpt.count(); k++) {
      float x = v[5 + k * kpt.dims()];
      float y = v[6 + k * kpt.dims()];
      out[3 * k] = x;
      out[3 * k + 1] = y;
      out[3 * k + 2] = kpt.dims() == 3 ? v[7 + k * 3] : (x < 0 || y < 0 ? 0f : 1f); // Ultralytics' kpt_mask
    }
    return out;
  }

  /** Ultralytics' checks of a pose line's keypoint columns: x y at most 1 (1% tolerance), nothing negative. */
  private static String validateKeypoints(float[] v, KeypointSpec kpt) {
    for (int i = 5; i < v.length; i++) {
      int k = (i - 5) / kpt.dims();
      int d = (i - 5) % kpt.dims();
      String what = "keypoint " + k + (d == 0 ? " x " : d == 1 ? " y " : " visibility ") + fmt(v[i]) + " (column "
          + (i + 1) + ")";
      if (d < 2 && v[i] > 1 + TOLERANCE) {
        return what + " is above 1: keypoints must be normalised";
      }
      if (v[i] < -TOLERANCE) {
        return what + " is negative";
      }
    }
    return null;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A token as it can be shown in a log line: control and non-ASCII characters as \\uXXXX, at most 40 of them. */
  private static String printable(String token) {
    StringBuilder sb = new StringBuilder();
    token.codePoints().limit(40).forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
        : String.format(java.util.Locale.ROOT, "\\u%04x", c)));
    return token.length() > 40 ? sb + "..." : sb.toString();
  }

  private static float[] numbers(String[] tok) {
    float[] v = new float[tok.length];
    for (int i = 0; i < tok.length; i++) {
      try {
        v[i] = Float.parseFloat(tok[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("column " + (i + 1) + " '" + printable(tok[i]) + "' is not a number");
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

  /** A label row's values, equal when every value is. */
  private record Row(List<Float> values) {
    Row(float[] r) {
      this(toList(r));
    }

    private static List<Float> toList(float[] r) {
      List<Float> out = new ArrayList<>(r.length);
      for (float x : r) {
        out.add(x);
      }
      return out;
    }
  }
}
