package dev.yolojava.api.hostile;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Damaged copies of the real {@code yolov8n-synth.pt} fixture (skipping the case when fixtures are absent). */
final class FixtureEdits {
  private FixtureEdits() {}

  static Path source() {
    Path dir = Paths.get(System.getProperty("yolo.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    Path pt = dir.resolve("yolov8n-synth.pt");
    assumeTrue(Files.isRegularFile(pt), "fixture " + pt + " not found: skipping this hostile-input case");
    return pt;
  }

  /** A copy whose first tensor storage ({@code <name>/data/0}) keeps only half its bytes. */
  static Path truncateFirstStorage(Path out) throws IOException {
    return rewrite(out, (name, bytes) -> name.endsWith("/data/0") ? Arrays.copyOf(bytes, bytes.length / 2) : bytes);
  }

  /** A copy whose {@code data.pkl} has {@code from} replaced by {@code to} (text in GLOBAL opcodes). */
  static Path replaceInPickle(Path out, String from, String to) throws IOException {
    return rewrite(out, (name, bytes) -> {
      if (!name.endsWith("/data.pkl")) {
        return bytes;
      }
      String s = new String(bytes, StandardCharsets.ISO_8859_1);
      if (!s.contains(from)) {
        throw new IllegalStateException("fixture pickle does not contain " + from.replace("\n", "\\n"));
      }
      return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    });
  }

  private static Path rewrite(Path out, BiFunction<String, byte[], byte[]> edit) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(source().toFile())) {
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        try (InputStream in = zip.getInputStream(e)) {
          entries.put(e.getName(), edit.apply(e.getName(), in.readAllBytes()));
        }
      }
    }
    return HostileFiles.zip(out, entries, ZipEntry.STORED);
  }
}
