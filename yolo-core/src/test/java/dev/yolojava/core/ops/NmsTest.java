package dev.yolojava.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class NmsTest {
  /** Builds a (1, 4 + nc, A) prediction from rows {cx, cy, w, h, s0, s1, ...}. */
  private static Tensor pred(float[][] rows) {
    int a = rows.length;
    int width = rows[0].length;
    float[] data = new float[width * a];
    for (int i = 0; i < a; i++) {
      for (int k = 0; k < width; k++) {
        data[k * a + i] = rows[i][k];
      }
    }
    return Tensors.fromFloats(data, 1, width, a);
  }

  private static NmsConfig cfg(float conf, float iou, int maxDet, boolean agnostic, boolean multi) {
    return new NmsConfig(conf, iou, maxDet, Set.of(), agnostic, multi);
  }

  @Test
  void overlappingSameClassBoxIsSuppressedAndOtherClassKept() {
    Tensor p = pred(new float[][] {
      {50, 50, 20, 20, 0.9f, 0.0f}, // kept
      {51, 50, 20, 20, 0.8f, 0.1f}, // IoU ~0.905 with the first, same class -> suppressed
      {51, 50, 20, 20, 0.1f, 0.7f}, // same place, class 1 -> kept (class-aware)
      {150, 150, 10, 10, 0.2f, 0.0f}, // below conf 0.25 -> dropped
    });
    float[][] out = Nms.apply(p, cfg(0.25f, 0.7f, 300, false, false), false).get(0);
    assertThat(out).hasNumberOfRows(2);
    assertThat(out[0]).containsExactly(40f, 40f, 60f, 60f, 0.9f, 0f);
    assertThat(out[1]).containsExactly(41f, 40f, 61f, 60f, 0.7f, 1f);
  }

  @Test
  void agnosticSuppressesAcrossClasses() {
    Tensor p = pred(new float[][] {{50, 50, 20, 20, 0.9f, 0f}, {51, 50, 20, 20, 0f, 0.7f}});
    assertThat(Nms.apply(p, cfg(0.25f, 0.7f, 300, true, false), false).get(0)).hasNumberOfRows(1);
  }

  @Test
  void iouThresholdIsStrict() {
    // Two 10x10 boxes offset by 5 px horizontally: IoU = 50 / 150 = 1/3.
    Tensor p = pred(new float[][] {{10, 10, 10, 10, 0.9f}, {15, 10, 10, 10, 0.8f}});
    assertThat(Nms.apply(p, cfg(0.25f, 0.34f, 300, false, false), false).get(0)).hasNumberOfRows(2);
    assertThat(Nms.apply(p, cfg(0.25f, 0.33f, 300, false, false), false).get(0)).hasNumberOfRows(1);
  }

  @Test
  void multiLabelEmitsOneRowPerClassAboveConfAndMaxDetCaps() {
    Tensor p = pred(new float[][] {{50, 50, 20, 20, 0.6f, 0.5f, 0.01f}});
    float[][] out = Nms.apply(p, cfg(0.25f, 0.7f, 300, false, true), false).get(0);
    assertThat(out).hasNumberOfRows(2);
    assertThat(out[0][5]).isEqualTo(0f);
    assertThat(out[1][5]).isEqualTo(1f);
    assertThat(Nms.apply(p, cfg(0.25f, 0.7f, 1, false, true), false).get(0)).hasNumberOfRows(1);
  }

  @Test
  void classFilterKeepsOnlyRequestedClasses() {
    Tensor p = pred(new float[][] {{50, 50, 20, 20, 0.9f, 0f}, {150, 50, 20, 20, 0f, 0.8f}});
    NmsConfig only1 = new NmsConfig(0.25f, 0.7f, 300, Set.of(1), false, false);
    float[][] out = Nms.apply(p, only1, false).get(0);
    assertThat(out).hasNumberOfRows(1);
    assertThat(out[0][5]).isEqualTo(1f);
  }

  @Test
  void endToEndRowsAreFilteredByConfOnly() {
    float[] rows = {
      1, 2, 3, 4, 0.9f, 2,
      5, 6, 7, 8, 0.3f, 1,
      0, 0, 1, 1, 0.2f, 0,
    };
    Tensor p = Tensors.fromFloats(rows, 1, 3, 6);
    List<float[][]> out = Nms.apply(p, NmsConfig.predictDefaults(), true);
    assertThat(out.get(0)).hasNumberOfRows(2);
    assertThat(out.get(0)[1]).containsExactly(5, 6, 7, 8, 0.3f, 1);
  }

  @Test
  void emptyWhenNothingPassesConf() {
    Tensor p = pred(new float[][] {{50, 50, 20, 20, 0.1f, 0.2f}});
    assertThat(Nms.apply(p, NmsConfig.predictDefaults(), false).get(0)).isEmpty();
  }
}
