package dev.yolojava.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The Ultralytics reference fixtures ({@code -Dyolo.fixtures}, default {@code ../shared/fixtures}). */
final class Fixtures {
  private static Path extractedVal64;

  private Fixtures() {}

  /** The fixtures directory; skips the calling test with a clear message when it is absent. */
  static Path dir() {
    Path dir = Paths.get(System.getProperty("yolo.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(dir), "Ultralytics fixtures not found at " + dir + ": skipping parity test");
    return dir;
  }

  static Path file(String name) {
    Path f = dir().resolve(name);
    assumeTrue(Files.isRegularFile(f), "fixture " + f + " not found: skipping parity test");
    return f;
  }

  /** {@code synth-val64.tar} extracted once per JVM; returns the directory holding {@code images/} and {@code labels/}. */
  static synchronized Path val64() throws IOException {
    if (extractedVal64 == null) {
      Path tar = file("synth-val64.tar");
      Path out = Files.createTempDirectory("yolo-val64");
      try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
        for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
          Path target = out.resolve(e.getName()).normalize();
          if (!target.startsWith(out)) {
            throw new IOException("tar entry escapes the target directory: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(t, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      extractedVal64 = out.resolve("synth-val64");
    }
    return extractedVal64;
  }
}
