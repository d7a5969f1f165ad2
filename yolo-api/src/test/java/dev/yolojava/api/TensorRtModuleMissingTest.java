package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without the yolo-tensorrt module (not on yolo-api's test class path), engines fail in one line that names the
 * module to add, on any machine: before the device is checked and before anything is written.
 */
class TensorRtModuleMissingTest {
  private static final String MISSING = "TensorRT engines need dev.yolojava:yolo-tensorrt on the class path (and the"
      + " TensorRT natives, see docs/deploy.md)";

  @Test
  void loadingAnEngineNamesTheModule(@TempDir Path dir) throws Exception {
    Path engine = Files.write(dir.resolve("m.engine"), new byte[] {1, 2, 3, 4, 5, 6});
    assertThatThrownBy(() -> Yolo.load(engine.toString()))
        .isInstanceOf(UnsupportedOperationException.class).hasMessage(MISSING);
    assertThatThrownBy(() -> Yolo.load(dir.resolve("absent.ENGINE")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessage(MISSING);
  }

  @Test
  void exportingAnEngineNamesTheModule(@TempDir Path dir) {
    try (Yolo model = Yolo.create("yolov8n.yaml", 2)) {
      assertThatThrownBy(() -> model.export(Export.tensorrt().imgsz(64).file(dir.resolve("m.engine"))))
          .isInstanceOf(UnsupportedOperationException.class).hasMessage(MISSING);
      assertThatThrownBy(() -> model.export(Map.of("format", "engine", "device", "99", "file", dir.resolve("n.engine"))))
          .isInstanceOf(UnsupportedOperationException.class).hasMessage(MISSING);
    }
    assertThat(dir).isEmptyDirectory(); // no ONNX half-way export left behind
  }

  @Test
  void checksSayTheModuleIsAbsent() {
    assertThat(Environment.checks().get("TensorRT")).startsWith("yolo-tensorrt not on the class path");
  }
}
