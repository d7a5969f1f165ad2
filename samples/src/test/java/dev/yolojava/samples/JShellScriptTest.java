package dev.yolojava.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs samples/jshell/predict.jsh through the JDK's jshell binary, as bin/jshell-yolo does, and reads its output. */
class JShellScriptTest {
  @TempDir Path work;

  @Test
  void predictScriptPrintsBoxesAndSavesDrawings() throws Exception {
    Path fixtures = Paths.get(System.getProperty("yolo.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    Assumptions.assumeTrue(Files.exists(fixtures.resolve("yolov8n-synth.pt")),
        "fixtures not found at " + fixtures + ": skipping jshell script test");
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    Assumptions.assumeTrue(Files.isExecutable(jshell), "no jshell at " + jshell + ": skipping jshell script test");
    Path script = Path.of("jshell", "predict.jsh").toAbsolutePath();
    // Surefire hides the test class path behind a manifest jar; it publishes the real one in this property.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(List.of(jshell.toString(), "-R-Djava.awt.headless=true",
        "-R-Dyolo.fixtures=" + fixtures, "--class-path", cp,
        script.toString())).directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).as(out).contains("images: 4").contains("classes: ").contains("drawn: " + work.resolve("runs/jshell"));
    assertThat(out.lines().filter(l -> l.contains(" boxes [")).count()).as(out).isEqualTo(4);
    try (var files = Files.list(work.resolve("runs/jshell"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".jpg")).count()).isEqualTo(4);
    }
  }
}
