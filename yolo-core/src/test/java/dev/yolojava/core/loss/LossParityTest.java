package dev.yolojava.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import java.io.IOException;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Training-mode (batch-statistics BatchNorm) CPU fp32 loss on the fixture batch equals Ultralytics
 * 8.4.90's ({@code loss-fixture.json}) within 1e-4 relative, term by term, for YOLOv8n and the
 * end-to-end YOLO26n.
 */
class LossParityTest {
  private static final double REL_PERCENT = 1e-2; // 1e-4 relative

  @Test
  void yolov8nMatchesUltralytics() throws IOException {
    assertParity("yolov8n-synth", V8DetectionLoss.class);
  }

  @Test
  void yolo26nEndToEndMatchesUltralytics() throws IOException {
    assertParity("yolo26n-synth", E2EDetectionLoss.class);
  }

  private static void assertParity(String name, Class<?> expectedLoss) throws IOException {
    double[] expectedLossVector = LossFixtures.reference(name, "loss_vector");
    double[] expectedItems = LossFixtures.reference(name, "items");
    Checkpoint ckpt = Checkpoint.load(LossFixtures.file(name + ".pt"));
    Map<String, NpyArray> batch = Npz.read(LossFixtures.file("loss-batch.npz"));
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.train(true);
      Targets targets =
          new Targets(
              batch.get("batch_idx").toTensor(),
              batch.get("cls").toTensor(),
              batch.get("bboxes").toTensor());
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      assertThat(loss).isInstanceOf(expectedLoss);

      DetectOutput preds = model.forwardRaw(batch.get("img").toTensor());
      LossResult result = loss.compute(preds, targets);

      double[] lossVector = result.lossValues();
      double[] items = result.itemValues();
      for (int i = 0; i < 3; i++) {
        assertThat(lossVector[i])
            .as("%s loss_vector[%s]", name, i)
            .isCloseTo(expectedLossVector[i], withinPercentage(REL_PERCENT));
        assertThat(items[i])
            .as("%s items[%s]", name, i)
            .isCloseTo(expectedItems[i], withinPercentage(REL_PERCENT));
      }
      assertThat(result.items().requires_grad()).isFalse();

      Tensor total = result.total();
      assertThat(total.requires_grad()).isTrue();
      total.backward();
      Tensor grad = model.stateDict().get("model.0.conv.weight").grad();
      assertThat(grad.defined()).as("first conv receives a gradient").isTrue();
      assertThat(grad.abs().sum().item_double()).isGreaterThan(0.0).isFinite();
    }
  }
}
