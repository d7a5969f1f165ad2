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

/**
 * The Ultralytics reference fixtures ({@code -Dyolo.fixtures}, default {@code ../shared/fixtures}), for the tests of
 * this module and, through its test jar, of the CLI and the distribution.
 */
public final class Fixtures {
  private static Path extractedVal64;

  private Fixtures() {}

  /** The fixtures directory; skips the calling test with a clear message when it is absent. */
  public static Path dir() {
    Path dir = Paths.get(System.getProperty("yolo.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(dir), "Ultralytics fixtures not found at " + dir + ": skipping parity test");
    return dir;
  }

  public static Path file(String name) {
    Path f = dir().resolve(name);
    assumeTrue(Files.isRegularFile(f), "fixture " + f + " not found: skipping parity test");
    return f;
  }

  /** {@code synth-val64.tar} extracted once per JVM; returns the directory holding {@code images/} and {@code labels/}. */
  public static synchronized Path val64() throws IOException {
    if (extractedVal64 == null) {
      extractedVal64 = untar(file("synth-val64.tar"), Files.createTempDirectory("yolo-val64")).resolve("synth-val64");
    }
    return extractedVal64;
  }

  /** A {@code data.yaml} for the 64 fixture images (val and train both the val split), written once. */
  public static Path val64Yaml() throws IOException {
    Path root = val64();
    Path yaml = root.resolve("data.yaml");
    if (!Files.exists(yaml)) {
      Files.writeString(yaml, "path: " + root + "\ntrain: images/val\nval: images/val\n"
          + "names: [box, disc, triangle, cross, ring, diamond, bar, star]\n");
    }
    return yaml;
  }

  /** Extracts {@code tar} under {@code to} (entries may not escape it; owner-executable files stay executable). */
  public static Path untar(Path tar, Path to) throws IOException {
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
        Path target = to.resolve(e.getName()).normalize();
        if (!target.startsWith(to)) {
          throw new IOException("tar entry escapes the target directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(t, target, StandardCopyOption.REPLACE_EXISTING);
          if ((e.getMode() & 0100) != 0) {
            target.toFile().setExecutable(true);
          }
        }
      }
    }
    return to;
  }
}
