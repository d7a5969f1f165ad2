package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameter, gradient and layer counts of the built-in YAMLs equal Ultralytics 8.4.90's model summaries. Layer
 * counts are one above the YAML comments for YOLOv8/11 because 8.4's SPPF has an Identity activation on cv1 (130
 * leaf modules in the object graph of yolov8n-synth.pt, 260 in yolo26n's).
 */
class ModelSizeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "yolov8n.yaml, 3157200, 3157184, 130",
    "yolov8s.yaml, 11166560, 11166544, 130",
    "yolo11n.yaml, 2624080, 2624064, 182",
    "yolo26n.yaml, 2572280, 2572280, 260",
    // m: depth 0.67 / max_channels 768 for v8, C3k blocks forced inside C3k2 for 11 and 26
    "yolov8m.yaml, 25902640, 25902624, 170",
    "yolo11m.yaml, 20114688, 20114672, 232",
    "yolo26m.yaml, 21896248, 21896248, 280",
  })
  void countsMatchUltralytics(String name, long params, long grads, int layers) {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml(name, 0);
      assertThat(m.parameterCount()).isEqualTo(params);
      assertThat(m.gradientCount()).isEqualTo(grads);
      assertThat(m.layerCount()).isEqualTo(layers);
      assertThat(m.nc()).isEqualTo(80);
      assertThat(m.strides()).containsExactly(8, 16, 32);
      assertThat(m.info()).startsWith(name.substring(0, name.indexOf('.')).replace("yolo", "YOLO") + " summary: ");
    }
  }

  @ParameterizedTest(name = "{0} nc={1}")
  @CsvSource({
    // the synth fixture checkpoints' sizes (8 classes)
    "yolov8n.yaml, 8, 3012408",
    "yolo26n.yaml, 8, 2506920",
  })
  void classCountOverrideResizesTheHead(String name, int nc, long params) {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml(name, nc);
      assertThat(m.nc()).isEqualTo(nc);
      assertThat(m.parameterCount()).isEqualTo(params);
    }
  }
}
