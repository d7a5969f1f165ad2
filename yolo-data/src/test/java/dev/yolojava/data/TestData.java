package dev.yolojava.data;

import dev.yolojava.data.synth.SyntheticDataset;
import dev.yolojava.data.synth.SyntheticSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Small on-the-fly datasets for tests. */
public final class TestData {
  private TestData() {}

  /** A small synthetic set (160x120 images) written into {@code dir}; returns its data.yaml. */
  public static Path synthetic(Path dir, int train, int val, long seed) {
    return SyntheticDataset.write(dir, new SyntheticSpec(train, val, seed, 160, 120));
  }

  /** Writes a solid-colour image (BGR) of {@code w x h}. */
  public static Path image(Path file, int w, int h, int b, int g, int r) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Scalar s = new Scalar(b, g, r, 0); Mat m = new Mat(h, w, opencv_core.CV_8UC3, s)) {
      opencv_imgcodecs.imwrite(file.toString(), m);
    }
    return file;
  }

  public static Path text(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
