package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The keypoints of one detected object of a pose model, as Ultralytics' {@code Results.keypoints[i]}: {@code xy} in
 * the original image's pixels and, when the model predicts visibility ({@code kpt_shape [n, 3]}), a confidence per
 * keypoint. Immutable.
 */
public final class Keypoints {
  private final float[] xy;
  private final float[] conf;

  /**
   * @param xy {@code x0 y0 x1 y1 ...}, original pixels
   * @param conf per keypoint visibility confidence, or null when the model has none
   */
  public Keypoints(float[] xy, float[] conf) {
    checkArgument(xy.length % 2 == 0, "keypoints: %s coordinates, expected x, y pairs", xy.length);
    checkArgument(conf == null || conf.length * 2 == xy.length, "keypoints: %s confidences for %s points",
        conf == null ? 0 : conf.length, xy.length / 2);
    this.xy = xy.clone();
    this.conf = conf == null ? null : conf.clone();
  }

  /** Number of keypoints. */
  public int size() {
    return xy.length / 2;
  }

  /** Keypoint {@code k}'s x in pixels. */
  public float x(int k) {
    return xy[2 * k];
  }

  /** Keypoint {@code k}'s y in pixels. */
  public float y(int k) {
    return xy[2 * k + 1];
  }

  /** All points as {@code x0 y0 x1 y1 ...} in pixels (Ultralytics' {@code keypoints.xy}, flattened). */
  public float[] xy() {
    return xy.clone();
  }

  /** True when the model predicts a confidence per keypoint. */
  public boolean hasConf() {
    return conf != null;
  }

  /** Keypoint {@code k}'s confidence (visibility), 1 when the model predicts none. */
  public float conf(int k) {
    return conf == null ? 1f : conf[k];
  }
}
