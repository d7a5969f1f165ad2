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
  })
  void countsMatchUltralytics(String name, long params, long grads, int layers) {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml(name, 0);
      assertThat(m.parameterCount()).isEqualTo(params);
      assertThat(m.gradientCount()).isEqualTo(grads);
      assertThat(m.layerCount()).isEqualTo(layers);
      assertThat(m.nc()).isEqualTo(80);
      assertThat(m.strides()).containsExactly(8, 16, 32);
    }
  }
}
