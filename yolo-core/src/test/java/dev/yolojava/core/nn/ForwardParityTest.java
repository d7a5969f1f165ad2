package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.io.IOException;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Eval-mode CPU fp32 outputs on the fixture input equal Ultralytics' ({@code y0} of {@code *-io.npz}), before and
 * after {@link DetectionModel#fuse()}.
 */
class ForwardParityTest {
  private static final double BOX_TOL = 5e-3;
  private static final double SCORE_TOL = 1e-4;

  @Test
  void yolov8nMatchesUltralyticsPredictionsAndRawHead() throws IOException {
    Checkpoint ckpt = Checkpoint.load(NnFixtures.file("yolov8n-synth.pt"));
    Map<String, NpyArray> io = Npz.read(NnFixtures.file("yolov8n-synth-io.npz"));
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      Tensor x = io.get("x").toTensor();

      DetectOutput raw = model.forwardRaw(x);
      assertThat(raw.oneToOne()).isNull();
      assertThat(StateDicts.shape(raw.oneToMany().boxes())).containsExactly(1, 64, 8400);
      assertThat(StateDicts.shape(raw.oneToMany().scores())).containsExactly(1, 8, 8400);
      assertThat(maxAbsDiff(NnFixtures.floats(raw.oneToMany().boxes()), io.get("aux_boxes").floats()))
          .isLessThan(1e-4);
      assertThat(maxAbsDiff(NnFixtures.floats(raw.oneToMany().scores()), io.get("aux_scores").floats()))
          .isLessThan(1e-4);

      float[] expected = io.get("y0").floats();
      Tensor y = model.forward(x);
      assertThat(StateDicts.shape(y)).containsExactly(1, 12, 8400);
      assertDecodedMatches(NnFixtures.floats(y), expected, 8400);

      model.fuse();
      assertThat(model.stateDictShapes()).doesNotContainKey("model.0.bn.running_var");
      assertThat(model.stateDictShapes().get("model.0.conv.bias")).containsExactly(16);
      assertDecodedMatches(NnFixtures.floats(model.forward(x)), expected, 8400);
    }
  }

  /** Rows 0-3 are xywh boxes (pixel tolerance), rows 4.. are class scores (and any per-anchor extras). */
  static void assertDecodedMatches(float[] actual, float[] expected, int anchors) {
    assertThat(actual).hasSameSizeAs(expected);
    double box = 0;
    double score = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      if (i / anchors < 4) {
        box = Math.max(box, d);
      } else {
        score = Math.max(score, d);
      }
    }
    assertThat(box).as("max box error (px)").isLessThan(BOX_TOL);
    assertThat(score).as("max score error").isLessThan(SCORE_TOL);
  }

  @Test
  void yolo26nTopKMatchesUltralyticsInOrder() throws IOException {
    Checkpoint ckpt = Checkpoint.load(NnFixtures.file("yolo26n-synth.pt"));
    Map<String, NpyArray> io = Npz.read(NnFixtures.file("yolo26n-synth-io.npz"));
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      Tensor x = io.get("x").toTensor();
      float[] expected = io.get("y0").floats();

      Tensor y = model.forward(x);
      assertThat(StateDicts.shape(y)).containsExactly(1, 300, 6);
      int compared = assertTopRowsMatch(NnFixtures.floats(y), expected);
      assertThat(compared).isEqualTo(42); // rows with score >= 0.01 in the fixture

      DetectOutput raw = model.forwardRaw(x);
      assertThat(StateDicts.shape(raw.oneToMany().boxes())).containsExactly(1, 4, 8400);
      assertThat(StateDicts.shape(raw.oneToOne().scores())).containsExactly(1, 8, 8400);
      assertTopRowsMatch(NnFixtures.floats(model.decode(raw)), expected);

      model.fuse();
      assertThat(model.stateDictShapes().keySet()).noneMatch(k -> k.startsWith("model.23.cv2."));
      assertThat(model.stateDictShapes()).containsKey("model.23.one2one_cv2.0.2.bias");
      assertTopRowsMatch(NnFixtures.floats(model.forward(x)), expected);
    }
  }

  /**
   * Compares the rows scoring >= 0.01 as sets (see {@link TopKRows}: near-equal scores, e.g. 0.010702 and 0.010694
   * in this fixture, may swap ranks on another CPU); returns how many expected rows were compared.
   */
  private static int assertTopRowsMatch(float[] actual, float[] expected) {
    return TopKRows.assertMatch(actual, expected, 300, 0.01, BOX_TOL, SCORE_TOL);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
