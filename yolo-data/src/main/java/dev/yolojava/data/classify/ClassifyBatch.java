package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;

/**
 * One batch of a {@link ClassifyLoader}: {@code pixels} holds {@code B x 3 x size x size} floats (per image CHW,
 * RGB, in [0, 1]), {@code labels} and {@code files} the B class indices and image files in the same order.
 */
public record ClassifyBatch(float[] pixels, int[] labels, List<Path> files, int size) {
  public ClassifyBatch {
    files = List.copyOf(files);
    checkArgument(labels.length == files.size(), "batch has %s labels and %s files, expected equal counts",
        labels.length, files.size());
    checkArgument(pixels.length == (long) labels.length * 3 * size * size,
        "batch pixels hold %s floats, expected %s x 3 x %s x %s", pixels.length, labels.length, size, size);
  }

  /** The number of images. */
  public int count() {
    return labels.length;
  }
}
