package dev.yolojava.core.loss;

import static dev.yolojava.core.ops.Tensors.fromFloats;
import static dev.yolojava.core.ops.Tensors.toFloatArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The assigner on an 8x8 grid of stride 8 (anchor centres 4, 12, ..., 60 px) where every anchor
 * predicts the ground-truth box exactly (CIoU 1), so the alignment metric is {@code sqrt(score)}
 * and the choice is by score.
 */
class TaskAlignedAssignerTest {
  private static final int GRID = 8;
  private static final int A = GRID * GRID;
  private static final int NC = 3;
  private static final double[] STRIDES = {8, 16, 32};

  private static Tensor anchorPoints() {
    float[] p = new float[A * 2];
    for (int i = 0; i < A; i++) {
      p[2 * i] = 4 + 8 * (i % GRID);
      p[2 * i + 1] = 4 + 8 * (i / GRID);
    }
    return fromFloats(p, A, 2);
  }

  /**
   * Every anchor predicts {@code box}; class {@code cls} scores are {@code 0.01 * (anchor + 1)},
   * others 0.5.
   */
  private static Tensor[] predictions(float[] box, int cls) {
    float[] boxes = new float[A * 4];
    float[] scores = new float[A * NC];
    for (int i = 0; i < A; i++) {
      System.arraycopy(box, 0, boxes, 4 * i, 4);
      for (int c = 0; c < NC; c++) {
        scores[NC * i + c] = c == cls ? 0.01f * (i + 1) : 0.5f;
      }
    }
    return new Tensor[] {fromFloats(scores, 1, A, NC), fromFloats(boxes, 1, A, 4)};
  }

  private static List<Integer> foreground(Assignment a) {
    float[] fg = toFloatArray(a.fgMask());
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < fg.length; i++) {
      if (fg[i] != 0) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void boxTakesItsTopKInsideAnchorsByMetric() {
    try (PointerScope s = new PointerScope()) {
      float[] gt = {
        8, 8, 40, 40
      }; // anchors strictly inside: columns and rows 1..4 -> 16 candidates
      Tensor[] pred = predictions(gt, 2);
      Assignment a =
          TaskAlignedAssigner.forDetection(10, 10, NC, STRIDES)
              .assign(
                  pred[0],
                  pred[1],
                  anchorPoints(),
                  fromFloats(new float[] {2}, 1, 1, 1),
                  fromFloats(gt, 1, 1, 4),
                  fromFloats(new float[] {1}, 1, 1, 1));
      // scores grow with the anchor index: of the inside anchors (rows and columns 1..4) the last
      // 10 win
      assertThat(foreground(a)).containsExactly(19, 20, 25, 26, 27, 28, 33, 34, 35, 36);
      float[] labels = toFloatArray(a.targetLabels());
      float[] scores = toFloatArray(a.targetScores());
      float[] boxes = toFloatArray(a.targetBboxes());
      assertThat(labels[36]).isEqualTo(2);
      assertThat(
              new float[] {boxes[36 * 4], boxes[36 * 4 + 1], boxes[36 * 4 + 2], boxes[36 * 4 + 3]})
          .containsExactly(gt);
      // normalised: best anchor -> max IoU (1), others -> sqrt(score_i / score_best)
      assertThat((double) scores[36 * NC + 2]).isCloseTo(1.0, within(1e-5));
      assertThat((double) scores[19 * NC + 2]).isCloseTo(Math.sqrt(0.20 / 0.37), within(1e-5));
      assertThat(scores[36 * NC]).as("other class").isZero();
      assertThat(scores[37 * NC + 2]).as("outside the box").isZero();
      assertThat(scores[18 * NC + 2]).as("inside but not in the top 10").isZero();
    }
  }

  @Test
  void oneToOneSettingKeepsTheSingleBestAnchor() {
    try (PointerScope s = new PointerScope()) {
      float[] gt = {8, 8, 40, 40};
      Tensor[] pred = predictions(gt, 0);
      Assignment a =
          TaskAlignedAssigner.forDetection(7, 1, NC, STRIDES)
              .assign(
                  pred[0],
                  pred[1],
                  anchorPoints(),
                  fromFloats(new float[] {0}, 1, 1, 1),
                  fromFloats(gt, 1, 1, 4),
                  fromFloats(new float[] {1}, 1, 1, 1));
      assertThat(foreground(a)).containsExactly(36);
      assertThat((double) toFloatArray(a.targetScores().sum())[0]).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void sharedAnchorGoesToTheBoxItOverlapsMost() {
    try (PointerScope s = new PointerScope()) {
      float[] big = {8, 8, 40, 40};
      float[] other = {24, 24, 56, 56}; // shares anchors at columns/rows 3..4 with `big`
      Tensor[] pred =
          predictions(big, 1); // predictions match `big`: its IoU wins every shared anchor
      // top-16 = all 16 inside anchors of each box, so the 4 shared ones are claimed twice
      Tensor gtBoxes =
          fromFloats(
              new float[] {big[0], big[1], big[2], big[3], other[0], other[1], other[2], other[3]},
              1,
              2,
              4);
      Assignment a =
          TaskAlignedAssigner.forDetection(16, 16, NC, STRIDES)
              .assign(
                  pred[0],
                  pred[1],
                  anchorPoints(),
                  fromFloats(new float[] {1, 1}, 1, 2, 1),
                  gtBoxes,
                  fromFloats(new float[] {1, 1}, 1, 2, 1));
      float[] gtIdx = toFloatArray(a.targetGtIdx());
      assertThat(foreground(a)).hasSize(16 + 16 - 4).contains(27, 28, 35, 36);
      for (int shared : new int[] {27, 28, 35, 36}) {
        assertThat(gtIdx[shared]).as("shared anchor %s", shared).isZero();
      }
      assertThat(gtIdx[54]).as("only inside the second box").isEqualTo(1);
    }
  }

  @Test
  void paddingRowsAreNeverAssigned() {
    try (PointerScope s = new PointerScope()) {
      float[] gt = {8, 8, 40, 40};
      Tensor[] pred = predictions(gt, 1);
      Tensor gtBoxes = fromFloats(new float[] {8, 8, 40, 40, 0, 0, 0, 0}, 1, 2, 4);
      Assignment a =
          TaskAlignedAssigner.forDetection(10, 10, NC, STRIDES)
              .assign(
                  pred[0],
                  pred[1],
                  anchorPoints(),
                  fromFloats(new float[] {1, 0}, 1, 2, 1),
                  gtBoxes,
                  fromFloats(new float[] {1, 0}, 1, 2, 1));
      assertThat(foreground(a)).hasSize(10);
      assertThat(toFloatArray(a.targetGtIdx())).containsOnly(0f);
    }
  }

  @Test
  void boxesThinnerThanTheSmallestStrideAreWidenedForTheCentreTest() {
    try (PointerScope s = new PointerScope()) {
      TaskAlignedAssigner assigner = TaskAlignedAssigner.forDetection(10, 10, NC, STRIDES);
      // 4x4 px box centred at (15, 15): contains no anchor centre; widened to 16x16 it contains
      // (12|20, 12|20)
      Tensor small = fromFloats(new float[] {13, 13, 17, 17}, 1, 1, 4);
      float[] in =
          toFloatArray(
              assigner.candidatesInGts(
                  anchorPoints(), small, fromFloats(new float[] {1}, 1, 1, 1)));
      List<Integer> inside = new ArrayList<>();
      for (int i = 0; i < in.length; i++) {
        if (in[i] != 0) {
          inside.add(i);
        }
      }
      assertThat(inside).containsExactly(9, 10, 17, 18);
      // only the thin side is widened: 4 px wide, 30 px tall box -> 7..23 x 6..36 -> columns 1..2,
      // rows 1..3
      Tensor tall = fromFloats(new float[] {13, 6, 17, 36}, 1, 1, 4);
      float[] in2 =
          toFloatArray(
              assigner.candidatesInGts(anchorPoints(), tall, fromFloats(new float[] {1}, 1, 1, 1)));
      assertThat(sum(in2)).isEqualTo(6);
    }
  }

  @Test
  void noGroundTruthGivesAnEmptyAssignment() {
    try (PointerScope s = new PointerScope()) {
      Tensor[] pred = predictions(new float[] {8, 8, 40, 40}, 1);
      Assignment a =
          TaskAlignedAssigner.forDetection(10, 10, NC, STRIDES)
              .assign(
                  pred[0],
                  pred[1],
                  anchorPoints(),
                  torch.zeros(1, 0, 1),
                  torch.zeros(1, 0, 4),
                  torch.zeros(1, 0, 1));
      assertThat(foreground(a)).isEmpty();
      assertThat(toFloatArray(a.targetScores().sum())[0]).isZero();
      assertThat(toFloatArray(a.targetLabels())).containsOnly((float) NC);
    }
  }

  private static int sum(float[] v) {
    int n = 0;
    for (float f : v) {
      n += (int) f;
    }
    return n;
  }

  @Test
  void scoringOnlyTheCandidatePairsGivesTheSameAssignment() {
    try (PointerScope s = new PointerScope()) {
      torch.manual_seed(7);
      long bs = 3;
      long m = 4;
      // random boxes on the 64 px grid, the last image with one padding row; random predictions and scores
      Tensor xy = torch.rand(new long[] {bs, m, 2}).mul(new org.bytedeco.pytorch.Scalar(40));
      Tensor wh = torch.rand(new long[] {bs, m, 2}).mul(new org.bytedeco.pytorch.Scalar(30))
          .add(new org.bytedeco.pytorch.Scalar(2));
      Tensor gt = torch.cat(new org.bytedeco.pytorch.TensorVector(xy, xy.add(wh)), 2);
      float[] rows = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
      Tensor maskGt = fromFloats(rows, bs, m, 1);
      gt = gt.mul(maskGt);
      Tensor labels = torch.randint(NC, new long[] {bs, m, 1}).to(torch.ScalarType.Float).mul(maskGt);
      Tensor pdXy = torch.rand(new long[] {bs, A, 2}).mul(new org.bytedeco.pytorch.Scalar(50));
      Tensor pd = torch.cat(new org.bytedeco.pytorch.TensorVector(pdXy,
          pdXy.add(torch.rand(new long[] {bs, A, 2}).mul(new org.bytedeco.pytorch.Scalar(20)))), 2);
      Tensor scores = torch.rand(new long[] {bs, A, NC});
      TaskAlignedAssigner assigner = TaskAlignedAssigner.forDetection(10, 10, NC, STRIDES);
      Assignment dense = assigner.assign(scores, pd, anchorPoints(), labels, gt, maskGt);
      Tensor inside = assigner.candidatesInGts(anchorPoints(), gt, maskGt).mul(maskGt);
      long pairs = (long) inside.sum().item_double();
      assertThat(pairs).isPositive();
      for (long bound : new long[] {pairs, pairs + 17}) {
        Assignment sparse = assigner.assign(scores, pd, anchorPoints(), labels, gt, maskGt, bound);
        // the assignment itself exactly; the scores within float noise: pow(iou, 6) over arrays of other lengths puts
        // elements in the vector body or the scalar tail of the CPU's kernel, 1 ulp apart on AVX2 (seen: 7.5e-9)
        assertThat(toFloatArray(sparse.fgMask())).containsExactly(toFloatArray(dense.fgMask()));
        assertThat(toFloatArray(sparse.targetScores()))
            .containsExactly(toFloatArray(dense.targetScores()), org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(toFloatArray(sparse.targetBboxes())).containsExactly(toFloatArray(dense.targetBboxes()));
        assertThat(toFloatArray(sparse.targetLabels())).containsExactly(toFloatArray(dense.targetLabels()));
      }
    }
  }
}
