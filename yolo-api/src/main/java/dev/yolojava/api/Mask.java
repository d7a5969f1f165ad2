package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One detected object's instance mask (segmentation models), in the original image's pixels: {@code width x height}
 * values, 1 on the object and 0 elsewhere, row by row. Immutable.
 */
public final class Mask {
  private final int width;
  private final int height;
  private final byte[] pixels;

  /** @param pixels {@code width * height} bytes, row-major; nonzero marks the object (copied) */
  public Mask(int width, int height, byte[] pixels) {
    checkArgument(width > 0 && height > 0, "mask size is %sx%s, expected positive", width, height);
    checkArgument(pixels.length == width * height, "mask of %sx%s has %s pixels, expected %s", width, height,
        pixels.length, width * height);
    this.width = width;
    this.height = height;
    this.pixels = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      this.pixels[i] = (byte) (pixels[i] != 0 ? 1 : 0);
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Whether pixel {@code (x, y)} belongs to the object. */
  public boolean contains(int x, int y) {
    checkArgument(x >= 0 && x < width && y >= 0 && y < height, "(%s, %s) is outside the %sx%s mask", x, y, width,
        height);
    return pixels[y * width + x] != 0;
  }

  /** The object's pixel count. */
  public int area() {
    int n = 0;
    for (byte b : pixels) {
      n += b;
    }
    return n;
  }

  /** A copy of the values (1 on the object), row-major. */
  public byte[] pixels() {
    return pixels.clone();
  }

  /**
   * The outline as Ultralytics' {@code masks.xy} gives it ({@code masks2segments}, strategy "all"): the points of
   * every external contour (OpenCV, simple chain approximation), one contour after another, as
   * {@code x0, y0, x1, y1, ...} in pixels; empty for an empty mask. Traced at the original image size, so an outline
   * has more points than Ultralytics' (traced on the smaller input-size mask, then scaled).
   */
  public float[] polygon() {
    try (org.bytedeco.javacpp.BytePointer data = new org.bytedeco.javacpp.BytePointer(pixels);
        org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(height, width,
            org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
        org.bytedeco.opencv.opencv_core.MatVector contours = new org.bytedeco.opencv.opencv_core.MatVector();
        org.bytedeco.opencv.opencv_core.Mat hierarchy = new org.bytedeco.opencv.opencv_core.Mat()) {
      org.bytedeco.opencv.global.opencv_imgproc.findContours(m, contours, hierarchy,
          org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL,
          org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE);
      int total = 0;
      for (long i = 0; i < contours.size(); i++) {
        total += (int) contours.get(i).total();
      }
      float[] out = new float[total * 2];
      int k = 0;
      for (long i = 0; i < contours.size(); i++) {
        org.bytedeco.opencv.opencv_core.Mat c = contours.get(i);
        int[] xy = new int[(int) c.total() * 2];
        c.data().position(0);
        new org.bytedeco.javacpp.IntPointer(c.data()).get(xy);
        for (int v : xy) {
          out[k++] = v;
        }
      }
      return out;
    }
  }

  /** Intersection over union with another mask of the same size. */
  public double iou(Mask other) {
    checkArgument(other.width == width && other.height == height, "masks of %sx%s and %sx%s", width, height,
        other.width, other.height);
    int inter = 0;
    int union = 0;
    for (int i = 0; i < pixels.length; i++) {
      inter += pixels[i] & other.pixels[i];
      union += pixels[i] | other.pixels[i];
    }
    return union == 0 ? 1.0 : (double) inter / union;
  }

  @Override
  public String toString() {
    return "Mask[" + width + "x" + height + ", area=" + area() + "]";
  }
}
