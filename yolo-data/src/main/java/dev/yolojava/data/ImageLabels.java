package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;

/**
 * One image's verified labels: the original image size and {@code n} boxes as {@code cls} ({@code n}) and
 * normalised {@code cx cy w h} rows ({@code 4n}, row-major); with polygon labels also {@code segments}, one
 * normalised {@code x1 y1 x2 y2 ...} outline per box (the box is the outline's extent, as Ultralytics'
 * {@code segments2boxes}), else null; with keypoint labels (a pose data set) {@code keypoints}, one normalised
 * {@code x y visibility} row per keypoint for each box ({@code 3 x count} values), else null. Arrays are owned by this
 * record: do not modify.
 */
public record ImageLabels(Path image, int height, int width, float[] cls, float[] boxes, float[][] segments,
    float[][] keypoints) {
  public ImageLabels {
    checkArgument(boxes.length == cls.length * 4, "%s: %s classes but %s box values, expected %s",
        image, cls.length, boxes.length, cls.length * 4);
    checkArgument(segments == null || segments.length == cls.length, "%s: %s classes but %s polygons, expected %s",
        image, cls.length, segments == null ? 0 : segments.length, cls.length);
    checkArgument(keypoints == null || keypoints.length == cls.length,
        "%s: %s classes but keypoints of %s objects, expected %s", image, cls.length,
        keypoints == null ? 0 : keypoints.length, cls.length);
  }

  /** Box or polygon labels (no keypoints). */
  public ImageLabels(Path image, int height, int width, float[] cls, float[] boxes, float[][] segments) {
    this(image, height, width, cls, boxes, segments, null);
  }

  /** Box labels only (no polygons). */
  public ImageLabels(Path image, int height, int width, float[] cls, float[] boxes) {
    this(image, height, width, cls, boxes, null, null);
  }

  /** Number of boxes. */
  public int size() {
    return cls.length;
  }

  /** Whether every box comes with its polygon (an image without labels has them all). */
  public boolean hasSegments() {
    return segments != null || cls.length == 0;
  }

  /** Whether every box comes with its keypoints (an image without labels has them all). */
  public boolean hasKeypoints() {
    return keypoints != null || cls.length == 0;
  }
}
