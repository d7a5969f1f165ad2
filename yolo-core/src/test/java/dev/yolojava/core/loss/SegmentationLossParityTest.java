package dev.yolojava.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Training-mode CPU fp32 segmentation loss on the fixture batch (fixtures/segment, Ultralytics 8.4.90's val
 * dataset: letterboxed images, overlap masks) equals Ultralytics' {@code v8SegmentationLoss} within 1e-4 relative,
 * term by term (box, seg, cls, dfl, semantic), and reaches the first convolution through backward.
 */
class SegmentationLossParityTest {
  private static final double REL_PERCENT = 1e-2; // 1e-4 relative

  private static Path fixture(String name) {
    return dev.yolojava.core.nn.NnFixtures.segment(name);
  }

  @Test
  void yolov8SegMatchesUltralytics() throws IOException {
    Map<String, Object> ref;
    try (Reader r = Files.newBufferedReader(fixture("yolov8-seg-fx-synth-loss.json"))) {
      ref = new Yaml().load(r); // JSON is YAML
    }
    Checkpoint ckpt = Checkpoint.load(fixture("yolov8-seg-fx-synth.pt"));
    Map<String, NpyArray> batch = Npz.read(fixture("yolov8-seg-fx-synth-loss.npz"));
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.train(true);
      Targets targets = new Targets(batch.get("batch_idx").toTensor(), batch.get("cls").toTensor(),
          batch.get("bboxes").toTensor(), batch.get("masks").toTensor());
      DetectionLoss loss = new V8SegmentationLoss(HeadSpec.of(model), LossHyperParameters.defaults(), true);
      Tensor img = batch.get("img").toTensor().to(torch.ScalarType.Float).div(new Scalar(255.0));
      DetectOutput preds = model.forwardRaw(img);
      LossResult result = loss.compute(preds, targets);

      double[] lossVector = result.lossValues();
      double[] items = result.itemValues();
      assertThat(items).hasSize(5);
      for (int i = 0; i < 5; i++) {
        double expectedLoss = ((Number) ((List<?>) ref.get("loss_vector")).get(i)).doubleValue();
        double expectedItem = ((Number) ((List<?>) ref.get("items")).get(i)).doubleValue();
        assertThat(lossVector[i]).as("loss_vector[%s]", i).isCloseTo(expectedLoss, withinPercentage(REL_PERCENT));
        assertThat(items[i]).as("items[%s]", i).isCloseTo(expectedItem, withinPercentage(REL_PERCENT));
      }
      assertThat(items[1]).as("the mask term is not trivially zero").isGreaterThan(0.0);

      result.total().backward();
      Tensor grad = model.stateDict().get("model.0.conv.weight").grad();
      assertThat(grad.defined()).isTrue();
      assertThat(grad.abs().sum().item_double()).isGreaterThan(0.0).isFinite();
      Tensor protoGrad = model.stateDict().get("model.22.proto.cv3.conv.weight").grad();
      assertThat(protoGrad.defined()).as("the prototypes receive a gradient").isTrue();
    }
  }
}
