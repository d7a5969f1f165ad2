package dev.yolojava.core.engine;

import dev.yolojava.data.RatioPad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Validation predictions in the COCO results format Ultralytics' {@code save_json} writes ({@code predictions.json}),
 * boxes mapped back to original pixels.
 */
final class CocoJson {
  private final StringBuilder entries = new StringBuilder();

  /** Adds one image's detections (rows {@code x1 y1 x2 y2 conf cls} in the batch tensor's pixels). */
  void add(Path image, float[][] rows, RatioPad rp, int[] origHw) {
    add(image, rows, rp, origHw, 0);
  }

  /**
   * As {@link #add(Path, float[][], RatioPad, int[])}; a pose model's rows go on with keypoints of {@code kptDims}
   * values each (0: none), written as Ultralytics' pose {@code pred_to_json} writes them: {@code "keypoints"}, every
   * value flat, x y in original pixels (float32, {@code scale_coords} with the letterbox's gain and padding, clipped).
   */
  void add(Path image, float[][] rows, RatioPad rp, int[] origHw, int kptDims) {
    String name = image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String id = stem.matches("\\d+") ? String.valueOf(Long.parseLong(stem)) : quote(stem);
    for (float[] r : rows) {
      double x1 = clip((r[0] - rp.padLeft()) / rp.ratioW(), origHw[1]);
      double y1 = clip((r[1] - rp.padTop()) / rp.ratioH(), origHw[0]);
      double x2 = clip((r[2] - rp.padLeft()) / rp.ratioW(), origHw[1]);
      double y2 = clip((r[3] - rp.padTop()) / rp.ratioH(), origHw[0]);
      entries.append(entries.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "{\"image_id\": %s, \"file_name\": %s, \"category_id\": %d, \"bbox\": [%s, %s, %s, %s], \"score\": %s}", id,
          quote(name), (int) r[5] + 1, round(x1, 3), round(y1, 3), round(x2 - x1, 3), round(y2 - y1, 3),
          round(r[4], 5)));
      if (kptDims > 0) {
        entries.setLength(entries.length() - 1); // the entry's closing brace
        entries.append(", \"keypoints\": [");
        for (int k = 6; k < r.length; k++) {
          float v = r[k];
          int d = (k - 6) % kptDims;
          if (d == 0) {
            v = Math.max(0f, Math.min(origHw[1], (v - (float) rp.padLeft()) / (float) rp.ratioH()));
          } else if (d == 1) {
            v = Math.max(0f, Math.min(origHw[0], (v - (float) rp.padTop()) / (float) rp.ratioH()));
          }
          entries.append(k == 6 ? "" : ", ").append(pythonFloat(v));
        }
        entries.append("]}");
      }
    }
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, "[" + entries + "]");
    } catch (IOException e) {
      throw new UncheckedIOException("save_json: cannot write " + file, e);
    }
  }

  /** A float32 value as Python writes the float it becomes ({@code repr}: plain from 1e-4 up to 1e16). */
  private static String pythonFloat(float v) {
    double d = v;
    if (d == 0 || !Double.isFinite(d)) {
      return d == 0 ? "0.0" : "null";
    }
    java.math.BigDecimal b = new java.math.BigDecimal(Double.toString(d));
    double a = Math.abs(d);
    if (a >= 1e-4 && a < 1e16) {
      String s = b.stripTrailingZeros().toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    b = b.stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    String digits = b.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d",
        Math.abs(exp));
  }

  private static double clip(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /** Python's {@code round(v, n)} as JSON: no trailing zeros. */
  private static String round(double v, int digits) {
    String s = java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
