package dev.yolojava.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.core.nn.Pose;
import dev.yolojava.core.ops.Tensors;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Training-mode CPU fp32 pose losses on the fixture batch (fixtures/pose, made by bench/gpu/pose_fixtures.py:
 * Ultralytics 8.4.90's val dataset at 320, four images, 21 kites of 4 keypoints) equal Ultralytics' within 1e-4
 * relative, term by term: YOLOv8-pose's {@code v8PoseLoss} (box, pose, kobj, cls, dfl) and the untrained
 * YOLO26-pose's {@code E2ELoss(PoseLoss26)} (box, pose, kobj, cls, dfl, rle; default hyp, epochs 100, no update).
 * Backward reaches the backbone, the keypoint branches and, for YOLO26, the spreads and the flow model.
 */
class PoseLossParityTest {
  private static final double REL_PERCENT = 1e-2; // 1e-4 relative

  private static Path fixture(String name) {
    return dev.yolojava.core.nn.NnFixtures.task("pose", name);
  }

  @Test
  void yolov8PoseMatchesUltralytics() throws IOException {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = trainMode("yolov8-pose-fx-synth.pt");
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      assertThat(loss).isInstanceOf(V8PoseLoss.class);
      LossResult result = lossOnBatch(model, loss);
      assertMatches(result, "yolov8-pose-fx-synth-loss.json", 5);

      result.total().backward();
      // Ultralytics' sums of |grad| after backward of the same loss (P5's keypoint branch gets none: no kite there)
      assertGradient(model, "model.0.conv.weight", 155.2625274658203);
      assertGradient(model, "model.22.cv4.0.0.conv.weight", 80.520751953125);
      assertGradient(model, "model.22.cv4.0.2.weight", 38.57014465332031); // the keypoint branch's last 1x1
    }
  }

  @Test
  void yolo26PoseMatchesUltralytics() throws IOException {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = trainMode("yolo26-pose-fx-init.pt");
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      assertThat(loss).isInstanceOf(E2EDetectionLoss.class);
      LossResult result = lossOnBatch(model, loss);
      assertMatches(result, "yolo26-pose-fx-loss.json", 6);

      result.total().backward();
      // Ultralytics' sums of |grad|: the spreads and the flow learn from the RLE term alone
      Map<String, Double> expected = Map.of(
          "model.0.conv.weight", 111470.5625,
          "model.22.cv4_kpts.0.weight", 2466.68896484375,
          "model.22.cv4_sigma.0.weight", 6709.5751953125,
          "model.22.one2one_cv4_kpts.0.weight", 223.24197387695312,
          "model.22.one2one_cv4_sigma.0.weight", 437.1205139160156,
          "model.22.one2one_cv4.1.0.conv.weight", 2481.238525390625,
          "model.22.flow_model.s.0.0.weight", 0.2852683663368225,
          "model.22.flow_model.t.5.4.weight", 8.352229118347168);
      expected.forEach((key, sum) -> assertGradient(model, key, sum));
    }
  }

  /** The flow's log-density of fixed residuals, Ultralytics' {@code RealNVP.log_prob} on the fixture's flow. */
  @Test
  void flowLogProbMatchesUltralytics() throws IOException {
    try (PointerScope scope = new PointerScope();
        NoGradGuard g = new NoGradGuard()) {
      DetectionModel model = trainMode("yolo26-pose-fx-init.pt");
      Tensor x = Tensors.fromFloats(new float[] {0, 0, 1, -2, 50, -100, 0.3f, 0.7f, -3.5f, 2.25f}, 5, 2);
      float[] logProb = Tensors.toFloatArray(((Pose) model.head()).flowModel().logProb(x));
      double[] expected = {-1.476203441619873, -4.945116996765137, -7925.86669921875, -1.684096336364746,
          -15.967402458190918};
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) logProb[i]).as("log_prob[%s]", i).isCloseTo(expected[i], withinPercentage(REL_PERCENT));
      }
    }
  }

  @Test
  void targetsWithoutKeypointsAreRefused() throws IOException {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = trainMode("yolov8-pose-fx-synth.pt");
      Map<String, NpyArray> batch = Npz.read(fixture("yolov8-pose-fx-synth-loss.npz"));
      Targets boxesOnly = new Targets(batch.get("batch_idx").toTensor(), batch.get("cls").toTensor(),
          batch.get("bboxes").toTensor());
      DetectOutput preds = model.forwardRaw(image(batch));
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      assertThatThrownBy(() -> loss.compute(preds, boxesOnly))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets have no keypoints");
      Targets twoPoints = boxesOnly.withKeypoints(batch.get("keypoints").toTensor().narrow(1, 0, 2));
      assertThatThrownBy(() -> loss.compute(preds, twoPoints))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected (n, 4, 3)");
    }
  }

  /** Without spreads (an eval-mode forward) the RLE term is 0, as Ultralytics leaves it, and the rest unchanged. */
  @Test
  void rleNeedsTheTrainingSpreads() throws IOException {
    try (PointerScope scope = new PointerScope();
        NoGradGuard g = new NoGradGuard()) {
      DetectionModel model = trainMode("yolo26-pose-fx-init.pt");
      Map<String, NpyArray> batch = Npz.read(fixture("yolov8-pose-fx-synth-loss.npz"));
      HeadOutput o2m = model.forwardRaw(image(batch)).oneToMany();
      assertThat(o2m.keypointSigmas()).isNotNull();
      assertThat(o2m.keypointSigmas().size(1)).isEqualTo(8); // x, y spread of 4 keypoints
      HeadOutput noSpreads = new HeadOutput(o2m.boxes(), o2m.scores(), o2m.feats(), null, o2m.keypoints(), null);
      PoseLoss26 loss = new PoseLoss26(HeadSpec.of(model), model.kptShape(), ((Pose) model.head()).flowModel(),
          LossHyperParameters.defaults(), 10, 10);
      double[] with = loss.compute(o2m, targets(batch), null).itemValues();
      double[] without = loss.compute(noSpreads, targets(batch), null).itemValues();
      assertThat(with[5]).isGreaterThan(0.0);
      assertThat(without[5]).isEqualTo(0.0);
      for (int i = 0; i < 5; i++) {
        assertThat(without[i]).as("item %s", i).isEqualTo(with[i]);
      }
    }
  }

  private static DetectionModel trainMode(String checkpoint) throws IOException {
    Checkpoint ckpt = Checkpoint.load(fixture(checkpoint));
    DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
    model.loadStateDict(ckpt.stateDict());
    model.train(true);
    return model;
  }

  private static Tensor image(Map<String, NpyArray> batch) {
    return batch.get("img").toTensor().to(torch.ScalarType.Float).div(new Scalar(255.0));
  }

  private static Targets targets(Map<String, NpyArray> batch) {
    return new Targets(batch.get("batch_idx").toTensor(), batch.get("cls").toTensor(), batch.get("bboxes").toTensor())
        .withKeypoints(batch.get("keypoints").toTensor());
  }

  private static LossResult lossOnBatch(DetectionModel model, DetectionLoss loss) throws IOException {
    Map<String, NpyArray> batch = Npz.read(fixture("yolov8-pose-fx-synth-loss.npz"));
    return loss.compute(model.forwardRaw(image(batch)), targets(batch));
  }

  private static void assertMatches(LossResult result, String reference, int terms) throws IOException {
    Map<String, Object> ref;
    try (Reader r = Files.newBufferedReader(fixture(reference))) {
      ref = new Yaml().load(r); // JSON is YAML
    }
    double[] lossVector = result.lossValues();
    double[] items = result.itemValues();
    assertThat(items).hasSize(terms);
    assertThat(lossVector).hasSize(terms);
    String[] names = ((String) ref.get("terms")).split(" ");
    for (int i = 0; i < terms; i++) {
      double expectedLoss = ((Number) ((List<?>) ref.get("loss_vector")).get(i)).doubleValue();
      double expectedItem = ((Number) ((List<?>) ref.get("items")).get(i)).doubleValue();
      assertThat(expectedItem).as("reference %s is not trivially zero", names[i]).isNotZero();
      assertThat(lossVector[i]).as("loss_vector %s", names[i]).isCloseTo(expectedLoss, withinPercentage(REL_PERCENT));
      assertThat(items[i]).as("items %s", names[i]).isCloseTo(expectedItem, withinPercentage(REL_PERCENT));
    }
  }

  /** The parameter's gradient exists and its sum of magnitudes is Ultralytics' within 1e-4 relative. */
  private static void assertGradient(DetectionModel model, String key, double expectedAbsSum) {
    Tensor weight = model.stateDict().get(key);
    assertThat(weight).as("parameter %s", key).isNotNull();
    Tensor grad = weight.grad();
    assertThat(grad.defined()).as("%s has a gradient", key).isTrue();
    double sum = grad.abs().sum().item_double();
    assertThat(sum).as("sum |grad| of %s", key).isGreaterThan(0.0)
        .isCloseTo(expectedAbsSum, withinPercentage(REL_PERCENT));
  }
}
