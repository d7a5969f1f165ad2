package dev.yolojava.core.ops;

/** Box geometry helpers on float rows {@code x1 y1 x2 y2 ...}, matching Ultralytics' {@code ops} functions. */
public final class Boxes {
  private Boxes() {}

  /**
   * Ultralytics' {@code scale_boxes} without explicit ratio/pad: maps xyxy rows from a letterboxed input of
   * {@code inH x inW} back to the original {@code origH x origW} image, recomputing gain and padding from the shapes
   * (Python rounding), then clips to the image. Rows are modified in place.
   */
  public static void scaleToOriginal(float[][] rows, int inH, int inW, int origH, int origW) {
    double gain = Math.min((double) inH / origH, (double) inW / origW);
    long padX = Math.round(Math.rint((inW - Math.rint(origW * gain)) / 2 - 0.1));
    long padY = Math.round(Math.rint((inH - Math.rint(origH * gain)) / 2 - 0.1));
    float g = (float) gain;
    for (float[] r : rows) {
      r[0] = clip((r[0] - padX) / g, origW);
      r[1] = clip((r[1] - padY) / g, origH);
      r[2] = clip((r[2] - padX) / g, origW);
      r[3] = clip((r[3] - padY) / g, origH);
    }
  }

  /** IoU of two xyxy boxes, in float32 arithmetic like torchvision. */
  public static float iou(float[] a, float[] b) {
    float w = Math.max(0f, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
    float h = Math.max(0f, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
    float inter = w * h;
    float areaA = (a[2] - a[0]) * (a[3] - a[1]);
    float areaB = (b[2] - b[0]) * (b[3] - b[1]);
    return inter / (areaA + areaB - inter);
  }

  private static float clip(float v, int hi) {
    return Math.max(0f, Math.min(v, hi));
  }
}
