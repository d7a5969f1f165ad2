package dev.yolojava.data.augment;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** Ultralytics' RandomFlip: mirror image and boxes, left-right or up-down, each with its own probability. */
public final class RandomFlip {
  private RandomFlip() {}

  /** Left-right: {@code x -> w - x} (so {@code x1' = w - x2, x2' = w - x1}), in place. */
  public static void flipBoxesLr(Boxes b, int w) {
    float[] v = b.xyxy();
    for (int i = 0; i < v.length; i += 4) {
      float x1 = v[i];
      v[i] = w - v[i + 2];
      v[i + 2] = w - x1;
    }
  }

  /** Up-down: {@code y -> h - y}, in place. */
  public static void flipBoxesUd(Boxes b, int h) {
    float[] v = b.xyxy();
    for (int i = 0; i < v.length; i += 4) {
      float y1 = v[i + 1];
      v[i + 1] = h - v[i + 3];
      v[i + 3] = h - y1;
    }
  }

  /** Mirrors {@code src} into {@code dst}: horizontally when {@code horizontal}, else vertically. */
  public static void flipImage(Mat src, Mat dst, boolean horizontal) {
    opencv_core.flip(src, dst, horizontal ? 1 : 0);
  }
}
