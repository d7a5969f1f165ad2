package dev.yolojava.core.loss;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Locates the shared reference fixtures (skipping the test when absent) and reads the loss
 * reference values.
 */
final class LossFixtures {
  private LossFixtures() {}

  static Path file(String name) {
    String dir = System.getProperty("yolo.fixtures", "../../shared/fixtures");
    Path p = Path.of(dir).resolve(name);
    Assumptions.assumeTrue(
        Files.isRegularFile(p),
        "fixtures not found at "
            + p.toAbsolutePath()
            + ": skipping loss parity (set -Dyolo.fixtures)");
    return p;
  }

  /**
   * {@code loss_vector} or {@code items} of one model in {@code loss-fixture.json} (JSON is valid
   * YAML).
   */
  @SuppressWarnings("unchecked")
  static double[] reference(String model, String key) throws IOException {
    try (Reader r = Files.newBufferedReader(file("loss-fixture.json"))) {
      Map<String, Map<String, Object>> all = new Yaml().load(r);
      List<Number> values = (List<Number>) all.get(model).get(key);
      return values.stream().mapToDouble(Number::doubleValue).toArray();
    }
  }
}
