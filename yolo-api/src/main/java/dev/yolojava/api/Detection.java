package dev.yolojava.api;

/**
 * One detected object: box corners in original image pixels, confidence, class id and name.
 */
public record Detection(float x1, float y1, float x2, float y2, float conf, int classId, String className) {
  public float width() {
    return x2 - x1;
  }

  public float height() {
    return y2 - y1;
  }

  /** Box as {@code [x1, y1, x2, y2]}. */
  public float[] xyxy() {
    return new float[] {x1, y1, x2, y2};
  }

  /** Box as {@code [cx, cy, w, h]}. */
  public float[] xywh() {
    return new float[] {(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1};
  }
}
