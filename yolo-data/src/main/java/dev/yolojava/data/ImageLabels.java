package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;

/**
 * One image's verified labels: the original image size and {@code n} boxes as {@code cls} ({@code n}) and
 * normalised {@code cx cy w h} rows ({@code 4n}, row-major). Arrays are owned by this record: do not modify.
 */
public record ImageLabels(Path image, int height, int width, float[] cls, float[] boxes) {
  public ImageLabels {
    checkArgument(boxes.length == cls.length * 4, "%s: %s classes but %s box values, expected %s",
        image, cls.length, boxes.length, cls.length * 4);
  }

  /** Number of boxes. */
  public int size() {
    return cls.length;
  }
}
