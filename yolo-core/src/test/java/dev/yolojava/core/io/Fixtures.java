package dev.yolojava.core.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared reference fixtures (system property {@code yolo.fixtures}); skips the test when absent. */
final class Fixtures {
  private Fixtures() {}

  static Path file(String name) {
    String dir = System.getProperty("yolo.fixtures", "../../shared/fixtures");
    Path p = Path.of(dir).resolve(name);
    Assumptions.assumeTrue(Files.isRegularFile(p), "fixtures not found at " + p.toAbsolutePath()
        + ": skipping (set -Dyolo.fixtures to the shared fixtures directory)");
    return p;
  }
}
