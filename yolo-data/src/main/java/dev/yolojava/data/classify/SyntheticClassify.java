package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.synth.SyntheticDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A deterministic synthetic classification set in Ultralytics' folder layout, for tests: each image one of the
 * detection synthetic set's eight shapes (box disc triangle cross ring diamond bar star, drawn by the same painter)
 * spanning 40-90% of the image per side at a random place and colour, on a smooth-wave textured noisy background;
 * JPEG quality 90. The same arguments give the same files (not {@code bench/synth_tasks.py}'s pixels).
 */
public final class SyntheticClassify {
  static {
    dev.yolojava.runtime.JavaCppDefaults.apply(); // before any native type loads
  }

  private SyntheticClassify() {}

  /**
   * The shapes in painter order (those of {@link SyntheticDataset#names()}); image {@code i} shows shape {@code i %
   * 8}. The written set numbers its classes as ImageFolder does, by sorted folder name: bar box cross diamond disc
   * ring star triangle.
   */
  public static List<String> shapeNames() {
    return SyntheticDataset.names();
  }

  /**
   * Writes {@code trainPerClass} and {@code valPerClass} {@code size x size} images of each class to
   * {@code root/train/<class>/NNNNN.jpg} and {@code root/val/<class>/NNNNN.jpg}; returns the opened set.
   */
  public static ClassifyFolders write(Path root, int trainPerClass, int valPerClass, int size, long seed) {
    checkArgument(trainPerClass > 0, "trainPerClass is %s, expected at least 1 image per class", trainPerClass);
    checkArgument(valPerClass >= 0, "valPerClass is %s, expected >= 0", valPerClass);
    checkArgument(size >= 16, "size is %s, expected at least 16 pixels", size);
    List<String> names = shapeNames();
    try {
      for (String split : List.of("train", "val")) {
        for (String n : names) {
          Files.createDirectories(root.resolve(split).resolve(n));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create synthetic classification folders in " + root, e);
    }
    int nc = names.size();
    // each image's pixels depend only on (seed, split, index): a parallel write is still deterministic
    IntStream.range(0, trainPerClass * nc).parallel().forEach(i -> writeOne(root, "train", i, i % nc, size, seed));
    IntStream.range(0, valPerClass * nc).parallel().forEach(i -> writeOne(root, "val", i, i % nc, size, seed));
    return ClassifyFolders.open(root);
  }

  private static void writeOne(Path root, String split, int i, int c, int size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + i + (split.equals("train") ? 0 : 10_000_000));
    try (Mat img = background(rng, size)) {
      int bw = Math.max(2, (int) (rng.nextDouble(0.4, 0.9) * size));
      int bh = Math.max(2, (int) (rng.nextDouble(0.4, 0.9) * size));
      int x0 = rng.nextInt(0, size - bw);
      int y0 = rng.nextInt(0, size - bh);
      int[] bgr = {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
      dev.yolojava.data.synth.ShapePainter.draw(img, c, x0, y0, x0 + bw, y0 + bh, bgr);
      Path jpg = root.resolve(split).resolve(shapeNames().get(c)).resolve(String.format(Locale.ROOT, "%05d.jpg", i));
      boolean ok = opencv_imgcodecs.imwrite(jpg.toString(), img, new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 90});
      checkArgument(ok, "OpenCV could not write %s", jpg);
    }
  }

  /** Per channel: base + 60 sin(x/ax + phase) cos(y/ay) + N(0, 18), clipped to 0-255 (the detection set's texture). */
  private static Mat background(SplittableRandom rng, int size) {
    byte[] px = new byte[size * size * 3];
    for (int ch = 0; ch < 3; ch++) {
      int base = rng.nextInt(256);
      double ax = rng.nextDouble(20, 120);
      double phase = rng.nextDouble(0, 6);
      double ay = rng.nextDouble(20, 120);
      for (int y = 0; y < size; y++) {
        double cy = Math.cos(y / ay);
        for (int x = 0; x < size; x++) {
          double v = base + 60 * Math.sin(x / ax + phase) * cy + 18 * rng.nextGaussian();
          px[(y * size + x) * 3 + ch] = (byte) Math.max(0, Math.min(255, (int) v));
        }
      }
    }
    Mat m = new Mat(size, size, opencv_core.CV_8UC3);
    try (BytePointer data = m.data()) {
      data.put(px);
    }
    return m;
  }
}
