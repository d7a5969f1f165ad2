package dev.yolojava.data.augment;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/** Ultralytics' MixUp and CutMix, applied to two already pre-transformed samples of the same size. */
public final class MixTransforms {
  private MixTransforms() {}

  /**
   * MixUp: {@code img = img * r + img2 * (1 - r)} with {@code r ~ Beta(32, 32)}, boxes of both kept. OpenCV rounds
   * the blend where NumPy truncates, so pixels may differ from Ultralytics by 1.
   */
  public static Boxes mixUp(Mat img, Boxes boxes, Mat img2, Boxes boxes2, SampleRandom rng) {
    double r = rng.beta(32, 32);
    opencv_core.addWeighted(img, r, img2, 1 - r, 0, img);
    return Boxes.concat(boxes, boxes2);
  }

  /**
   * CutMix: draws 3 candidate areas ({@code lam ~ Beta(1, 1)}, side {@code sqrt(1 - lam)} of the image's), keeps
   * those overlapping none of the image's boxes, picks one, and pastes that area of {@code img2} with the boxes of
   * {@code img2} that cover at least 10% (1% for polygon labels) of themselves inside it (clipped to the area). Unchanged when no area is
   * free or no box qualifies.
   */
  public static Boxes cutMix(Mat img, Boxes boxes, Mat img2, Boxes boxes2, SampleRandom rng) {
    int w = img.cols();
    int h = img.rows();
    float[][] areas = new float[3][];
    for (int k = 0; k < 3; k++) {
      double lam = rng.beta(1, 1);
      double cut = Math.sqrt(1 - lam);
      int cw = (int) (w * cut);
      int ch = (int) (h * cut);
      int cx = rng.nextInt(w);
      int cy = rng.nextInt(h);
      areas[k] = new float[] {clip(cx - cw / 2, w), clip(cy - ch / 2, h), clip(cx + cw / 2, w), clip(cy + ch / 2, h)};
    }
    List<Integer> free = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      double sum = 0;
      for (int i = 0; i < boxes.size(); i++) {
        sum += ioa(areas[k], boxes.xyxy(), i);
      }
      if (sum <= 0) {
        free.add(k);
      }
    }
    if (free.isEmpty()) {
      return boxes;
    }
    float[] a = areas[free.get(rng.nextInt(free.size()))];
    boolean[] keep = new boolean[boxes2.size()];
    boolean any = false;
    for (int i = 0; i < keep.length; i++) {
      keep[i] = ioa(a, boxes2.xyxy(), i) >= (boxes.hasSegments() && boxes.size() > 0 ? 0.01 : 0.1);
      any |= keep[i];
    }
    if (!any) {
      return boxes;
    }
    int x1 = (int) a[0];
    int y1 = (int) a[1];
    int x2 = (int) a[2];
    int y2 = (int) a[3];
    if (x2 > x1 && y2 > y1) {
      try (Rect r = new Rect(x1, y1, x2 - x1, y2 - y1); Mat dst = img.apply(r); Mat src = img2.apply(r)) {
        src.copyTo(dst);
      }
    }
    Boxes pasted = boxes2.filter(keep).translate(-x1, -y1).clip(x2 - x1, y2 - y1).translate(x1, y1);
    return Boxes.concat(boxes, pasted);
  }

  private static float clip(int v, int hi) {
    return Math.max(0, Math.min(v, hi));
  }

  /** Intersection of {@code area} with box {@code i}, over the box's own area (Ultralytics' {@code bbox_ioa}). */
  static double ioa(float[] area, float[] xyxy, int i) {
    double iw = Math.min(area[2], xyxy[4 * i + 2]) - Math.max(area[0], xyxy[4 * i]);
    double ih = Math.min(area[3], xyxy[4 * i + 3]) - Math.max(area[1], xyxy[4 * i + 1]);
    double inter = Math.max(0, iw) * Math.max(0, ih);
    double boxArea = (xyxy[4 * i + 2] - xyxy[4 * i]) * (xyxy[4 * i + 3] - xyxy[4 * i + 1]);
    return inter / (boxArea + 1e-7);
  }
}
