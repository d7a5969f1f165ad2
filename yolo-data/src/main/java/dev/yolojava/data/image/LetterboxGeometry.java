package dev.yolojava.data.image;

/**
 * Where a letterboxed image came from: the source size, the resized (unpadded) size, the scale {@code ratio} and the
 * padding on each side. Maps boxes between the two pixel spaces.
 */
public record LetterboxGeometry(
    int srcH, int srcW, int unpadH, int unpadW, double ratio, int top, int bottom, int left, int right) {

  public int outH() {
    return unpadH + top + bottom;
  }

  public int outW() {
    return unpadW + left + right;
  }

  /** Maps xyxy boxes (in place, float32 rows of 4 with the given row stride) from letterboxed to source pixels. */
  public void toSource(float[] xyxy, int offset, int rowStride, int rows) {
    float gain = (float) ratio;
    for (int i = 0; i < rows; i++) {
      int o = offset + i * rowStride;
      xyxy[o] = clamp((xyxy[o] - left) / gain, srcW);
      xyxy[o + 1] = clamp((xyxy[o + 1] - top) / gain, srcH);
      xyxy[o + 2] = clamp((xyxy[o + 2] - left) / gain, srcW);
      xyxy[o + 3] = clamp((xyxy[o + 3] - top) / gain, srcH);
    }
  }

  /** Maps one source-pixel coordinate pair to letterboxed pixels (for labels). */
  public float[] toLetterboxed(float x, float y) {
    return new float[] {(float) (x * ratio + left), (float) (y * ratio + top)};
  }

  private static float clamp(float v, int hi) {
    return Math.max(0f, Math.min(v, hi));
  }
}
