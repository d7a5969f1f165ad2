package dev.yolojava.core.engine;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The pose validation references of {@code fixtures/pose} (made by {@code bench/pose_val_fixture.py} with Ultralytics
 * 8.4.90 on the CPU; see {@code fixtures/README.md}) and a data set of the four fixture images with their keypoint
 * labels, copied into a temporary folder so no label cache is written into the repository.
 */
final class PoseValFixtures {
  static final List<String> NAMES = List.of("kite");
  /** The synthetic set's data.yaml keys for its keypoints. */
  static final String KEYPOINTS = "kpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\n";

  private PoseValFixtures() {}

  static Path dir() {
    return Path.of(System.getProperty("yolo.taskFixtures", "../fixtures"), "pose");
  }

  static Map<String, NpyArray> npz(String name) throws IOException {
    return Npz.read(dir().resolve(name));
  }

  static String json(String name) throws IOException {
    return Files.readString(dir().resolve(name));
  }

  /** {@code tmp}/data.yaml over copies of {@code fixtures/pose/images} and {@code labels}, with {@code yamlExtra}. */
  static Path dataset(Path tmp, String yamlExtra) throws IOException {
    for (String sub : List.of("images", "labels")) {
      Path to = Files.createDirectories(tmp.resolve(sub).resolve("val"));
      try (var files = Files.list(dir().resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    Path yaml = tmp.resolve("data.yaml");
    Files.writeString(yaml, "path: " + tmp.toAbsolutePath() + "\ntrain: images/val\nval: images/val\n" + yamlExtra
        + "names: ['kite']\n");
    return yaml;
  }

  /** The four images as a pose data set. */
  static Path dataset(Path tmp) throws IOException {
    return dataset(tmp, KEYPOINTS);
  }
}
