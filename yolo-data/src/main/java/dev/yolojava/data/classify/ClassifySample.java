package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Objects;

/** One image of a classification split and its class index (the position of its class in the data set's names). */
public record ClassifySample(Path file, int classIndex) {
  public ClassifySample {
    Objects.requireNonNull(file, "file");
    checkArgument(classIndex >= 0, "class index of %s is %s, expected >= 0", file, classIndex);
  }
}
