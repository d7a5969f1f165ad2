package dev.yolojava.core.loss;

import static dev.yolojava.core.ops.Tensors.fromFloats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.HeadOutput;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The v8 and end-to-end losses on a toy two-level head (4x4 and 2x2 grids, strides 8 and 16: 20
 * anchors).
 */
class DetectionLossTest {
  private static final int NC = 2;
  private static final long ANCHORS = 16 + 4;
  private static final double LN2 = Math.log(2);

  private static HeadOutput head(long batch, int regMax, float boxLogit) {
    Tensor boxes = torch.full(new long[] {batch, 4L * regMax, ANCHORS}, new Scalar(boxLogit));
    Tensor scores = torch.zeros(batch, NC, ANCHORS);
    return new HeadOutput(
        boxes, scores, List.of(torch.zeros(batch, 1, 4, 4), torch.zeros(batch, 1, 2, 2)));
  }

  private static Targets none() {
    return new Targets(torch.zeros(0), torch.zeros(0, 1), torch.zeros(0, 4));
  }

  @Test
  void withoutObjectsOnlyTheClassTermRemainsNormalisedByOne() {
    try (PointerScope s = new PointerScope()) {
      V8DetectionLoss loss =
          new V8DetectionLoss(
              new HeadSpec(NC, 16, new double[] {8, 16}), LossHyperParameters.defaults(), 10, 10);
      LossResult r = loss.compute(new DetectOutput(head(3, 16, 0f), null), none());
      // zero logits against zero targets: BCE ln 2 for each of 3 x 20 x 2 entries, cls gain 0.5
      double cls = 3 * ANCHORS * NC * LN2 * 0.5;
      assertThat(r.itemValues()).containsExactly(new double[] {0, cls, 0}, within(1e-4));
      assertThat(r.lossValues()).containsExactly(new double[] {0, 3 * cls, 0}, within(1e-3));
    }
  }

  /** {@code cls_pw}: each class's BCE entries are scaled by its weight; the assignment and the other terms are not. */
  @Test
  void classWeightsScaleEachClassBceTerm() {
    try (PointerScope s = new PointerScope()) {
      HeadSpec head = new HeadSpec(NC, 16, new double[] {8, 16});
      double[] w = {0.5, 1.5};
      V8DetectionLoss weighted =
          new V8DetectionLoss(head, LossHyperParameters.defaults().withClassWeights(w), 10, 10);
      LossResult r = weighted.compute(new DetectOutput(head(3, 16, 0f), null), none());
      // zero logits: ln 2 per entry, 3 x 20 anchors per class, each class times its weight, cls gain 0.5
      double cls = 3 * ANCHORS * LN2 * (w[0] + w[1]) * 0.5;
      assertThat(r.itemValues()).containsExactly(new double[] {0, cls, 0}, within(1e-4));
    }
  }

  /** Ultralytics' weights: (1 / count) ^ cls_pw, an absent class counted once, then scaled to a mean of 1. */
  @Test
  void classWeightsFromCounts() {
    double[] w = LossHyperParameters.classWeights(new long[] {100, 25, 0, 4}, 0.5);
    double[] raw = {0.1, 0.2, 1.0, 0.5};
    double mean = (0.1 + 0.2 + 1.0 + 0.5) / 4;
    for (int i = 0; i < 4; i++) {
      assertThat(w[i]).isCloseTo(raw[i] / mean, within(1e-12));
    }
    assertThat(LossHyperParameters.classWeights(new long[] {3, 4}, 0.0)).isNull();
    assertThat(LossHyperParameters.classWeights(new long[] {0, 0}, 1.0)).isNull();
    assertThatThrownBy(() -> LossHyperParameters.classWeights(new long[] {1}, 10))
        .hasMessageContaining("cls_pw is 10.0, expected a value in [0, 1]");
  }

  @Test
  void anObjectCoveredByPerfectPredictionsCostsNoBoxLoss() {
    try (PointerScope s = new PointerScope()) {
      // reg_max 1: every anchor predicts ltrb = 1 grid cell. At level 0 (stride 8) the anchor at
      // (12, 12) px then
      // predicts exactly the box 4..20 px, the ground truth below; its CIoU is 1 and its L1
      // distance 0.
      V8DetectionLoss loss =
          new V8DetectionLoss(
              new HeadSpec(NC, 1, new double[] {8, 16}), LossHyperParameters.defaults(), 1, 1);
      Targets one =
          new Targets(
              fromFloats(new float[] {0}, 1),
              fromFloats(new float[] {1}, 1, 1),
              fromFloats(new float[] {12 / 32f, 12 / 32f, 0.5f, 0.5f}, 1, 4));
      LossResult r = loss.compute(new DetectOutput(head(1, 1, 1f), null), one);
      double[] items = r.itemValues();
      assertThat(items[0]).as("box").isCloseTo(0.0, within(1e-5));
      assertThat(items[2]).as("l1 distance").isCloseTo(0.0, within(1e-6));
      assertThat(items[1]).as("cls").isGreaterThan(0);

      // ltrb = 2 cells: the same anchor wins and predicts 16 px sides (-4..28) around the 16 px
      // box: IoU 0.25
      // (concentric squares, no CIoU penalty) also its target score; the sum 0.25 is raised to 1.
      // box = 7.5 * (1 - 0.25) * 0.25; L1 = |16 - 8| px / 32 px image * 0.25 weight, gain 1.5
      double[] off = loss.compute(new DetectOutput(head(1, 1, 2f), null), one).itemValues();
      assertThat(off[0]).as("box").isCloseTo(7.5 * 0.75 * 0.25, within(1e-5));
      assertThat(off[2]).as("l1 distance").isCloseTo(1.5 * 0.25 * 0.25, within(1e-6));
    }
  }

  @Test
  void endToEndWeightsDecayOverTheEpochs() {
    E2EDetectionLoss loss =
        new E2EDetectionLoss(
            new HeadSpec(NC, 1, new double[] {8, 16}), new LossHyperParameters(7.5, 0.5, 1.5, 11));
    assertThat(loss.oneToManyWeight()).isEqualTo(0.8);
    assertThat(loss.oneToOneWeight()).isCloseTo(0.2, within(1e-12));
    loss.updateEpoch();
    assertThat(loss.oneToManyWeight()).isCloseTo(0.9 * 0.7 + 0.1, within(1e-12));
    for (int i = 0; i < 12; i++) {
      loss.updateEpoch();
    }
    assertThat(loss.updates()).isEqualTo(13);
    assertThat(loss.oneToManyWeight()).isCloseTo(0.1, within(1e-12));
    assertThat(loss.oneToOneWeight()).isCloseTo(0.9, within(1e-12));
    loss.resume(5);
    assertThat(loss.updates()).isEqualTo(5);
    assertThat(loss.oneToManyWeight()).isCloseTo(0.5 * 0.7 + 0.1, within(1e-12));
  }

  @Test
  void endToEndLossWeightsTheBranchesAndReportsTheOneToOneItems() {
    try (PointerScope s = new PointerScope()) {
      E2EDetectionLoss loss =
          new E2EDetectionLoss(
              new HeadSpec(NC, 1, new double[] {8, 16}), LossHyperParameters.defaults());
      HeadOutput many = head(2, 1, 1f);
      HeadOutput one =
          new HeadOutput(
              many.boxes(), torch.full(new long[] {2, NC, ANCHORS}, new Scalar(1.0)), many.feats());
      LossResult r = loss.compute(new DetectOutput(many, one), none());
      double clsMany = 2 * ANCHORS * NC * LN2 * 0.5;
      double clsOne = 2 * ANCHORS * NC * Math.log1p(Math.exp(1)) * 0.5; // BCE(1, 0) = ln(1 + e)
      assertThat(r.itemValues()[1]).isCloseTo(clsOne, within(1e-4));
      assertThat(r.lossValues()[1]).isCloseTo(2 * (0.8 * clsMany + 0.2 * clsOne), within(1e-3));
      assertThatThrownBy(() -> loss.compute(new DetectOutput(many, null), none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "end-to-end loss needs both head branches, got one-to-many present and one-to-one"
                  + " absent");
    }
  }

  @Test
  void hyperParametersComeFromTrainingArguments() {
    LossHyperParameters h =
        LossHyperParameters.fromArgs(Map.of("box", 5.0, "epochs", 30, "lr0", 0.01));
    assertThat(h).isEqualTo(new LossHyperParameters(5.0, 0.5, 1.5, 30));
    assertThatThrownBy(() -> LossHyperParameters.fromArgs(Map.of("cls", "high")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training argument 'cls' is high, expected a number");
  }
}
