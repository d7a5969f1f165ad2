package dev.yolojava.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.yolojava.api.Yolo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds every case of {@link HostileCorpus} to its entry point: each must end in its documented exception (type and
 * message) or skip with a message, never a JVM crash; {@code docs/hostile-inputs.md} must list exactly these cases.
 */
class HostileInputsTest {
  private static Yolo model;

  @TempDir Path dir;

  static List<HostileCorpus.Case> cases() {
    return HostileCorpus.all();
  }

  private static synchronized Yolo model() {
    if (model == null) {
      model = Yolo.create("yolov8n.yaml", 2);
    }
    return model;
  }

  @AfterAll
  static void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void givesItsDocumentedOutcome(HostileCorpus.Case c) throws Exception {
    Supplier<Yolo> m = HostileInputsTest::model;
    if (c.expected() == null) {
      assertThat(c.action().run(dir, m)).as(c.name()).contains(c.fragment());
      return;
    }
    Throwable t = catchThrowable(() -> c.action().run(dir, m));
    if (t instanceof org.opentest4j.TestAbortedException skipped) {
      throw skipped; // a case that needs ../shared/fixtures skips where they are absent, as the parity tests do
    }
    assertThat(t).as(c.name()).isInstanceOf(c.expected());
    assertThat(t.getMessage()).as(c.name()).contains(c.fragment());
  }

  @Test
  void corpusHasAtLeastFiftyDistinctCases() {
    List<String> names = cases().stream().map(HostileCorpus.Case::name).toList();
    assertThat(names).hasSizeGreaterThanOrEqualTo(50).doesNotHaveDuplicates();
  }

  @Test
  void docsListExactlyTheCorpus() throws IOException {
    Path root = Paths.get("").toAbsolutePath().getParent();
    Path doc = root.resolve("docs/hostile-inputs.md");
    String expected = HostileDoc.render(cases());
    Path fresh = Paths.get("target/hostile-inputs.md");
    Files.writeString(fresh, expected, StandardCharsets.UTF_8);
    assertThat(Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "<missing " + doc + ">")
        .as("docs/hostile-inputs.md is out of date: copy yolo-api/" + fresh + " over it")
        .isEqualTo(expected);
  }

  /** Renders the docs page from the corpus. */
  static final class HostileDoc {
    private HostileDoc() {}

    static String render(List<HostileCorpus.Case> cases) {
      String rows = cases.stream()
          .map(c -> "| " + esc(c.name()) + (c.fixture() ? " (needs fixtures)" : "") + " | `" + c.entry() + "` | "
              + c.outcome() + " | " + esc(c.fragment()) + " |")
          .collect(Collectors.joining("\n"));
      return "# Hostile and broken inputs\n\n"
          + "Generated from `yolo-api/src/test/java/dev/yolojava/api/hostile/HostileCorpus.java`; "
          + "`HostileInputsTest` runs every case and fails if this page differs from the list (" + cases.size()
          + " cases).\nEach input is built by the test, fed to the public entry point named, and must end in the "
          + "exception type shown with a message containing the text shown, or (labels, dataset images) be "
          + "skipped with that message in the scan report. None may crash the JVM.\n\n"
          + "Limits behind these outcomes: `data.pkl` at most 256 MiB; zip entries must declare sizes consistent "
          + "with the file (stored = its length, deflated at most 1032:1); pickles at most 4096 nested marks, a "
          + "1,048,576-entry stack and 4,000,000 objects, globals from a whitelist only (module classes of "
          + "`ultralytics.nn` and `torch.nn.modules`, and of `torchvision.transforms` for a classifier's saved "
          + "transforms, are rebuilt as plain data, never run; `getattr` only as `getattr(InterpolationMode, "
          + "'NAME')`); images at most 2^28 "
          + "pixels, checked from the PNG/JPEG/BMP/GIF/WebP header before decoding; YAML read with SnakeYAML's "
          + "SafeConstructor (no python tags, at most 50 aliases, nesting depth 50).\n\n"
          + "| case | entry point | outcome | message contains |\n|---|---|---|---|\n" + rows + "\n";
    }

    private static String esc(String s) {
      return s.replace("|", "\\|").replace("\n", "\\n");
    }
  }
}
