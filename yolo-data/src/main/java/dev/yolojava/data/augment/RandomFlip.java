package dev.yolojava.data.augment;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** Ultralytics' RandomFlip: mirror image and boxes, left-right or up-down, each with its own probability. */
public final class RandomFlip {
  private RandomFlip() {}

  /** Left-right: {@code x -> w - x} (so {@code x1' = w - x2, x2' = w - x1}), in place; boxes without keypoints. */
  public static void flipBoxesLr(Boxes b, int w) {
    b.flipLr(w, null);
  }

  /** Left-right, in place; keypoints swap sides through {@code flipIdx} (a pose data set's {@code flip_idx}). */
  public static void flipBoxesLr(Boxes b, int w, int[] flipIdx) {
    b.flipLr(w, flipIdx);
  }

  /** Up-down: {@code y -> h - y}, in place. */
  public static void flipBoxesUd(Boxes b, int h) {
    b.flipUd(h);
  }

  /** Mirrors {@code src} into {@code dst}: horizontally when {@code horizontal}, else vertically. */
  public static void flipImage(Mat src, Mat dst, boolean horizontal) {
    opencv_core.flip(src, dst, horizontal ? 1 : 0);
  }
}
