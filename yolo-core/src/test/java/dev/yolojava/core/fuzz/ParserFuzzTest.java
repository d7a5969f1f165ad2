package dev.yolojava.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.nn.ModelConfig;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.LabelParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer targets for the parsers that read untrusted files. The invariant: only the documented exceptions
 * ({@link IllegalArgumentException}, {@link IOException} incl. {@code MalformedFileException},
 * {@link UncheckedIOException}); anything else (NPE, ClassCast, index errors, StackOverflow, OOM, a hang) fails.
 * {@code ./mvnw verify} replays the seed and crash inputs under {@code ParserFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes one target (see {@code .ci/run}).
 */
class ParserFuzzTest {
  private static final Path TMP = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("yolo-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(String name, byte[] data) throws IOException {
    Path p = TMP.resolve(name);
    Files.write(p, data);
    return p;
  }

  /** The pickle VM on raw bytes ({@code data.pkl}). */
  @FuzzTest(maxDuration = "60s")
  void pickle(byte[] data) throws Exception {
    Path p = write("data.pkl", data);
    try {
      Checkpoint.loadPickle(p);
    } catch (IOException | IllegalArgumentException expected) {
      // documented: MalformedFileException / ForbiddenGlobalException name the problem
    }
  }

  /** The checkpoint loader on zip bytes (a {@code .pt} archive). */
  @FuzzTest(maxDuration = "60s")
  void checkpointZip(byte[] data) throws Exception {
    Path p = write("model.pt", data);
    try {
      Checkpoint.load(p);
    } catch (IOException | IllegalArgumentException | UncheckedIOException expected) {
      // documented
    }
  }

  /** A data.yaml read from a file. */
  @FuzzTest(maxDuration = "60s")
  void dataYaml(byte[] data) throws Exception {
    Path p = write("data.yaml", data);
    try {
      DataConfig.load(p);
    } catch (IllegalArgumentException | UncheckedIOException expected) {
      // documented
    }
  }

  /** A model YAML: parse, then build the layer config. */
  @FuzzTest(maxDuration = "60s")
  void modelYaml(byte[] data) {
    try {
      ModelConfig.fromMap(ModelConfig.parseYaml(new ByteArrayInputStream(data), "fuzz.yaml"), 0);
    } catch (IllegalArgumentException expected) {
      // documented
    }
  }

  /** One label file's text. */
  @FuzzTest(maxDuration = "60s")
  void labels(byte[] data) {
    LabelParser.parse(new String(data, StandardCharsets.UTF_8), "fuzz.txt", 80, false);
  }
}
