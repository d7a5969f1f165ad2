package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Export#fromMap} reads values as the CLI does, through YoloArgs. */
class ExportTest {
  @Test
  void valuesAreReadAsTheCliReadsThem() {
    Export e = Export.fromMap(Map.of("batch", 16.0, "opset", "18", "dynamic", "True", "imgsz", "480,640",
        "device", 0, "workspace", "2.5", "file", "out/m.onnx"));
    assertThat(e.format()).isEqualTo("onnx");
    assertThat(e.batch()).isEqualTo(16);
    assertThat(e.opset()).isEqualTo(18);
    assertThat(e.dynamic()).isTrue();
    assertThat(e.imgsz()).containsExactly(480, 640);
    assertThat(e.device()).isEqualTo("0");
    assertThat(e.workspace()).isEqualTo(2.5);
    assertThat(e.file()).isEqualTo(Path.of("out/m.onnx"));
    assertThat(Export.fromMap(Map.of("imgsz", List.of(320))).imgsz()).containsExactly(320, 320);
    assertThat(Export.fromMap(Map.of("half", false)).half()).isFalse();
  }

  @Test
  void unsetAndNullKeysKeepExportDefaults() {
    Map<String, Object> m = new HashMap<>();
    m.put("half", null);
    m.put("batch", null);
    Export e = Export.fromMap(m);
    assertThat(e.half()).isFalse();
    assertThat(e.batch()).isEqualTo(1);
    assertThat(e.imgsz()).containsExactly(640, 640);
    assertThat(e.opset()).isEqualTo(19);
    assertThat(e.workspace()).isNull();
    assertThat(e.device()).isNull();
  }

  @Test
  void badValuesNameKeyValueAndExpectedType() {
    assertThatThrownBy(() -> Export.fromMap(Map.of("opset", "abc")))
        .hasMessage("export: 'opset=abc' is of invalid type str. 'opset' must be an int (i.e. 'opset=8')");
    assertThatThrownBy(() -> Export.fromMap(Map.of("imgsz", List.of(1, 2, 3))))
        .hasMessageStartingWith("export: 'imgsz=[1, 2, 3]' is of invalid type list.");
    assertThatThrownBy(() -> Export.fromMap(Map.of("batch", 0.5)))
        .hasMessage("export: batch is 0.5, expected an int >= 1 (AutoBatch is for training)");
    assertThatThrownBy(() -> Export.fromMap(Map.of("batch", "-1")))
        .hasMessage("export: batch is -1, expected >= 1");
  }
}
