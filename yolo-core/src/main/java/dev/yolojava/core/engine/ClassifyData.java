package dev.yolojava.core.engine;

import dev.yolojava.data.classify.SyntheticClassify;
import dev.yolojava.data.synth.SyntheticDataset;
import dev.yolojava.data.synth.SyntheticSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Where a classification run's {@code data=} points: a folder with {@code train/} and {@code val/} (or {@code test/})
 * holding one folder of images per class, or {@code synthetic[:train=N,val=N,size=WxW,seed=S]}: the built-in shapes,
 * one per image (defaults 800 train and 160 val images of 128x128 over the eight classes), generated once into the
 * cache folder as the detection set is.
 */
final class ClassifyData {
  private static final String SYNTHETIC_DEFAULTS = "synthetic:train=800,val=160,size=128x128";
  private static final int SYNTHETIC_CLASSES = 8;

  private ClassifyData() {}

  static Path resolve(String data) {
    if (SyntheticSpec.isSynthetic(data)) {
      return synthetic(data);
    }
    Path p = Path.of(data);
    if (Files.isDirectory(p)) {
      return p;
    }
    String hint = data.endsWith(".yaml") || data.endsWith(".yml")
        ? "; a classifier trains on a folder, not a data.yaml (Ultralytics' classify data sets are folders)"
        : Files.exists(p) ? "" : "; downloading named classification sets (mnist160, imagenet10, ...) is not built in"
            + " yolo-java: give the folder, or data=synthetic for the built-in shapes";
    throw new IllegalArgumentException("data=" + data + ": expected a folder with train/ and val/ (or test/) that"
        + " hold one folder of images per class" + hint);
  }

  /** The synthetic classification set of {@code data}, generated on first use (atomically, so runs can share it). */
  private static Path synthetic(String data) {
    String given = data.trim();
    String keys = given.length() > SyntheticSpec.PREFIX.length() ? given.substring(SyntheticSpec.PREFIX.length() + 1)
        : "";
    SyntheticSpec spec = SyntheticSpec.parse(SYNTHETIC_DEFAULTS + (keys.isEmpty() ? "" : "," + keys));
    if (spec.width() != spec.height()) {
      throw new IllegalArgumentException("data=" + data + ": classification images are square; expected size=WxW");
    }
    int trainPer = Math.max(1, (spec.train() + SYNTHETIC_CLASSES - 1) / SYNTHETIC_CLASSES);
    int valPer = Math.max(1, (spec.val() + SYNTHETIC_CLASSES - 1) / SYNTHETIC_CLASSES);
    Path dir = SyntheticDataset.cacheRoot().resolve(String.format(Locale.ROOT, "classify-%d-%d-s%d-%d", trainPer,
        valPer, spec.seed(), spec.width()));
    if (Files.isDirectory(dir.resolve("val"))) {
      return dir;
    }
    try {
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
      SyntheticClassify.write(tmp, trainPer, valPer, spec.width(), spec.seed());
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isDirectory(dir.resolve("val"))) { // another run did not win the race: a real failure
          throw e;
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the synthetic classification set to " + dir, e);
    }
  }
}
