package dev.yolojava.core.loss;

import static dev.yolojava.core.ops.Tensors.fromFloats;
import static dev.yolojava.core.ops.Tensors.toFloatArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.ops.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Ultralytics' target preprocessing: collated rows to per-image padded pixel xyxy. */
class TargetsTest {
  /** (height 320, width 640). */
  private static Tensor imgsz() {
    return fromFloats(new float[] {320, 640}, 2);
  }

  @Test
  void rowsArePaddedPerImageAndScaledToPixelCorners() {
    try (PointerScope s = new PointerScope()) {
      Targets t =
          new Targets(
              fromFloats(new float[] {0, 0, 1, 3}, 4),
              fromFloats(new float[] {5, 2, 7, 1}, 4, 1),
              fromFloats(
                  new float[] {
                    0.5f, 0.5f, 0.25f, 0.5f, 0.25f, 0.25f, 0.5f, 0.5f, 0.1f, 0.1f, 0.2f, 0.2f, 1, 1,
                    0.5f, 0.5f
                  },
                  4,
                  4));
      Tensor out = t.padded(4, imgsz());
      assertThat(Tensors.shape(out)).containsExactly(4, 2, 5);
      assertThat(toFloatArray(out))
          .containsExactly(
              5, 240, 80, 400, 240, // image 0
              2, 0, 0, 320, 160, 7, 0, 0, 128, 64, // image 1
              0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // image 2: none
              0, 0, 0, 0, 0, 1, 480, 240, 800, 400, // image 3
              0, 0, 0, 0, 0);
    }
  }

  @Test
  void rowOrderAcrossImagesDoesNotMatterAndOrderWithinAnImageIsKept() {
    try (PointerScope s = new PointerScope()) {
      float[] boxes = {0.5f, 0.5f, 0.25f, 0.5f, 0.1f, 0.1f, 0.2f, 0.2f, 0.25f, 0.25f, 0.5f, 0.5f};
      Targets unsorted =
          new Targets(
              fromFloats(new float[] {0, 1, 0}, 3),
              fromFloats(new float[] {5, 7, 2}, 3),
              fromFloats(boxes, 3, 4));
      float[] out = toFloatArray(unsorted.padded(2, imgsz()));
      assertThat(out)
          .containsExactly(
              5, 240, 80, 400, 240, 2, 0, 0, 320, 160, 7, 0, 0, 128, 64, 0, 0, 0, 0, 0);
    }
  }

  @Test
  void keypointsTakeTheSlotsOfTheirBoxesScaledToPixels() {
    try (PointerScope s = new PointerScope()) {
      float[] boxes = {0.5f, 0.5f, 0.25f, 0.5f, 0.1f, 0.1f, 0.2f, 0.2f, 0.25f, 0.25f, 0.5f, 0.5f};
      // two keypoints (x, y, visibility) per object; rows out of image order
      float[] kpts = {0.5f, 0.25f, 2, 0, 0, 0, 0.1f, 0.5f, 1, 0.2f, 0.2f, 2, 1, 1, 2, 0.75f, 0.5f, 1};
      Targets unsorted =
          new Targets(fromFloats(new float[] {0, 1, 0}, 3), fromFloats(new float[] {5, 7, 2}, 3),
              fromFloats(boxes, 3, 4)).withKeypoints(fromFloats(kpts, 3, 2, 3));
      Tensor out = unsorted.paddedKeypoints(2, imgsz());
      assertThat(Tensors.shape(out)).containsExactly(2, 2, 2, 3);
      assertThat(toFloatArray(out))
          .containsExactly(
              320, 80, 2, 0, 0, 0, 640, 320, 2, 480, 160, 1, // image 0: objects 0 and 2
              64, 160, 1, 128, 64, 2, 0, 0, 0, 0, 0, 0); // image 1: object 1, then padding
      assertThatThrownBy(() -> unsorted.withKeypoints(torch.zeros(3, 2, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("keypoints have shape [3, 2, 4], expected (3, nkpt, 2 or 3)");
      assertThatThrownBy(() -> new Targets(torch.zeros(0), torch.zeros(0, 1), torch.zeros(0, 4)).paddedKeypoints(2,
          imgsz())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("have no keypoints");
    }
  }

  @Test
  void noObjectsGivesAnEmptyPadding() {
    try (PointerScope s = new PointerScope()) {
      Targets none = new Targets(torch.zeros(0), torch.zeros(0, 1), torch.zeros(0, 4));
      assertThat(Tensors.shape(none.padded(3, imgsz()))).containsExactly(3, 0, 5);
    }
  }

  @Test
  void badShapesAndIndicesAreReported() {
    try (PointerScope s = new PointerScope()) {
      assertThatThrownBy(() -> new Targets(torch.zeros(3), torch.zeros(3, 1), torch.zeros(3, 5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bboxes has shape [3, 5], expected (3, 4) normalised xywh");
      assertThatThrownBy(() -> new Targets(torch.zeros(3), torch.zeros(2, 1), torch.zeros(3, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cls has shape [2, 1], expected (3, 1) to match batch_idx");
      Targets t =
          new Targets(fromFloats(new float[] {0, 4}, 2), torch.zeros(2, 1), torch.zeros(2, 4));
      assertThatThrownBy(() -> t.padded(2, imgsz()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("batch_idx holds image indices 0..4, expected 0..1 for batch size 2");
    }
  }
}
