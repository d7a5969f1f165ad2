package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.engine.Predictor;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A YOLOv8-seg checkpoint (fixtures/segment, made by bench/gpu/seg_fixtures.py with Ultralytics 8.4.90) builds from
 * its own YAML, loads strictly, and in eval mode gives Ultralytics' CPU fp32 outputs on the fixture input: boxes,
 * class scores and mask coefficients {@code (1, 4 + 8 + 32, A)} and the prototypes {@code (1, 32, 80, 80)}, before
 * and after {@link DetectionModel#fuse()}.
 */
class SegmentForwardParityTest {
  private static final double TOL = 1e-4;

  private static Path fixture(String name) {
    return NnFixtures.segment(name);
  }

  @Test
  void yolov8SegMatchesUltralytics() throws IOException {
    Checkpoint ckpt = Checkpoint.load(fixture("yolov8-seg-fx-synth.pt"));
    Map<String, NpyArray> io = Npz.read(fixture("yolov8-seg-fx-synth-io.npz"));
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      assertThat(model.task()).isEqualTo("segment");
      // the letterboxed image as uint8 (a small file): the model's input is it / 255, as in Ultralytics
      Tensor x = io.get("x_u8").toTensor().to(org.bytedeco.pytorch.global.torch.ScalarType.Float)
          .div(new org.bytedeco.pytorch.Scalar(255.0));
      float[] y0 = io.get("y0").floats();
      float[] proto = io.get("proto").floats();
      long anchors = io.get("y0").shape()[2];

      DetectOutput raw = model.forwardRaw(x);
      assertThat(StateDicts.shape(raw.proto())).containsExactly(1, 32, x.size(2) / 4, x.size(3) / 4);
      assertThat(StateDicts.shape(raw.oneToMany().masks())).containsExactly(1, 32, anchors);
      assertMatches(NnFixtures.floats(model.decode(raw)), y0, anchors);
      assertThat(maxAbsDiff(NnFixtures.floats(raw.proto()), proto)).as("prototypes").isLessThan(TOL);

      model.fuse();
      DetectOutput fused = model.forwardRaw(x);
      assertMatches(NnFixtures.floats(model.decode(fused)), y0, anchors);
      assertThat(maxAbsDiff(NnFixtures.floats(fused.proto()), proto)).as("fused prototypes").isLessThan(TOL);
    }
  }

  /**
   * YOLO26-seg ({@code Segment26}, {@link Proto26}): raw one-to-one and one-to-many outputs and prototypes equal
   * Ultralytics'. Its checkpoint (2.3 MB, untrained) is not committed: {@code python3 bench/seg26_forward_fixture.py
   * ULTRALYTICS_SRC fixtures/segment} makes it; without it the test is skipped.
   */
  @Test
  void yolo26SegMatchesUltralytics() throws IOException {
    Path pt = Path.of(System.getProperty("yolo.taskFixtures", "../fixtures"), "segment", "yolo26-seg-fx-init.pt");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(pt),
        "no " + pt + ": make it with python3 bench/seg26_forward_fixture.py ULTRALYTICS_SRC fixtures/segment");
    Checkpoint ckpt = Checkpoint.load(pt);
    Map<String, NpyArray> io = Npz.read(fixture("yolo26-seg-fx-io.npz"));
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      assertThat(model.head().type()).isEqualTo("Segment26");
      DetectOutput raw = model.forwardRaw(io.get("x").toTensor());
      String[][] pairs = {{"o2o_boxes", "o2o_scores", "o2o_masks"}, {"o2m_boxes", "o2m_scores", "o2m_masks"}};
      HeadOutput[] branches = {raw.oneToOne(), raw.oneToMany()};
      for (int b = 0; b < 2; b++) {
        assertThat(maxAbsDiff(NnFixtures.floats(branches[b].boxes()), io.get(pairs[b][0]).floats()))
            .as(pairs[b][0]).isLessThan(TOL);
        assertThat(maxAbsDiff(NnFixtures.floats(branches[b].scores()), io.get(pairs[b][1]).floats()))
            .as(pairs[b][1]).isLessThan(TOL);
        assertThat(maxAbsDiff(NnFixtures.floats(branches[b].masks()), io.get(pairs[b][2]).floats()))
            .as(pairs[b][2]).isLessThan(TOL);
      }
      assertThat(maxAbsDiff(NnFixtures.floats(raw.proto()), io.get("proto").floats())).as("proto").isLessThan(TOL);
    }
  }

  @Test
  void builtInSegmentYamlsBuildUltralyticsShapes() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel v8 = DetectionModel.fromYaml("yolov8n-seg.yaml", 80);
      assertThat(v8.head().type()).isEqualTo("Segment");
      assertThat(v8.parameterCount()).isEqualTo(3_409_968L); // Ultralytics: YOLOv8n-seg, 3,409,968 parameters
      DetectionModel y26 = DetectionModel.fromYaml("yolo26n-seg.yaml", 80);
      assertThat(y26.head().type()).isEqualTo("Segment26");
      assertThat(y26.parameterCount()).isEqualTo(3_126_280L); // Ultralytics: yolo26n-seg, nc=80
      assertThat(y26.stateDictShapes()).containsKey("model.23.proto.semseg.2.weight")
          .containsKey("model.23.one2one_cv4.2.2.bias");
    }
  }

  @Test
  void aSegmentModelTellsThePredictorItMakesMasks() {
    YoloModel model = YoloModel.load(fixture("yolov8-seg-fx-synth.pt"));
    assertThat(model.segments()).isTrue();
    assertThat(new Predictor(model).segments()).isTrue();
    assertThat(model.keypointShape()).isNull();
  }

  private static void assertMatches(float[] actual, float[] expected, long anchors) {
    ForwardParityTest.assertDecodedMatches(actual, expected, (int) anchors); // scores and coefficients alike
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    return ForwardParityTest.maxAbsDiff(a, b);
  }
}
