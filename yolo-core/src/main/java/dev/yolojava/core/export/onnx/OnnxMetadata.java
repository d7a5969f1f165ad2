package dev.yolojava.core.export.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ultralytics-style model metadata values: Ultralytics writes each entry as Python's {@code str()} of the value
 * ({@code names} = {@code {0: 'person', 1: 'bicycle'}}, {@code imgsz} = {@code [640, 640]}, booleans
 * {@code True}/{@code False}), so its own loaders and ours read the same files.
 */
public final class OnnxMetadata {
  private static final Pattern NAME = Pattern.compile("(\\d+)\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\")");
  private static final Pattern INT = Pattern.compile("-?\\d+");

  private OnnxMetadata() {}

  /** {@code names} as a Python dict literal. */
  public static String formatNames(List<String> names) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(i).append(": '");
      sb.append(names.get(i).replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }
    return sb.append('}').toString();
  }

  /** Parses a Python dict literal of class names; ids must be 0..n-1. */
  public static List<String> parseNames(String s) {
    Matcher m = NAME.matcher(s);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      int id = Integer.parseInt(m.group(1));
      checkArgument(id == out.size(), "metadata 'names': id %s out of order in %s, expected %s", id, s, out.size());
      String raw = m.group(2) != null ? m.group(2) : m.group(3);
      out.add(raw.replaceAll("\\\\(.)", "$1"));
    }
    checkArgument(!out.isEmpty(), "metadata 'names' is '%s', expected a dict like {0: 'person'}", s);
    return out;
  }

  /** Parses {@code [h, w]} or a single size {@code 640}. */
  public static int[] parseImgsz(String s) {
    Matcher m = INT.matcher(s);
    List<Integer> v = new ArrayList<>();
    while (m.find()) {
      v.add(Integer.parseInt(m.group()));
    }
    checkArgument(v.size() == 1 || v.size() == 2, "metadata 'imgsz' is '%s', expected [h, w]", s);
    return v.size() == 1 ? new int[] {v.get(0), v.get(0)} : new int[] {v.get(0), v.get(1)};
  }

  /** A required entry, with an error naming the missing key. */
  /** A pose export's {@code kpt_shape} ({@code [17, 3]}) as {@code {keypoints, dims}}. */
  public static int[] parseKptShape(String s) {
    String body = s.trim();
    checkArgument(body.startsWith("[") && body.endsWith("]"), "metadata 'kpt_shape' is '%s', expected [keypoints, 2 or"
        + " 3]", s);
    String[] parts = body.substring(1, body.length() - 1).split(",");
    checkArgument(parts.length == 2, "metadata 'kpt_shape' is '%s', expected [keypoints, 2 or 3]", s);
    try {
      int k = Integer.parseInt(parts[0].trim());
      int d = Integer.parseInt(parts[1].trim());
      checkArgument(k >= 1 && (d == 2 || d == 3), "metadata 'kpt_shape' is '%s', expected [keypoints, 2 or 3]", s);
      return new int[] {k, d};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("metadata 'kpt_shape' is '" + s + "', expected [keypoints, 2 or 3]", e);
    }
  }

  public static String require(Map<String, String> meta, String key) {
    String v = meta.get(key);
    checkArgument(v != null, "model metadata has no '%s' (keys: %s): not an Ultralytics/yolo-java export", key, meta.keySet());
    return v;
  }

  /** Python's {@code str(bool)}. */
  public static String pyBool(boolean b) {
    return b ? "True" : "False";
  }
}
