package dev.yolojava.core.loss;

import static dev.yolojava.core.ops.Tensors.fromFloats;
import static dev.yolojava.core.ops.Tensors.toFloatArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Distribution focal loss on one-hot bin distributions. */
class BoxLossTest {
  private static final int REG_MAX = 16;
  private static final float PEAK = 10f;

  /** Four sides' logits, each one-hot (value {@link #PEAK}) at {@code bin}. */
  private static Tensor oneHotLogits(int bin) {
    float[] v = new float[4 * REG_MAX];
    for (int side = 0; side < 4; side++) {
      v[side * REG_MAX + bin] = PEAK;
    }
    return fromFloats(v, 4, REG_MAX);
  }

  private static double dfl(Tensor logits, float... target) {
    Tensor out = BoxLoss.dfl(logits, fromFloats(target, 1, 4), REG_MAX);
    assertThat(dev.yolojava.core.ops.Tensors.shape(out)).containsExactly(1, 1);
    return toFloatArray(out)[0];
  }

  @Test
  void integerTargetOnItsOwnPeakCostsOnlyTheSoftmaxTail() {
    try (PointerScope s = new PointerScope()) {
      // -log softmax at the peak = log(1 + 15 e^-10)
      double expected = Math.log1p(15 * Math.exp(-PEAK));
      assertThat(dfl(oneHotLogits(3), 3, 3, 3, 3)).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void fractionalTargetSplitsBetweenTheTwoNeighbourBins() {
    try (PointerScope s = new PointerScope()) {
      double atPeak = Math.log1p(15 * Math.exp(-PEAK));
      double offPeak = Math.log(Math.exp(PEAK) + 15);
      // 3.25: weight 0.75 on bin 3 (the peak), 0.25 on bin 4
      assertThat(dfl(oneHotLogits(3), 3.25f, 3.25f, 3.25f, 3.25f))
          .isCloseTo(0.75 * atPeak + 0.25 * offPeak, within(1e-5));
    }
  }

  @Test
  void targetsAreClampedBelowTheLastBin() {
    try (PointerScope s = new PointerScope()) {
      double atPeak = Math.log1p(15 * Math.exp(-PEAK));
      double offPeak = Math.log(Math.exp(PEAK) + 15);
      // 20 -> 14.99: left bin 14 (the peak) weight 0.01, right bin 15 weight 0.99; same for all
      // four sides
      double expected = 0.01 * atPeak + 0.99 * offPeak;
      assertThat(dfl(oneHotLogits(14), 20, 20, 20, 20)).isCloseTo(expected, within(1e-4));
    }
  }

  @Test
  void uniformBinsCostLogRegMaxWhateverTheTarget() {
    try (PointerScope s = new PointerScope()) {
      Tensor uniform = fromFloats(new float[4 * REG_MAX], 4, REG_MAX);
      assertThat(dfl(uniform, 0, 5.5f, 7.9f, 14)).isCloseTo(Math.log(REG_MAX), within(1e-6));
    }
  }
}
