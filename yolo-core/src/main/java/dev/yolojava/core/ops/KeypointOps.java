package dev.yolojava.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

/** Pose keypoints carried in detection rows ({@code x1 y1 x2 y2 conf cls} then {@code nkpt} groups of {@code ndim}). */
public final class KeypointOps {
  private KeypointOps() {}

  /**
   * Ultralytics' pose {@code construct_result}: the keypoints of rows in letterboxed {@code inH x inW} input pixels to
   * the original {@code h0 x w0} image's ({@code scale_coords}: padding removed, divided by the gain, clipped), in
   * place; visibilities ({@code ndim == 3}) are left as they are. The boxes are not touched.
   */
  public static void scaleToOriginal(float[][] rows, int ndim, int inH, int inW, int h0, int w0) {
    checkArgument(ndim == 2 || ndim == 3, "keypoint dims is %s, expected 2 or 3", ndim);
    for (float[] r : rows) {
      int n = (r.length - 6) / ndim;
      checkArgument(n * ndim == r.length - 6, "a pose row has %s values, expected 6 + keypoints x %s", r.length, ndim);
      float[] xy = new float[2 * n];
      for (int k = 0; k < n; k++) {
        xy[2 * k] = r[6 + k * ndim];
        xy[2 * k + 1] = r[7 + k * ndim];
      }
      MaskOps.scaleCoords(xy, inH, inW, h0, w0);
      for (int k = 0; k < n; k++) {
        r[6 + k * ndim] = xy[2 * k];
        r[7 + k * ndim] = xy[2 * k + 1];
      }
    }
  }
}
