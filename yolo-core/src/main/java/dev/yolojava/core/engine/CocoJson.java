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
