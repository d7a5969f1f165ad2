package dev.yolojava.core.engine;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The segmentation validation references of {@code fixtures/segment} (made by {@code bench/seg_val_fixture.py}
 * with Ultralytics 8.4.90 on the CPU; see {@code fixtures/README.md}) and a data set of the four fixture images with
 * their polygon labels, copied into a temporary folder so no label cache is written into the repository.
 */
final class SegmentValFixtures {
  static final List<String> NAMES = List.of("box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star");

  private SegmentValFixtures() {}

  static Path dir() {
    return Path.of(System.getProperty("yolo.taskFixtures", "../fixtures"), "segment");
  }

  static Map<String, NpyArray> npz(String name) throws IOException {
    return Npz.read(dir().resolve(name));
  }

  static String json(String name) throws IOException {
    return Files.readString(dir().resolve(name));
  }

  /** {@code tmp}/data.yaml over copies of {@code fixtures/segment/images} and {@code labels}. */
  static Path dataset(Path tmp) throws IOException {
    for (String sub : List.of("images", "labels")) {
      Path to = Files.createDirectories(tmp.resolve(sub).resolve("val"));
      try (var files = Files.list(dir().resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    Path yaml = tmp.resolve("data.yaml");
    Files.writeString(yaml, "path: " + tmp.toAbsolutePath() + "\ntrain: images/val\nval: images/val\nnames: "
        + NAMES.stream().map(n -> "'" + n + "'").toList() + "\n");
    return yaml;
  }

  /** The unsigned bits of an {@code np.packbits(..., axis=-1)} array row of {@code w} pixels, first pixel highest. */
  static boolean bit(long[] packed, int row, int w, int x) {
    int rowBytes = (w + 7) / 8;
    return ((packed[row * rowBytes + x / 8] >> (7 - x % 8)) & 1) != 0;
  }
}
