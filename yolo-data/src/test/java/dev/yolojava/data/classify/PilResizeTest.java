package dev.yolojava.data.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PilResizeTest {
  /** An h x w RGB image whose pixel (y, x) is v[y][x] in all three channels. */
  private static byte[] grey(int[][] v) {
    int h = v.length;
    int w = v[0].length;
    byte[] out = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[(y * w + x) * 3 + c] = (byte) v[y][x];
        }
      }
    }
    return out;
  }

  @Test
  void sameSizeIsACopy() {
    byte[] img = new byte[5 * 7 * 3];
    new SplittableRandom(1).nextBytes(img);
    byte[] out = PilResize.resizeRgb(img, 5, 7, 5, 7);
    assertThat(out).isEqualTo(img).isNotSameAs(img);
  }

  @Test
  void uniformImagesStayUniform() {
    // fixed-point weights of each output pixel sum to 2^22 or within rounding of it: a flat image stays flat
    for (int[] sz : new int[][] {{37, 53, 11, 7}, {9, 4, 31, 17}, {100, 3, 40, 40}, {5, 5, 64, 2}}) {
      byte[] img = new byte[sz[0] * sz[1] * 3];
      for (int i = 0; i < img.length; i += 3) {
        img[i] = (byte) 200;
        img[i + 1] = 17;
        img[i + 2] = (byte) 255;
      }
      byte[] out = PilResize.resizeRgb(img, sz[0], sz[1], sz[2], sz[3]);
      assertThat(out).hasSize(sz[2] * sz[3] * 3);
      for (int i = 0; i < out.length; i += 3) {
        assertThat(new int[] {out[i] & 0xFF, out[i + 1] & 0xFF, out[i + 2] & 0xFF}).containsExactly(200, 17, 255);
      }
    }
  }

  @Test
  void halvingWeighsThreeSourcePixelsBySevenths() {
    // 4 -> 2: scale 2 widens the triangle to support 2; output 0 is centred at 1.0 and reads source 0..2 with
    // weights tri(-0.25), tri(0.25), tri(0.75) = .75, .75, .25, normalised to 3/7 3/7 1/7; output 1 mirrors it
    PilResize.Coeffs c = PilResize.Coeffs.of(4, 2);
    assertThat(c.bounds).containsExactly(0, 3, 1, 3);
    assertThat(c.weights[0]).isCloseTo(3 / 7.0, within(1e-15));
    assertThat(c.weights[1]).isCloseTo(3 / 7.0, within(1e-15));
    assertThat(c.weights[2]).isCloseTo(1 / 7.0, within(1e-15));
    assertThat(c.weights[c.ksize]).isCloseTo(1 / 7.0, within(1e-15));
    assertThat(c.kk[0]).isEqualTo(1797559); // round(3/7 * 2^22)
    assertThat(c.kk[2]).isEqualTo(599186); // round(1/7 * 2^22)
    // row 0 70 140 210: (3*0 + 3*70 + 140) / 7 = 50, (70 + 3*140 + 3*210) / 7 = 160
    int[][] cols = {{0, 70, 140, 210}, {0, 70, 140, 210}, {0, 70, 140, 210}, {0, 70, 140, 210}};
    byte[] h = PilResize.resizeRgb(grey(cols), 4, 4, 2, 2);
    assertThat(h).isEqualTo(grey(new int[][] {{50, 160}, {50, 160}}));
    // the same along the other axis goes through the vertical pass
    int[][] rows = {{0, 0, 0, 0}, {70, 70, 70, 70}, {140, 140, 140, 140}, {210, 210, 210, 210}};
    byte[] v = PilResize.resizeRgb(grey(rows), 4, 4, 2, 2);
    assertThat(v).isEqualTo(grey(new int[][] {{50, 50}, {160, 160}}));
  }

  @Test
  void doublingInterpolatesAtQuarterPixels() {
    // 2 -> 4: filter scale 1; centres at 0.25 0.75 1.25 1.75 give 0, .25, .75, 1 of the way: 0 25 75 100
    byte[] out = PilResize.resizeRgb(grey(new int[][] {{0, 100}}), 1, 2, 1, 4);
    assertThat(out).isEqualTo(grey(new int[][] {{0, 25, 75, 100}}));
    PilResize.Coeffs c = PilResize.Coeffs.of(2, 4);
    assertThat(c.bounds).containsExactly(0, 1, 0, 2, 0, 2, 1, 1);
  }

  @Test
  void rejectsBadSizes() {
    assertThatThrownBy(() -> PilResize.resizeRgb(new byte[12], 2, 2, 0, 3)).hasMessageContaining("expected positive");
    assertThatThrownBy(() -> PilResize.resizeRgb(new byte[11], 2, 2, 1, 1)).hasMessageContaining("holds 11 bytes");
  }
}
