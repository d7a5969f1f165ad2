package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.engine.Predictor;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Pose checkpoints made by Ultralytics 8.4.90 (fixtures/pose, by bench/gpu/pose_fixtures.py) build from their own
 * YAMLs, load strictly and give Ultralytics' CPU fp32 outputs: YOLOv8-pose's decoded eval output {@code (1, 4 + 1 +
 * 12, A)} (boxes, score, 4 keypoints of x, y, visibility) before and after fuse; YOLO26-pose's raw one-to-one and
 * one-to-many outputs (boxes, scores, keypoints) and its end-to-end eval output {@code (1, 300, 6 + 12)}.
 */
class PoseForwardParityTest {
  private static final double TOL = 1e-4;

  private static Path fixture(String name) {
    return NnFixtures.task("pose", name);
  }

  @Test
  void yolov8PoseMatchesUltralytics() throws IOException {
    Checkpoint ckpt = Checkpoint.load(fixture("yolov8-pose-fx-synth.pt"));
    Map<String, NpyArray> io = Npz.read(fixture("yolov8-pose-fx-synth-io.npz"));
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      assertThat(model.task()).isEqualTo("pose");
      assertThat(model.kptShape()).containsExactly(4, 3);
      Tensor x = io.get("x_u8").toTensor().to(torch.ScalarType.Float).div(new Scalar(255.0));
      float[] y0 = io.get("y0").floats();
      long anchors = io.get("y0").shape()[2];
      assertThat(io.get("y0").shape()[1]).isEqualTo(4 + 1 + 12);
      assertRowsMatch(NnFixtures.floats(model.forward(x)), y0, (int) anchors, 3);
      model.fuse();
      assertRowsMatch(NnFixtures.floats(model.forward(x)), y0, (int) anchors, 3);
    }
  }

  @Test
  void yolo26PoseMatchesUltralytics() throws IOException {
    Checkpoint ckpt = Checkpoint.load(fixture("yolo26-pose-fx-init.pt"));
    Map<String, NpyArray> io = Npz.read(fixture("yolo26-pose-fx-io.npz"));
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      assertThat(model.head().type()).isEqualTo("Pose26");
      Tensor x = io.get("x").toTensor();
      DetectOutput raw = model.forwardRaw(x);
      String[][] names = {{"o2o_boxes", "o2o_scores", "o2o_kpts"}, {"o2m_boxes", "o2m_scores", "o2m_kpts"}};
      HeadOutput[] branches = {raw.oneToOne(), raw.oneToMany()};
      for (int b = 0; b < 2; b++) {
        Tensor[] mine = {branches[b].boxes(), branches[b].scores(), branches[b].keypoints()};
        for (int k = 0; k < 3; k++) {
          assertThat(ForwardParityTest.maxAbsDiff(NnFixtures.floats(mine[k]), io.get(names[b][k]).floats()))
              .as(names[b][k]).isLessThan(TOL);
        }
      }
      // every anchor's keypoints decoded to pixels ((raw + anchor) * stride) and visibilities: no ranking involved
      Pose head = (Pose) model.head();
      long anchors = io.get("o2o_kpts_px").shape()[2];
      assertRowsMatch(NnFixtures.floats(head.decodeKeypoints(raw.oneToOne().keypoints(), raw.oneToOne().feats())),
          io.get("o2o_kpts_px").floats(), (int) anchors, 3, 0);
      assertThat(StateDicts.shape(model.decode(raw))).containsExactly(1, 300, 18); // the end-to-end top-k rows
      model.fuse(); // drops the one-to-many branches, the spreads and the flow model
      java.util.Set<String> keys = model.stateDictShapes().keySet(); // the head is layer 22 of this YAML
      assertThat(keys.contains("model.22.flow_model.s.0.0.weight")).as("flow model kept").isFalse();
      assertThat(keys.contains("model.22.cv4_kpts.0.weight")).as("one-to-many keypoints kept").isFalse();
      assertThat(keys.contains("model.22.one2one_cv4_kpts.0.weight")).as("one-to-one keypoints dropped").isTrue();
      DetectOutput fused = model.forwardRaw(x);
      assertRowsMatch(NnFixtures.floats(head.decodeKeypoints(fused.oneToOne().keypoints(), fused.oneToOne().feats())),
          io.get("o2o_kpts_px").floats(), (int) anchors, 3, 0);
    }
  }

  /** Decoded rows: box rows within 5e-3 px, the score, then keypoint x, y (5e-3 px) and visibility (1e-4). */
  private static void assertRowsMatch(float[] actual, float[] expected, int anchors, int ndim) {
    assertRowsMatch(actual, expected, anchors, ndim, 5);
  }

  /** Rows of {@code (C, anchors)}: the first {@code keypointsFrom} rows are boxes and scores, then keypoints. */
  private static void assertRowsMatch(float[] actual, float[] expected, int anchors, int ndim, int keypointsFrom) {
    assertThat(actual).hasSameSizeAs(expected);
    double px = 0;
    double prob = 0;
    for (int i = 0; i < actual.length; i++) {
      int row = i / anchors;
      double d = Math.abs(actual[i] - expected[i]);
      boolean pixels = row < 4 || row >= keypointsFrom && (row - keypointsFrom) % ndim < 2;
      if (pixels) {
        px = Math.max(px, d);
      } else {
        prob = Math.max(prob, d);
      }
    }
    assertThat(px).as("max error in pixels").isLessThan(5e-3);
    assertThat(prob).as("max error of scores and visibilities").isLessThan(TOL);
  }

  @Test
  void builtInPoseYamlsBuildUltralyticsShapes() {
    try (PointerScope scope = new PointerScope()) {
      // Ultralytics 8.4.90 PoseModel(name) with the YAML's own nc and kpt_shape [17, 3]
      DetectionModel v8 = DetectionModel.fromYaml("yolov8n-pose.yaml", 0);
      assertThat(v8.head().type()).isEqualTo("Pose");
      assertThat(v8.nc()).isEqualTo(1);
      assertThat(v8.parameterCount()).isEqualTo(3_295_470L);
      assertThat(v8.stateDictShapes()).hasSize(397);
      DetectionModel v11 = DetectionModel.fromYaml("yolo11n-pose.yaml", 0);
      assertThat(v11.parameterCount()).isEqualTo(2_908_507L);
      assertThat(v11.stateDictShapes()).hasSize(541);
      DetectionModel y26 = DetectionModel.fromYaml("yolo26n-pose.yaml", 0);
      assertThat(y26.head().type()).isEqualTo("Pose26");
      assertThat(y26.parameterCount()).isEqualTo(3_747_554L);
      assertThat(y26.stateDictShapes()).hasSize(879).containsKey("model.23.flow_model.mask")
          .containsKey("model.23.one2one_cv4_sigma.2.bias");
    }
  }

  @Test
  void aPoseModelTellsThePredictorItsKeypoints() {
    YoloModel model = YoloModel.load(fixture("yolov8-pose-fx-synth.pt"));
    assertThat(model.keypointShape()).containsExactly(4, 3);
    assertThat(new Predictor(model).keypointShape()).containsExactly(4, 3);
  }
}
