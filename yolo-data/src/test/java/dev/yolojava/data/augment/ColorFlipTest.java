package dev.yolojava.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ColorFlipTest {
  @Test
  void hsvTablesMatchUltralyticsFormulas() {
    byte[] lut = RandomHsv.lut(0.5 * 0.015 * 2, 0.7 * 0.5, -0.4 * 0.5); // rh 0.015, rs 0.35, rv -0.2
    // hue: (x + 0.015 * 180) % 180 = x + 2.7, truncated
    assertThat(lut[3 * 10] & 0xff).isEqualTo(12);
    assertThat(lut[3 * 178] & 0xff).isEqualTo(0); // 180.7 % 180 = 0.7
    // saturation: x * 1.35 clipped, except 0 stays 0
    assertThat(lut[3 * 100 + 1] & 0xff).isEqualTo(135);
    assertThat(lut[3 * 200 + 1] & 0xff).isEqualTo(255);
    assertThat(lut[1] & 0xff).isEqualTo(0);
    // value: x * 0.8
    assertThat(lut[3 * 255 + 2] & 0xff).isEqualTo(204);
    byte[] neg = RandomHsv.lut(-0.1, 0, 0);
    assertThat(neg[0] & 0xff).isEqualTo(162); // (0 - 18) % 180 = 162 in Python
  }

  @Test
  void hsvKeepsGreysGreyAndScalesValue() {
    try (Mat img = new Mat(4, 4, opencv_core.CV_8UC3, new Scalar(100, 100, 100, 0)); Mat hsv = new Mat()) {
      RandomHsv.apply(img, hsv, RandomHsv.lut(0.3, 0.5, -0.5));
      byte[] px = new byte[3];
      img.ptr(2, 2).get(px);
      assertThat(px).containsExactly(50, 50, 50);
    }
  }

  @Test
  void flipsMirrorBoxesAndPixels() {
    Boxes b = new Boxes(new float[] {1}, new float[] {10, 20, 30, 45});
    RandomFlip.flipBoxesLr(b, 100);
    assertThat(b.xyxy()).containsExactly(70, 20, 90, 45);
    RandomFlip.flipBoxesUd(b, 50);
    assertThat(b.xyxy()).containsExactly(70, 5, 90, 30);
    try (Mat img = new Mat(2, 3, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0)); Mat out = new Mat()) {
      img.ptr(0, 0).put(new byte[] {9, 9, 9});
      RandomFlip.flipImage(img, out, true);
      assertThat(MosaicTest.px(out, 0, 2)).isEqualTo(9);
      RandomFlip.flipImage(img, out, false);
      assertThat(MosaicTest.px(out, 1, 0)).isEqualTo(9);
    }
  }

  @Test
  void normalisedRoundTrip() {
    Boxes b = Boxes.fromNormalizedXywh(new float[] {2}, new float[] {0.5f, 0.25f, 0.5f, 0.25f}, 200, 100);
    assertThat(b.xyxy()).containsExactly(50, 12.5f, 150, 37.5f);
    assertThat(b.toNormalizedXywh(200, 100)).containsExactly(0.5f, 0.25f, 0.5f, 0.25f);
  }
}
