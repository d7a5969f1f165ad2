package dev.yolojava.data.augment;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Ultralytics' RandomHSV: gains {@code r = uniform(-1, 1, 3) * (h, s, v)}, three 256-entry lookup tables (hue
 * shifted by {@code r_h * 180} modulo 180, saturation and value scaled by {@code 1 + r} and clipped, saturation 0
 * kept at 0), applied in HSV space with one OpenCV LUT over all three channels.
 */
public final class RandomHsv {
  private final double hgain;
  private final double sgain;
  private final double vgain;

  public RandomHsv(double hgain, double sgain, double vgain) {
    this.hgain = hgain;
    this.sgain = sgain;
    this.vgain = vgain;
  }

  public static RandomHsv of(AugmentConfig c) {
    return new RandomHsv(c.hsvH(), c.hsvS(), c.hsvV());
  }

  /** The interleaved (h, s, v) tables for explicit gains {@code rh, rs, rv} (each already times its gain). */
  public static byte[] lut(double rh, double rs, double rv) {
    byte[] lut = new byte[256 * 3];
    for (int x = 0; x < 256; x++) {
      double hue = (x + rh * 180) % 180;
      if (hue < 0) {
        hue += 180; // Python's % takes the divisor's sign
      }
      lut[3 * x] = (byte) (int) hue;
      lut[3 * x + 1] = (byte) (int) Math.max(0, Math.min(255, x * (rs + 1)));
      lut[3 * x + 2] = (byte) (int) Math.max(0, Math.min(255, x * (rv + 1)));
    }
    lut[1] = 0; // saturation 0 stays 0 so pure greys never gain a colour
    return lut;
  }

  /** Augments the BGR image in place; {@code hsv} is scratch space. Draws nothing when all gains are 0. */
  public void apply(Mat bgr, Mat hsv, SampleRandom rng) {
    byte[] lut = draw(rng);
    if (lut != null) {
      apply(bgr, hsv, lut);
    }
  }

  /** Draws this sample's tables (see {@link #lut}); null, drawing nothing, when all gains are 0. */
  public byte[] draw(SampleRandom rng) {
    if (hgain == 0 && sgain == 0 && vgain == 0) {
      return null;
    }
    double rh = rng.uniform(-1, 1) * hgain;
    double rs = rng.uniform(-1, 1) * sgain;
    double rv = rng.uniform(-1, 1) * vgain;
    return lut(rh, rs, rv);
  }

  /** Applies explicit interleaved tables (see {@link #lut}) in place. */
  public static void apply(Mat bgr, Mat hsv, byte[] lut) {
    try (Mat table = new Mat(1, 256, opencv_core.CV_8UC3); BytePointer data = table.data()) {
      data.put(lut);
      opencv_imgproc.cvtColor(bgr, hsv, opencv_imgproc.COLOR_BGR2HSV);
      opencv_core.LUT(hsv, table, hsv);
      opencv_imgproc.cvtColor(hsv, bgr, opencv_imgproc.COLOR_HSV2BGR);
    }
  }
}
