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
  private final float[] polygon;

  /** A mask whose outline is traced on these pixels. */
  public Mask(int width, int height, byte[] pixels) {
    this(width, height, pixels, traced(width, height, pixels));
  }

  /**
   * @param pixels {@code width * height} bytes, row-major; nonzero marks the object (copied)
   * @param polygon the outline, {@code x0, y0, x1, y1, ...} in pixels (copied)
   */
  public Mask(int width, int height, byte[] pixels, float[] polygon) {
    checkArgument(width > 0 && height > 0, "mask size is %sx%s, expected positive", width, height);
    checkArgument(pixels.length == width * height, "mask of %sx%s has %s pixels, expected %s", width, height,
        pixels.length, width * height);
    this.width = width;
    this.height = height;
    this.pixels = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      this.pixels[i] = (byte) (pixels[i] != 0 ? 1 : 0);
    }
    this.polygon = polygon.clone();
  }

  private static float[] traced(int width, int height, byte[] pixels) {
    checkArgument(width > 0 && height > 0 && pixels.length == (long) width * height,
        "mask of %sx%s has %s pixels, expected %s", width, height, pixels.length, (long) width * height);
    byte[] binary = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      binary[i] = (byte) (pixels[i] != 0 ? 1 : 0);
    }
    return dev.yolojava.core.ops.MaskOps.outline(binary, height, width);
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
   * The outline in the image's pixels as {@code x0, y0, x1, y1, ...}, as Ultralytics' {@code masks.xy}: traced on the
   * mask as the model made it (the letterboxed input's size unless {@code retina_masks}), then scaled to the image;
   * several parts of one mask follow one another (Ultralytics joins them into one ring). Empty for an empty mask.
   */
  public float[] polygon() {
    return polygon.clone();
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
