package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.engine.ValOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Yolo.load("x.onnx").val(...)} gives the eager model's metrics on the 64-image fixture set (CPU, fp32). */
class OnnxValTest {
  @TempDir Path tmp;

  @Test
  void onnxValMatchesEager() throws Exception {
    String yaml = ValParityTest.val64Yaml().toString();
    Path onnx;
    ValResults eager;
    try (Yolo model = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      onnx = model.export(Map.of("dynamic", true, "batch", 16, "file", tmp.resolve("v8.onnx").toString()));
      eager = model.val(yaml, ValOptions.defaults());
    }
    try (Yolo exported = Yolo.load(onnx)) {
      ValResults r = exported.val(yaml, ValOptions.defaults());
      assertThat(r.map()).isGreaterThan(0.1);
      assertThat(r.map()).isCloseTo(eager.map(), within(1e-4));
      assertThat(r.map50()).isCloseTo(eager.map50(), within(1e-4));
    }
  }

  /** A static export (batch 1) validates at the default batch 16: the batch follows the model, as in Ultralytics. */
  @Test
  void staticExportValidatesAtItsOwnBatch() throws Exception {
    String yaml = ValParityTest.val64Yaml().toString();
    Path onnx;
    try (Yolo model = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      onnx = model.export(Map.of("imgsz", 320, "file", tmp.resolve("static.onnx").toString()));
    }
    try (Yolo exported = Yolo.load(onnx)) {
      ValResults r = exported.val(ValConfig.builder().data(yaml).imgsz(320).plots(false).build());
      assertThat(r.metrics().numImages()).isEqualTo(64);
      assertThat(r.map()).isGreaterThan(0.1);
    }
  }
}
