package dev.yolojava.core.io;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code stub_unpickle.py} (CPython's own unpickler with stub classes, no torch) on a checkpoint; skips the
 * test when {@code python3} is not available.
 */
final class PythonStub {
  private PythonStub() {}

  /** The script's output lines for {@code file} with the extra arguments. */
  static List<String> run(Path file, String... args) throws IOException, InterruptedException {
    Assumptions.assumeTrue(available(), "python3 not found on PATH: skipping the CPython unpickling check");
    Path script;
    try {
      script = Path.of(PythonStub.class.getResource("stub_unpickle.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), file.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("stub_unpickle.py failed on " + file + ":\n" + out);
    }
    return out.lines().toList();
  }

  /** Runs a Python program and returns its standard output, trimmed. */
  static String eval(String program) throws IOException, InterruptedException {
    Assumptions.assumeTrue(available(), "python3 not found on PATH: skipping the CPython comparison");
    Process p = new ProcessBuilder("python3", "-c", program).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("python3 failed:\n" + out);
    }
    return out.trim();
  }

  private static boolean available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
