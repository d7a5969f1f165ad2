package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.ops.Boxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Yolo.load("x.onnx").predict(...)} gives the eager model's detections (CPU, fp32). */
class OnnxPredictTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"yolov8n-synth", "yolo26n-synth"})
  void onnxPredictionsEqualEager(String name) throws Exception {
    Path images = Fixtures.val64().resolve("images/val");
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      paths.add(images.resolve("val_00000" + i + ".jpg"));
    }
    Path onnx;
    List<Detections> eager;
    try (Yolo model = Yolo.load(Fixtures.file(name + ".pt"))) {
      onnx = model.export(Map.of("format", "onnx", "dynamic", true, "batch", 4, "file", tmp.resolve(name + ".onnx").toString()));
      eager = model.predict(paths);
    }
    assertThat(Files.size(onnx)).isGreaterThan(1_000_000);
    try (Yolo exported = Yolo.load(onnx)) {
      assertThat(exported.names()).hasSize(8).startsWith("box", "disc");
      List<Detections> got = exported.predict(paths, PredictConfig.builder().batch(4).build());
      assertThat(got).hasSize(8);
      int total = 0;
      for (int i = 0; i < 8; i++) {
        Detections a = got.get(i);
        Detections b = eager.get(i);
        assertThat(a.size()).as("detections in image %s", i).isEqualTo(b.size());
        for (int k = 0; k < a.size(); k++) {
          Detection x = a.boxes().get(k);
          Detection y = b.boxes().get(k);
          assertThat(Boxes.iou(x.xyxy(), y.xyxy())).as("IoU box %s image %s", k, i).isGreaterThanOrEqualTo(0.999f);
          assertThat(x.conf()).isCloseTo(y.conf(), within(1e-4f));
          assertThat(x.classId()).isEqualTo(y.classId());
        }
        total += a.size();
      }
      assertThat(total).isGreaterThan(0);
      assertThatThrownBy(() -> exported.train(TrainConfig.builder().build()))
          .hasMessage("train: this is an exported ONNX model (predict only); train from the .pt checkpoint or a .yaml instead");
    }
  }

  @org.junit.jupiter.api.Test
  void exportArgumentsAreChecked() {
    assertThatThrownBy(() -> Export.fromMap(Map.of("formt", "onnx")))
        .hasMessageStartingWith("export: unknown argument 'formt'");
    assertThatThrownBy(() -> Export.format("tflite"))
        .hasMessageStartingWith("export: format is 'tflite', expected one of");
    Export e = Export.fromMap(Map.of("format", "engine", "imgsz", List.of(480, 640), "half", "true", "workspace", 4));
    assertThat(e.format()).isEqualTo("engine");
    assertThat(e.imgsz()).containsExactly(480, 640);
    assertThat(e.half()).isTrue();
    assertThat(e.workspace()).isEqualTo(4.0);
  }
}
