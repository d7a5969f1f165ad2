package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML reading: scale resolution, user files, and clear errors for bad YAML. */
class ModelConfigTest {
  private static final String TINY =
      """
      nc: 3
      backbone:
        - [-1, 1, Conv, [16, 3, 2]]
        - [-1, 1, Conv, [32, 3, 2]]
        - [-1, 1, Conv, [32, 3, 2]]
        - [-1, 1, Conv, [64, 3, 2]]
        - [-1, 1, Conv, [64, 3, 2]]
      head:
        - [[2, 3, 4], 1, Detect, [nc]]
      """;

  private static Map<String, Object> yaml(String text) {
    return ModelConfig.parseYaml(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
  }

  @Test
  void scaleComesFromTheNameAsInUltralytics() {
    assertThat(ModelConfig.guessScale("yolo11s.yaml")).isEqualTo("s");
    assertThat(ModelConfig.guessScale("/models/yolov8x.yaml")).isEqualTo("x");
    assertThat(ModelConfig.guessScale("yolo26m")).isEqualTo("m");
    assertThat(ModelConfig.guessScale("custom.yaml")).isEmpty();

    ModelConfig c = ModelConfig.load("yolov8m.yaml", 0);
    assertThat(c.scale()).isEqualTo("m");
    assertThat(c.depth()).isEqualTo(0.67);
    assertThat(c.width()).isEqualTo(0.75);
    assertThat(c.maxChannels()).isEqualTo(768);
    assertThat(c.name()).isEqualTo("yolov8m");
    assertThat(c.layers()).hasSize(23);
    assertThat(c.regMax()).isEqualTo(16);
    assertThat(c.endToEnd()).isFalse();

    ModelConfig e2e = ModelConfig.load("yolo26n.yaml", 5);
    assertThat(e2e.endToEnd()).isTrue();
    assertThat(e2e.regMax()).isEqualTo(1);
    assertThat(e2e.nc()).isEqualTo(5);
  }

  @Test
  void missingScaleFallsBackToTheFirstEntry() {
    Map<String, Object> y = yaml(TINY + "scales:\n  a: [1.0, 0.5, 1024]\n  b: [1.0, 1.0, 1024]\n");
    ModelConfig c = ModelConfig.fromMap(y, 0);
    assertThat(c.scale()).isEqualTo("a");
    assertThat(c.width()).isEqualTo(0.5);
  }

  @Test
  void userYamlFileBuildsAnUnscaledModel(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("tiny.yaml");
    Files.writeString(f, TINY);
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml(f.toString(), 0);
      assertThat(m.nc()).isEqualTo(3);
      assertThat(m.strides()).containsExactly(8, 16, 32);
      assertThat(m.stateDictShapes().get("model.1.conv.weight")).containsExactly(32, 16, 3, 3);
      // no C3k2 in the model: YOLOv8's legacy class branch with c3 = max(32, min(3, 100)) = 32
      assertThat(m.stateDictShapes().get("model.5.cv3.0.0.conv.weight")).containsExactly(32, 32, 3, 3);
      // box branch width c2 = max(16, 32 / 4, 4 * reg_max) = 64
      assertThat(m.stateDictShapes().get("model.5.cv2.2.2.weight")).containsExactly(64, 64, 1, 1);
      assertThat(m.info()).startsWith("tiny summary: ");
    }
  }

  @Test
  void unknownModuleIsNamed() {
    Map<String, Object> bad = yaml(TINY.replaceFirst("Conv, \\[32, 3, 2\\]", "Foo, [32, 3, 2]"));
    assertThatThrownBy(() -> DetectionModel.fromYaml(bad, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("model YAML layer 1: unknown module 'Foo', expected one of [Bottleneck, C2PSA,");
  }

  @Test
  void wrongArgumentCountIsNamed() {
    Map<String, Object> tooMany = yaml(TINY.replace("[16, 3, 2]", "[16, 3, 2, None, 1, 1, True, 7]"));
    assertThatThrownBy(() -> DetectionModel.fromYaml(tooMany, 0))
        .hasMessage(
            "model YAML layer 0 (Conv): 8 args [16, 3, 2, null, 1, 1, true, 7], but Conv takes at most 7:"
                + " [c2, k, s, p, g, d, act]");
    Map<String, Object> none = yaml(TINY.replace("[16, 3, 2]", "[]"));
    assertThatThrownBy(() -> DetectionModel.fromYaml(none, 0))
        .hasMessage("model YAML layer 0 (Conv): 0 args [], but Conv needs at least 1: [c2]");
    Map<String, Object> detectArgs = yaml(TINY.replace("Detect, [nc]", "Detect, [nc, 16]"));
    assertThatThrownBy(() -> DetectionModel.fromYaml(detectArgs, 0))
        .hasMessage("model YAML layer 5 (Detect): 2 args [3, 16], but Detect takes at most 1: [nc]");
  }

  @Test
  void otherBadYamlIsExplained() {
    assertThatThrownBy(() -> DetectionModel.fromYaml(yaml(TINY.replace("[16, 3, 2]", "[16, 3.5, 2]")), 0))
        .hasMessage("model YAML layer 0 (Conv): k is 3.5, expected an integer");
    assertThatThrownBy(() -> DetectionModel.fromYaml(yaml(TINY.replace("[[2, 3, 4]", "[[2, 3, 9]")), 0))
        .hasMessage("model YAML layer 5: 'from' index 9 refers to layer 9, expected an earlier layer (0..4)");
    assertThatThrownBy(() -> DetectionModel.fromYaml(yaml(TINY.replace("Detect", "Concat")), 0))
        .hasMessage("model YAML: the last layer is Concat, expected a head (Detect, Segment, Segment26, Pose, Pose26, Classify)");
    Map<String, Object> scaled = yaml(TINY + "scale: q\nscales:\n  n: [0.5, 0.25, 1024]\n");
    assertThatThrownBy(() -> DetectionModel.fromYaml(scaled, 0))
        .hasMessage("model YAML: scale 'q' is not in 'scales', expected one of [n]");
    assertThatThrownBy(() -> DetectionModel.fromYaml("yolov9n.yaml", 0))
        .hasMessageStartingWith("model YAML 'yolov9n.yaml' not found: not a file, and not a built-in name");
    assertThatThrownBy(() -> DetectionModel.fromYaml(yaml(TINY.replace("nc: 3", "nc: 0")), 0))
        .hasMessage("model YAML: 'nc' is 0, expected a class count >= 1");
  }
}
