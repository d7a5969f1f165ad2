package dev.yolojava.data.synth;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic synthetic detection data set in YOLO layout, in the spirit of
 * {@code shared/bench/synth_dataset.py}: JPEG (quality 90) images of 1-8 shapes of 8 classes (box disc triangle
 * cross ring diamond bar star) on smooth-wave textured noisy backgrounds, each label the shape's exact box.
 * The same spec and seed give the same files (not the Python script's pixels).
 */
public final class SyntheticDataset {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticDataset.class);

  private SyntheticDataset() {}

  /** Class names, in class-index order. */
  public static List<String> names() {
    return List.of(ShapePainter.NAMES);
  }

  /** Writes {@code nTrain} + {@code nVal} 640x480 images and a data.yaml into {@code dir}; returns the yaml. */
  public static Path write(Path dir, int nTrain, int nVal, long seed) {
    return write(dir, new SyntheticSpec(nTrain, nVal, seed, 640, 480));
  }

  /** Writes the set into {@code dir} ({@code images/}, {@code labels/}, {@code data.yaml}); returns the yaml. */
  public static Path write(Path dir, SyntheticSpec spec) {
    try {
      for (String s : List.of("train", "val")) {
        Files.createDirectories(dir.resolve("images").resolve(s));
        Files.createDirectories(dir.resolve("labels").resolve(s));
      }
      int threads = Runtime.getRuntime().availableProcessors();
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "yolo-synth");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < spec.train(); i++) {
          int idx = i;
          fs.add(pool.submit(() -> writeOne(dir, "train", idx, spec)));
        }
        for (int i = 0; i < spec.val(); i++) {
          int idx = i;
          fs.add(pool.submit(() -> writeOne(dir, "val", idx, spec)));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("synthetic data generation interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("synthetic data generation failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
      StringBuilder y = new StringBuilder();
      y.append("path: ").append(dir.toAbsolutePath()).append('\n');
      y.append("train: images/train\nval: images/val\nnc: ").append(ShapePainter.NAMES.length).append("\nnames:\n");
      for (int k = 0; k < ShapePainter.NAMES.length; k++) {
        y.append("  ").append(k).append(": ").append(ShapePainter.NAMES[k]).append('\n');
      }
      Path yaml = dir.resolve("data.yaml");
      Files.writeString(yaml, y.toString());
      return yaml;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write synthetic data set to " + dir, e);
    }
  }

  /**
   * The data.yaml of this spec's set in the cache folder (system property {@code yolo.cache.dir}, else env
   * {@code YOLO_CACHE_DIR}, else {@code ~/.cache/yolo-java}), generated on first use. Generation goes to a temp
   * folder renamed into place, so an interrupted or concurrent run never leaves a half-written set.
   */
  public static Path cached(SyntheticSpec spec) {
    Path dir = cacheRoot().resolve(spec.dirName());
    Path yaml = dir.resolve("data.yaml");
    if (Files.isRegularFile(yaml)) {
      return yaml;
    }
    try {
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), spec.dirName() + ".tmp");
      LOG.info("generating synthetic data set {} in {}", spec, dir);
      write(tmp, spec);
      // data.yaml names an absolute path: rewrite it for the final location before the move
      Files.writeString(tmp.resolve("data.yaml"),
          Files.readString(tmp.resolve("data.yaml")).replace(tmp.toAbsolutePath().toString(),
              dir.toAbsolutePath().toString()));
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(tmp); // someone else finished first
      } catch (IOException e) {
        if (!Files.isRegularFile(yaml)) {
          throw e;
        }
        deleteTree(tmp);
      }
      return yaml;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create synthetic data set in " + dir, e);
    }
  }

  /** The cache folder of generated data sets: {@code yolo.cache.dir}, else {@code YOLO_CACHE_DIR}, else ~/.cache/yolo-java. */
  public static Path cacheRoot() {
    String p = System.getProperty("yolo.cache.dir");
    if (p == null || p.isBlank()) {
      p = System.getenv("YOLO_CACHE_DIR");
    }
    if (p == null || p.isBlank()) {
      p = Path.of(System.getProperty("user.home"), ".cache", "yolo-java").toString();
    }
    return Path.of(p);
  }

  private static void writeOne(Path dir, String split, int i, SyntheticSpec spec) {
    int w = spec.width();
    int h = spec.height();
    SplittableRandom rng = new SplittableRandom(spec.seed() * 1_000_003L + i + (split.equals("train") ? 0 : 10_000_000));
    String name = String.format(Locale.ROOT, "%s_%06d", split, i);
    StringBuilder labels = new StringBuilder();
    try (Mat img = background(rng, w, h)) {
      int n = rng.nextInt(1, 9);
      for (int k = 0; k < n; k++) {
        int c = rng.nextInt(ShapePainter.NAMES.length);
        int bw = Math.max(2, (int) (rng.nextDouble(0.04, 0.45) * w));
        int bh = Math.max(2, (int) (rng.nextDouble(0.04, 0.45) * h));
        int x0 = rng.nextInt(0, w - bw);
        int y0 = rng.nextInt(0, h - bh);
        int[] color = {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
        ShapePainter.draw(img, c, x0, y0, x0 + bw, y0 + bh, color);
        labels.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", c, (x0 + bw / 2.0) / w,
            (y0 + bh / 2.0) / h, (double) bw / w, (double) bh / h));
      }
      Path jpg = dir.resolve("images").resolve(split).resolve(name + ".jpg");
      boolean ok = opencv_imgcodecs.imwrite(jpg.toString(), img,
          new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 90});
      checkArgument(ok, "OpenCV could not write %s", jpg);
      Files.writeString(dir.resolve("labels").resolve(split).resolve(name + ".txt"), labels.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per channel: base + 60 sin(x/ax + phase) cos(y/ay) + N(0, 18), clipped to 0-255. */
  private static Mat background(SplittableRandom rng, int w, int h) {
    byte[] px = new byte[w * h * 3];
    for (int ch = 0; ch < 3; ch++) {
      int base = rng.nextInt(256);
      double ax = rng.nextDouble(20, 120);
      double phase = rng.nextDouble(0, 6);
      double ay = rng.nextDouble(20, 120);
      double[] sx = new double[w];
      for (int x = 0; x < w; x++) {
        sx[x] = 60 * Math.sin(x / ax + phase);
      }
      for (int y = 0; y < h; y++) {
        double cy = Math.cos(y / ay);
        int o = y * w * 3 + ch;
        for (int x = 0; x < w; x++) {
          double v = base + sx[x] * cy + 18 * rng.nextGaussian();
          px[o + 3 * x] = (byte) Math.max(0, Math.min(255, (int) v));
        }
      }
    }
    Mat m = new Mat(h, w, opencv_core.CV_8UC3);
    try (BytePointer data = m.data()) {
      data.put(px);
    }
    return m;
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
