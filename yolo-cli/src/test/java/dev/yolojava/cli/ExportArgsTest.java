package dev.yolojava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.cfg.YoloArgs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command-line keys reach {@code Yolo.export}: only those given, with the deprecated {@code half} kept. */
class ExportArgsTest {
  @Test
  void halfReachesTheExportThroughItsQuantizeSuccessor() {
    assertThat(ExportMode.exportArgs(YoloArgs.parse(List.of("export", "format=engine", "half=True", "imgsz=64"))))
        .containsEntry("half", true).containsEntry("format", "engine").containsKey("imgsz")
        .doesNotContainKeys("quantize", "batch");
    // half=False is quantize's default (none): nothing to pass, export's own default is fp32
    assertThat(ExportMode.exportArgs(YoloArgs.parse(List.of("export", "format=engine", "half=False"))))
        .containsOnlyKeys("format");
    assertThat(ExportMode.exportArgs(YoloArgs.parse(List.of("export", "format=onnx"))))
        .containsOnlyKeys("format");
  }
}
