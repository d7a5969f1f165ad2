package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.ops.Boxes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Predict parity with Ultralytics 8.4.90 on the 8 fixture images (CPU, fp32). */
class PredictParityTest {
  @ParameterizedTest
  @ValueSource(strings = {"yolov8n-synth", "yolo26n-synth"})
  void sameDetectionsAsUltralytics(String name) throws Exception {
    Map<String, List<float[]>> expected = PredictionsFile.read(Fixtures.file(name + "-pred.json"));
    Path images = Fixtures.val64().resolve("images/val");
    assertThat(expected).hasSize(8);
    List<Path> paths = new ArrayList<>();
    expected.keySet().forEach(k -> paths.add(images.resolve(k)));
    try (Yolo model = Yolo.load(Fixtures.file(name + ".pt"))) {
      assertSame(expected, model.predict(paths));
    }
  }

  /**
   * {@code got} (one result per image, in {@code expected}'s order) has Ultralytics' boxes: the same count, each box
   * (both sorted by confidence) at IoU >= 0.995, confidence within 2e-3, the same class.
   */
  static void assertSame(Map<String, List<float[]>> expected, List<Detections> got) {
    assertThat(got).hasSameSizeAs(expected.keySet());
    int i = 0;
    for (var e : expected.entrySet()) {
      Detections d = got.get(i++);
      assertThat(d.source()).endsWith(e.getKey());
      assertThat(d.size()).as("detections in %s", e.getKey()).isEqualTo(e.getValue().size());
      for (int k = 0; k < d.size(); k++) {
        Detection det = d.boxes().get(k);
        float[] x = e.getValue().get(k);
        assertThat(Boxes.iou(det.xyxy(), x)).as("IoU of box %s in %s", k, e.getKey()).isGreaterThanOrEqualTo(0.995f);
        assertThat(det.conf()).isCloseTo(x[4], within(2e-3f));
        assertThat(det.classId()).isEqualTo((int) x[5]);
      }
    }
  }
}
