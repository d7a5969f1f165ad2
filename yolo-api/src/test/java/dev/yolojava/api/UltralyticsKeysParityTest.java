package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.ops.Boxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Parity with Ultralytics 8.4.90 for keys honoured since 2026-12-07, on the fixture checkpoints and the 64-image val
 * subset (CPU, fp32): YOLO26's {@code end2end=False} in predict and val, val's {@code classes=[1]} and
 * {@code rect=False}. The references in {@code src/test/resources/ultralytics/} were made by
 * {@code bench/gpu/ultra_keys.py} (run through {@code bench/gpu/keys.sh ultra} on the GPU machine's CPU).
 */
class UltralyticsKeysParityTest {
  private static final Path DIR = Path.of("src/test/resources/ultralytics");

  /** The {@code "name": {...}} block of keys-metrics.json. */
  private static String block(String name) throws Exception {
    String json = Files.readString(DIR.resolve("keys-metrics.json"));
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\\{(.*?)\\}", Pattern.DOTALL).matcher(json);
    assertThat(m.find()).as("%s in keys-metrics.json", name).isTrue();
    return m.group(1);
  }

  private static double number(String block, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(block);
    assertThat(m.find()).as(key).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void endToEndFalsePredictsAsUltralytics() throws Exception {
    Map<String, List<float[]>> expected = PredictionsFile.read(DIR.resolve("yolo26n-synth-pred-end2end-false.json"));
    assertThat(expected).hasSize(8);
    Path images = Fixtures.val64().resolve("images/val");
    List<Path> paths = new ArrayList<>();
    expected.keySet().forEach(k -> paths.add(images.resolve(k)));
    try (Yolo model = Yolo.load(Fixtures.file("yolo26n-synth.pt"))) {
      List<Detections> got = model.predict(paths, PredictConfig.builder().end2end(false).build());
      int i = 0;
      for (var e : expected.entrySet()) {
        Detections d = got.get(i++);
        assertThat(d.size()).as("detections in %s", e.getKey()).isEqualTo(e.getValue().size());
        for (int k = 0; k < d.size(); k++) { // both sorted by confidence
          Detection det = d.boxes().get(k);
          float[] x = e.getValue().get(k);
          assertThat(Boxes.iou(det.xyxy(), x)).as("IoU of box %s in %s", k, e.getKey()).isGreaterThanOrEqualTo(0.995f);
          assertThat(det.conf()).isCloseTo(x[4], within(2e-3f));
          assertThat(det.classId()).isEqualTo((int) x[5]);
        }
      }
    }
  }

  @Test
  void valMetricsMatchUltralytics() throws Exception {
    String yaml = Fixtures.val64Yaml().toString();
    try (Yolo y26 = Yolo.load(Fixtures.file("yolo26n-synth.pt"))) {
      same(y26.val(ValConfig.builder().data(yaml).plots(false).end2end(false).build()),
          block("yolo26n-synth:val64:end2end=False"));
    }
    try (Yolo v8 = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      same(v8.val(ValConfig.builder().data(yaml).plots(false).classes(1).build()),
          block("yolov8n-synth:val64:classes=[1]"));
      same(v8.val(ValConfig.builder().data(yaml).plots(false).rect(false).build()),
          block("yolov8n-synth:val64:rect=False"));
    }
  }

  private static void same(ValResults r, String expected) {
    System.out.printf("%s (Ultralytics %s)%n", r, expected.replaceAll("\\s+", " "));
    assertThat(r.map()).isCloseTo(number(expected, "map50_95"), within(5e-4));
    assertThat(r.map50()).isCloseTo(number(expected, "map50"), within(5e-4));
    assertThat(r.mp()).isCloseTo(number(expected, "mp"), within(5e-4));
    assertThat(r.mr()).isCloseTo(number(expected, "mr"), within(5e-4));
  }
}
