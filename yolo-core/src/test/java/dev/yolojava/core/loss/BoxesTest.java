package dev.yolojava.core.loss;

import static dev.yolojava.core.ops.Tensors.fromFloats;
import static dev.yolojava.core.ops.Tensors.toFloatArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.ops.Tensors;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Box geometry on hand-computed cases. */
class BoxesTest {
  private static double ciou(float... twoBoxes) {
    Tensor a = fromFloats(new float[] {twoBoxes[0], twoBoxes[1], twoBoxes[2], twoBoxes[3]}, 1, 4);
    Tensor b = fromFloats(new float[] {twoBoxes[4], twoBoxes[5], twoBoxes[6], twoBoxes[7]}, 1, 4);
    return toFloatArray(Boxes.ciou(a, b))[0];
  }

  @Test
  void ciouOfKnownBoxes() {
    try (PointerScope s = new PointerScope()) {
      assertThat(ciou(10, 20, 50, 80, 10, 20, 50, 80)).as("identical").isCloseTo(1.0, within(1e-6));
      // disjoint, same shape: IoU 0, centre distance^2 4 over enclosing diagonal^2 10
      assertThat(ciou(0, 0, 1, 1, 2, 0, 3, 1)).as("disjoint").isCloseTo(-0.4, within(1e-6));
      // offset squares: IoU 1/7, rho^2 2, c^2 18
      assertThat(ciou(0, 0, 2, 2, 1, 1, 3, 3))
          .as("overlapping")
          .isCloseTo(1.0 / 7 - 2.0 / 18, within(1e-6));
      // transposed 2x1 and 1x2 boxes: the aspect term is active
      double v = 4 / (Math.PI * Math.PI) * Math.pow(Math.atan(0.5) - Math.atan(2), 2);
      double iou = 1.0 / 3;
      double expected = iou - (0.5 / 8 + v * v / (v - iou + 1));
      assertThat(ciou(0, 0, 2, 1, 0, 0, 1, 2)).as("aspect").isCloseTo(expected, within(1e-6));
      assertThat(expected).isCloseTo(0.23708, within(1e-5));
    }
  }

  @Test
  void ciouBroadcastsBoxesAgainstEachOther() {
    try (PointerScope s = new PointerScope()) {
      Tensor gts = fromFloats(new float[] {0, 0, 1, 1, 0, 0, 2, 2}, 2, 1, 4);
      Tensor preds = fromFloats(new float[] {0, 0, 1, 1, 2, 0, 3, 1, 0, 0, 2, 2}, 1, 3, 4);
      Tensor iou = Boxes.ciou(gts, preds);
      assertThat(Tensors.shape(iou)).containsExactly(2, 3, 1);
      float[] v = toFloatArray(iou);
      assertThat((double) v[0]).isCloseTo(1.0, within(1e-6));
      assertThat((double) v[1]).isCloseTo(-0.4, within(1e-6));
      assertThat((double) v[5]).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void distanceEncodingRoundTrips() {
    try (PointerScope s = new PointerScope()) {
      Tensor anchors = fromFloats(new float[] {2.5f, 3.5f, 10.5f, 0.5f}, 2, 2);
      Tensor boxes = fromFloats(new float[] {1, 2, 6, 4.25f, 4, -1, 12, 3}, 2, 4);
      Tensor dist = Boxes.boxToDist(anchors, boxes);
      assertThat(toFloatArray(dist))
          .containsExactly(1.5f, 1.5f, 3.5f, 0.75f, 6.5f, 1.5f, 1.5f, 2.5f);
      assertThat(toFloatArray(Boxes.distToBox(dist, anchors))).containsExactly(toFloatArray(boxes));

      Tensor clamped =
          Boxes.boxToDist(anchors, fromFloats(new float[] {-40, 5, 30, 4, 4, -1, 12, 3}, 2, 4), 15);
      // lt of the first box is 42.5 -> 14.99; its top distance is negative -> 0
      assertThat(toFloatArray(clamped))
          .containsExactly(14.99f, 0f, 14.99f, 0.5f, 6.5f, 1.5f, 1.5f, 2.5f);
    }
  }

  @Test
  void xywhAndXyxyConvert() {
    try (PointerScope s = new PointerScope()) {
      Tensor xywh = fromFloats(new float[] {320, 240, 100, 50}, 1, 4);
      Tensor xyxy = Boxes.xywhToXyxy(xywh);
      assertThat(toFloatArray(xyxy)).containsExactly(270, 215, 370, 265);
      assertThat(toFloatArray(Boxes.xyxyToXywh(xyxy))).containsExactly(320, 240, 100, 50);
    }
  }

  @Test
  void anchorsOfATwoLevelGrid() {
    try (PointerScope s = new PointerScope()) {
      List<Tensor> feats = List.of(torch.zeros(1, 3, 2, 3), torch.zeros(1, 3, 1, 2));
      Anchors a = Anchors.of(feats, new double[] {8, 16});
      assertThat(a.count()).isEqualTo(8);
      assertThat(toFloatArray(a.points()))
          .containsExactly(
              0.5f, 0.5f, 1.5f, 0.5f, 2.5f, 0.5f, 0.5f, 1.5f, 1.5f, 1.5f, 2.5f,
              1.5f, // level 0, row-major
              0.5f, 0.5f, 1.5f, 0.5f); // level 1
      assertThat(toFloatArray(a.strides())).containsExactly(8, 8, 8, 8, 8, 8, 16, 16);
      assertThat(Tensors.shape(a.strides())).containsExactly(8, 1);
    }
  }

  @Test
  void anchorsRejectMismatchedStrides() {
    try (PointerScope s = new PointerScope()) {
      List<Tensor> feats = List.of(torch.zeros(1, 3, 2, 3), torch.zeros(1, 3, 1, 2));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Anchors.of(feats, new double[] {8, 16, 32}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "got 2 grid levels and 3 strides [8.0, 16.0, 32.0], expected the same non-zero"
                  + " number");
    }
  }
}
