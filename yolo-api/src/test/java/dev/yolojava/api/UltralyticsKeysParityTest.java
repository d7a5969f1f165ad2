package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parity with Ultralytics 8.4.90 for keys honoured since 2026-12-07, on the fixture checkpoints and the 64-image val
 * subset (CPU, fp32): YOLO26's {@code end2end=False} in predict and val, val's {@code classes=[1]} and
 * {@code rect=False}. The references in {@code src/test/resources/ultralytics/} were made by
 * {@code bench/gpu/ultra_keys.py} (run through {@code bench/gpu/keys.sh ultra} on the GPU machine's CPU).
 */
class UltralyticsKeysParityTest {
  private static final Path METRICS = Path.of("src/test/resources/ultralytics/keys-metrics.json");
  private static final Path PREDICTIONS =
      Path.of("src/test/resources/ultralytics/yolo26n-synth-pred-end2end-false.json");

  @Test
  void endToEndFalsePredictsAsUltralytics() throws Exception {
    Map<String, List<float[]>> expected = PredictionsFile.read(PREDICTIONS);
    assertThat(expected).hasSize(8);
    Path images = Fixtures.val64().resolve("images/val");
    List<Path> paths = new ArrayList<>();
    expected.keySet().forEach(k -> paths.add(images.resolve(k)));
    try (Yolo model = Yolo.load(Fixtures.file("yolo26n-synth.pt"))) {
      PredictParityTest.assertSame(expected, model.predict(paths, PredictConfig.builder().end2end(false).build()));
    }
  }

  @Test
  void valMetricsMatchUltralytics() throws Exception {
    String yaml = Fixtures.val64Yaml().toString();
    try (Yolo y26 = Yolo.load(Fixtures.file("yolo26n-synth.pt"))) {
      same(y26.val(ValConfig.builder().data(yaml).plots(false).end2end(false).build()),
          "yolo26n-synth:val64:end2end=False");
    }
    try (Yolo v8 = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      same(v8.val(ValConfig.builder().data(yaml).plots(false).classes(1).build()), "yolov8n-synth:val64:classes=[1]");
      same(v8.val(ValConfig.builder().data(yaml).plots(false).rect(false).build()), "yolov8n-synth:val64:rect=False");
    }
  }

  private static void same(ValResults r, String reference) throws Exception {
    String expected = ValParityTest.block(METRICS, reference);
    System.out.printf("%s (Ultralytics %s)%n", r, expected.replaceAll("\\s+", " "));
    assertThat(r.map()).isCloseTo(ValParityTest.number(expected, "map50_95"), within(5e-4));
    assertThat(r.map50()).isCloseTo(ValParityTest.number(expected, "map50"), within(5e-4));
    assertThat(r.mp()).isCloseTo(ValParityTest.number(expected, "mp"), within(5e-4));
    assertThat(r.mr()).isCloseTo(ValParityTest.number(expected, "mr"), within(5e-4));
  }
}
