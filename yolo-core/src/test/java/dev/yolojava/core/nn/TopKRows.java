package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/**
 * Compares end-to-end outputs {@code [B, k, 6]} (rows {@code x1 y1 x2 y2 score class}, best first) where ranks mean
 * something. A top-k list ends in a long tail of near-equal low scores whose order depends on the CPU's kernels
 * (AVX-512 or not, thread count), so a row-by-row comparison of all k rows compares ties. Here each row scoring at
 * least {@code minScore} on either side must have a partner anywhere in the same image's rows on the other side: the
 * same class, every corner within {@code boxTol}, the score within {@code scoreTol}. Searching all rows of the other
 * side (not only those above the threshold) keeps a row that sits on the threshold from failing the comparison.
 */
public final class TopKRows {
  private TopKRows() {}

  /**
   * Asserts that the confident rows of {@code actual} and {@code expected} (same shape, {@code 6} values a row,
   * {@code rowsPerImage} rows an image) match as sets per image; returns how many expected rows were compared.
   */
  public static int assertMatch(float[] actual, float[] expected, int rowsPerImage, double minScore, double boxTol,
      double scoreTol) {
    assertThat(actual).hasSameSizeAs(expected);
    assertThat(expected.length % (6 * rowsPerImage)).as("values not a whole number of [%s, 6] images", rowsPerImage)
        .isZero();
    int compared = 0;
    for (int img = 0; img < expected.length / (6 * rowsPerImage); img++) {
      compared += oneWay(expected, actual, img, rowsPerImage, minScore, boxTol, scoreTol, "expected");
      oneWay(actual, expected, img, rowsPerImage, minScore, boxTol, scoreTol, "actual");
    }
    return compared;
  }

  private static int oneWay(float[] from, float[] in, int img, int rows, double minScore, double boxTol,
      double scoreTol, String side) {
    int base = img * rows * 6;
    int n = 0;
    for (int r = 0; r < rows; r++) {
      int at = base + r * 6;
      if (from[at + 4] < minScore) {
        continue;
      }
      n++;
      double best = Double.POSITIVE_INFINITY;
      for (int q = 0; q < rows; q++) {
        int o = base + q * 6;
        if (in[o + 5] != from[at + 5] || Math.abs(in[o + 4] - from[at + 4]) > scoreTol) {
          continue;
        }
        double d = 0;
        for (int c = 0; c < 4; c++) {
          d = Math.max(d, Math.abs(in[o + c] - from[at + c]));
        }
        best = Math.min(best, d);
      }
      assertThat(best)
          .as("image %s: %s row %s %s has no partner (same class, score within %s); closest box differs by",
              img, side, r, Arrays.toString(Arrays.copyOfRange(from, at, at + 6)), scoreTol)
          .isLessThanOrEqualTo(boxTol);
    }
    return n;
  }

  /** Each image's score column, sorted: compares all k scores without caring how ties were ranked. */
  public static float[] sortedScores(float[] rows, int rowsPerImage) {
    float[] out = new float[rows.length / 6];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows[6 * i + 4];
    }
    for (int img = 0; img < out.length / rowsPerImage; img++) {
      Arrays.sort(out, img * rowsPerImage, (img + 1) * rowsPerImage);
    }
    return out;
  }
}
