package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The classifier YAMLs build Ultralytics' architectures (its summaries give the counts) and run in both modes. */
class ClassificationModelTest {
  @Test
  void builtInClassifiersMatchUltralyticsSummaries() {
    // Ultralytics 8.4.90 prints these summaries for YOLO(name) (nc = 1000; its yolo11-cls.yaml comment is stale)
    assertSummary("yolov8n-cls.yaml", 56, 2_719_288);
    assertSummary("yolo11n-cls.yaml", 86, 2_812_104);
    assertSummary("yolo11s-cls.yaml", 86, 6_724_008);
    assertSummary("yolo26n-cls.yaml", 86, 2_812_104);
  }

  private static void assertSummary(String yaml, int layers, long params) {
    ClassificationModel m = ClassificationModel.fromYaml(yaml, 0);
    assertThat(m.nc()).isEqualTo(1000);
    assertThat(m.layerCount()).as(yaml + " layers").isEqualTo(layers);
    assertThat(m.parameterCount()).as(yaml + " parameters").isEqualTo(params);
    assertThat(m.task()).isEqualTo("classify");
  }

  @Test
  void trainingGivesLogitsAndEvalProbabilities() {
    ClassificationModel m = ClassificationModel.fromYaml("yolov8n-cls.yaml", 5);
    try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      Tensor x = torch.rand(2, 3, 64, 64);
      Tensor logits = m.forward(x);
      assertThat(logits.size(0)).isEqualTo(2);
      assertThat(logits.size(1)).isEqualTo(5);
      m.eval();
      Tensor p = m.forward(x);
      assertThat(p.sum(1).sub(torch.ones(2)).abs().max().item_float()).isLessThan(1e-5f);
      Tensor l = m.logits(x);
      assertThat(torch.softmax(l, 1).sub(p).abs().max().item_float()).isLessThan(1e-6f);
      m.fuse();
      assertThat(m.forward(x).sub(p).abs().max().item_float()).isLessThan(1e-4f);
    }
  }

  @Test
  void aDetectorYamlIsNotAClassifier() {
    assertThatThrownBy(() -> ClassificationModel.fromYaml("yolov8n.yaml", 0))
        .hasMessageContaining("expected Classify");
    assertThatThrownBy(() -> DetectionModel.fromYaml("yolov8n-cls.yaml", 0))
        .hasMessageContaining("task=classify");
  }
}
