package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Initialisation, raw outputs, state-dict loading and fusing of built models (no fixtures needed). */
class DetectionModelTest {

  @Test
  void initialisedLikeUltralytics() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml("yolov8n.yaml", 0);
      LinkedHashMap<String, Tensor> sd = m.stateDict();
      assertThat(m.is_training()).isTrue();
      assertThat(StateDicts.shape(sd.get("model.0.conv.weight"))).containsExactly(16, 3, 3, 3);
      assertThat(StateDicts.shape(sd.get("model.0.bn.num_batches_tracked"))).isEmpty();
      assertThat(sd).doesNotContainKey("model.0.conv.bias");
      // box bias 2.0; class bias log(5 / nc / (640 / stride)^2) per level
      assertThat(NnFixtures.floats(sd.get("model.22.cv2.0.2.bias"))).containsOnly(2.0f);
      assertThat(NnFixtures.floats(sd.get("model.22.cv3.0.2.bias"))[0])
          .isCloseTo((float) Math.log(5.0 / 80 / 6400), within(1e-6f));
      assertThat(NnFixtures.floats(sd.get("model.22.cv3.2.2.bias"))[79])
          .isCloseTo((float) Math.log(5.0 / 80 / 400), within(1e-6f));
      Tensor dfl = sd.get("model.22.dfl.conv.weight");
      assertThat(NnFixtures.floats(dfl)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      assertThat(dfl.requires_grad()).isFalse();
      assertThat(m.parameterCount() - m.gradientCount()).isEqualTo(16);
      assertThat(m.regMax()).isEqualTo(16);
      assertThat(m.endToEnd()).isFalse();
    }
  }

  @Test
  void endToEndBranchesStartAsCopies() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml("yolo26n.yaml", 0);
      LinkedHashMap<String, Tensor> sd = m.stateDict();
      assertThat(m.endToEnd()).isTrue();
      assertThat(m.regMax()).isEqualTo(1);
      assertThat(NnFixtures.floats(sd.get("model.23.one2one_cv2.1.0.conv.weight")))
          .containsExactly(NnFixtures.floats(sd.get("model.23.cv2.1.0.conv.weight")));
      assertThat(NnFixtures.floats(sd.get("model.23.one2one_cv3.2.1.1.conv.weight")))
          .containsExactly(NnFixtures.floats(sd.get("model.23.cv3.2.1.1.conv.weight")));
      assertThat(NnFixtures.floats(sd.get("model.23.one2one_cv3.0.2.bias"))[0])
          .isCloseTo((float) Math.log(5.0 / 80 / 6400), within(1e-6f));
      assertThat(sd.keySet()).noneMatch(k -> k.contains("dfl"));
    }
  }

  @Test
  void rawOutputsInTrainingMode() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml("yolo26n.yaml", 8);
      Tensor x = torch.rand(2, 3, 160, 128);
      DetectOutput raw = m.forwardRaw(x);
      // 20x16 + 10x8 + 5x4 anchors
      assertThat(StateDicts.shape(raw.oneToMany().boxes())).containsExactly(2, 4, 420);
      assertThat(StateDicts.shape(raw.oneToMany().scores())).containsExactly(2, 8, 420);
      assertThat(StateDicts.shape(raw.oneToOne().scores())).containsExactly(2, 8, 420);
      assertThat(raw.oneToMany().feats()).hasSize(3);
      assertThat(StateDicts.shape(raw.oneToMany().feats().get(2))).containsExactly(2, 256, 5, 4);
      assertThat(raw.oneToMany().scores().requires_grad()).isTrue();

      m.eval();
      assertThat(StateDicts.shape(m.forward(x))).containsExactly(2, 300, 6);
      DetectionModel v8 = DetectionModel.fromYaml("yolov8n.yaml", 8);
      v8.eval();
      assertThat(StateDicts.shape(v8.forward(x))).containsExactly(2, 12, 420);
      assertThat(StateDicts.shape(v8.forwardRaw(x).oneToMany().boxes())).containsExactly(2, 64, 420);
      assertThat(v8.forwardRaw(x).oneToOne()).isNull();
    }
  }

  @Test
  void strictLoadListsEveryProblemAndCopiesNothing() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel target = DetectionModel.fromYaml("yolov8n.yaml", 0);
      DetectionModel source = DetectionModel.fromYaml("yolov8n.yaml", 8);
      LinkedHashMap<String, Tensor> sd = source.stateDict();
      sd.remove("model.0.bn.bias");
      sd.put("bogus.weight", torch.zeros(3));
      float before = NnFixtures.floats(target.stateDict().get("model.0.conv.weight"))[0];

      assertThatThrownBy(() -> target.loadStateDict(sd))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 missing [model.0.bn.bias]")
          .hasMessageContaining("1 unexpected [bogus.weight]")
          .hasMessageContaining("36 mis-shaped [model.22.cv3.0.0.conv.weight: checkpoint [64,64,3,3] vs model [80,64,3,3]")
          .hasMessageContaining("model.22.cv3.2.2.weight: checkpoint [8,64,1,1] vs model [80,80,1,1]");
      assertThat(NnFixtures.floats(target.stateDict().get("model.0.conv.weight"))[0]).isEqualTo(before);

      LoadReport r = target.loadStateDictLenient(sd);
      // 355 keys: 36 class-branch tensors differ in shape (c3 = 64 vs 80), one is missing
      assertThat(r.loaded()).hasSize(318);
      assertThat(r.mismatched()).hasSize(36);
      assertThat(r.missing()).containsExactly("model.0.bn.bias");
      assertThat(r.unexpected()).containsExactly("bogus.weight");
      assertThat(NnFixtures.floats(target.stateDict().get("model.0.conv.weight")))
          .containsExactly(NnFixtures.floats(source.stateDict().get("model.0.conv.weight")));
    }
  }

  @Test
  void fusedModelsGiveTheSameOutputs() {
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      torch.manual_seed(0);
      Tensor x = torch.rand(1, 3, 160, 160);
      for (String name : new String[] {"yolov8n.yaml", "yolo11n.yaml"}) {
        DetectionModel m = randomisedBatchNorms(DetectionModel.fromYaml(name, 0));
        float[] before = NnFixtures.floats(m.forward(x));
        m.fuse();
        assertThat(m.isFused()).isTrue();
        assertThat(m.stateDictShapes().keySet()).noneMatch(k -> k.contains(".bn."));
        // a fused model only infers: nothing requires gradients, the head's plain Conv2d outputs included (Ultralytics'
        // fused summary says "0 gradients")
        assertThat(m.gradientCount()).isZero();
        assertThat(m.info()).endsWith(" 0 gradients");
        // boxes reach ~480 px, where one float step is 3e-5: fusion reorders the arithmetic, so allow ~30 steps
        // (measured 6.1e-5 on AVX2 and scalar kernels alike)
        assertThat(maxAbsDiff(NnFixtures.floats(m.forward(x)), before)).as(name).isLessThan(1e-3);
      }
      DetectionModel e2e = randomisedBatchNorms(DetectionModel.fromYaml("yolo26n.yaml", 0));
      DetectOutput raw = e2e.forwardRaw(x);
      float[] boxes = NnFixtures.floats(raw.oneToOne().boxes());
      float[] scores = NnFixtures.floats(raw.oneToOne().scores());
      long params = e2e.parameterCount();
      e2e.fuse();
      DetectOutput fused = e2e.forwardRaw(x);
      assertThat(fused.oneToMany()).isNull();
      assertThat(maxAbsDiff(NnFixtures.floats(fused.oneToOne().boxes()), boxes)).isLessThan(1e-4);
      assertThat(maxAbsDiff(NnFixtures.floats(fused.oneToOne().scores()), scores)).isLessThan(1e-4);
      assertThat(e2e.parameterCount()).isLessThan(params);
    }
  }

  /** Non-trivial BatchNorm statistics and affine parameters, scaled to keep activations of order 1. */
  private static DetectionModel randomisedBatchNorms(DetectionModel m) {
    for (var e : m.stateDict().entrySet()) {
      Tensor t = e.getValue();
      if (e.getKey().endsWith("running_var")) {
        t.copy_(torch.rand(t.size(0)).add(new Scalar(0.5)));
      } else if (e.getKey().endsWith("running_mean") || e.getKey().endsWith("bn.bias")) {
        t.copy_(torch.randn(t.size(0)).mul(new Scalar(0.1)));
      } else if (e.getKey().endsWith("bn.weight")) {
        t.copy_(torch.rand(t.size(0)).add(new Scalar(0.5)));
      }
    }
    m.eval();
    return m;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
