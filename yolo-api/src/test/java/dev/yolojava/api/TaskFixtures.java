package dev.yolojava.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The committed task fixtures ({@code fixtures/pose}, {@code fixtures/segment}) as API tests use them. */
final class TaskFixtures {
  private TaskFixtures() {}

  /** {@code fixtures/TASK} of the repository (or {@code -Dyolo.taskFixtures=DIR}). */
  static Path dir(String task) {
    return Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve(task);
  }

  /** The fixture's four images, sorted. */
  static List<Path> images(String task) throws IOException {
    try (var s = Files.list(dir(task).resolve("images"))) {
      return s.sorted().toList();
    }
  }

  /**
   * {@code tmp}/data.yaml over copies of the fixture's images and labels (train and val alike), with {@code yamlExtra}
   * lines and {@code names}; copied so no label cache is written into the repository.
   */
  static Path dataset(String task, Path tmp, String yamlExtra, List<String> names) throws IOException {
    for (String sub : List.of("images", "labels")) {
      Path to = Files.createDirectories(tmp.resolve(sub).resolve("val"));
      try (var files = Files.list(dir(task).resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path yaml = tmp.resolve("data.yaml");
    Files.writeString(yaml, "path: " + tmp.toAbsolutePath() + "\ntrain: images/val\nval: images/val\n" + yamlExtra
        + "names: " + names.stream().map(n -> "'" + n + "'").toList() + "\n");
    return yaml;
  }
}
