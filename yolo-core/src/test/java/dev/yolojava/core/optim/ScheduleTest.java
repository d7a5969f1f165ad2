package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/** LR factors, warmup and accumulation against values computed with Python/NumPy ({@code np.interp}). */
class ScheduleTest {
  private static final double EPS = 1e-15;

  @Test
  void linearAndCosineFactors() {
    LrSchedule lin = LrSchedule.linear(100, 0.01);
    assertThat(lin.factor(0)).isEqualTo(1.0);
    assertThat(lin.factor(1)).isCloseTo(0.9901, within(EPS));
    assertThat(lin.factor(37)).isCloseTo(0.6337, within(EPS));
    assertThat(lin.factor(100)).isCloseTo(0.01, within(EPS));
    assertThat(lin.factor(120)).isCloseTo(0.01, within(EPS)); // max(1 - x / epochs, 0)
    LrSchedule cos = LrSchedule.cosine(100, 0.01);
    assertThat(cos.factor(0)).isEqualTo(1.0);
    assertThat(cos.factor(1)).isCloseTo(0.9997557473810371, within(EPS));
    assertThat(cos.factor(25)).isCloseTo(0.855017856687341, within(EPS));
    assertThat(cos.factor(50)).isCloseTo(0.505, within(EPS));
    assertThat(cos.factor(100)).isCloseTo(0.01, within(EPS));
  }

  @Test
  void warmupLength() {
    assertThat(Warmup.iterations(3.0, 250)).isEqualTo(750);
    assertThat(Warmup.iterations(3.0, 20)).isEqualTo(100); // at least 100
    assertThat(Warmup.iterations(0.5, 401)).isEqualTo(200); // round(200.5) = 200, half to even
    assertThat(Warmup.iterations(0.0, 250)).isEqualTo(-1);
  }

  @Test
  void warmupRampsLrMomentumAndAccumulation() {
    try (PointerScope scope = new PointerScope()) {
      List<ParamGroup> groups = new ArrayList<>();
      groups.add(Toy.group(ParamRole.WEIGHT, "w", Toy.param(1f), 0.01, 0.937, 5e-4));
      groups.add(Toy.group(ParamRole.NORM, "n", Toy.param(1f), 0.01, 0.937, 0));
      groups.add(Toy.group(ParamRole.BIAS, "b", Toy.param(1f), 0.01, 0.937, 0));
      try (TrainOptimizer sgd = Optimizers.create(OptimizerType.SGD, groups)) {
        Warmup w = new Warmup(100, 0.1, 0.8, 0.937, 64, 16);
        double lf = LrSchedule.linear(100, 0.01).factor(0);
        w.apply(0, lf, sgd);
        assertThat(sgd.groups()).extracting(ParamGroup::lr).containsExactly(0.0, 0.0, 0.1);
        assertThat(sgd.groups().get(0).momentum()).isEqualTo(0.8);
        w.apply(25, lf, sgd);
        assertThat(sgd.groups().get(0).lr()).isCloseTo(0.0025, within(EPS));
        assertThat(sgd.groups().get(2).lr()).isCloseTo(0.0775, within(EPS));
        assertThat(sgd.groups().get(1).momentum()).isCloseTo(0.83425, within(EPS));
        w.apply(37, lf, sgd);
        assertThat(sgd.groups().get(0).lr()).isCloseTo(0.0037, within(EPS));
        assertThat(sgd.groups().get(2).lr()).isCloseTo(0.06670000000000001, within(EPS));
        assertThat(sgd.groups().get(2).momentum()).isCloseTo(0.8506900000000001, within(EPS));
        w.apply(100, lf, sgd);
        assertThat(sgd.groups()).extracting(ParamGroup::lr).containsExactly(0.01, 0.01, 0.01);
        assertThat(sgd.groups().get(0).momentum()).isEqualTo(0.937);
        assertThat(w.active(100)).isTrue();
        assertThat(w.active(101)).isFalse();
        // round(np.interp(ni, [0, 100], [1, 4])) with halves to even: 2.5 -> 2
        long[] ni = {0, 16, 17, 50, 51, 83, 84, 100};
        int[] acc = new int[ni.length];
        for (int i = 0; i < ni.length; i++) {
          acc[i] = w.accumulate(ni[i]);
        }
        assertThat(acc).containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
      }
    }
  }

  @Test
  void warmupTargetsTheEpochsScheduledLr() {
    try (PointerScope scope = new PointerScope()) {
      List<ParamGroup> groups =
          List.of(
              Toy.group(ParamRole.WEIGHT, "w", Toy.param(1f), 0.01, 0.9, 0),
              Toy.group(ParamRole.BIAS, "b", Toy.param(1f), 0.01, 0.9, 0));
      try (TrainOptimizer adamw = Optimizers.create(OptimizerType.ADAMW, groups)) {
        Warmup w = new Warmup(750, 0.1, 0.8, 0.937, 64, 64);
        w.apply(300, LrSchedule.cosine(100, 0.01).factor(1), adamw); // epoch 1 of a cosine run
        assertThat(adamw.groups().get(0).lr()).isCloseTo(0.003999022989524149, within(EPS));
        assertThat(adamw.groups().get(1).lr()).isCloseTo(0.06399902298952415, within(EPS));
        assertThat(adamw.groups().get(0).momentum()).isEqualTo(0.9); // Adam groups have betas, not momentum
      }
    }
  }

  @Test
  void scheduleStepsFromInitialLr() {
    try (PointerScope scope = new PointerScope()) {
      ParamGroup g = Toy.group(ParamRole.WEIGHT, "w", Toy.param(1f), 0.02, 0.9, 0);
      g.setLr(0.0);
      LrSchedule.linear(10, 0.1).apply(4, List.of(g));
      assertThat(g.lr()).isCloseTo(0.02 * (0.6 * 0.9 + 0.1), within(EPS));
      assertThat(g.initialLr()).isEqualTo(0.02);
    }
  }

  @Test
  void accumulationAndDecayScaling() {
    GradientAccumulation acc = new GradientAccumulation(64, 16);
    assertThat(acc.accumulate()).isEqualTo(4);
    List<Long> steps = new ArrayList<>();
    for (long ni = 0; ni < 12; ni++) {
      if (acc.shouldStep(ni)) {
        steps.add(ni);
      }
    }
    assertThat(steps).containsExactly(3L, 7L, 11L);
    assertThat(GradientAccumulation.nominal(64, 24)).isEqualTo(3); // round(2.67)
    assertThat(GradientAccumulation.nominal(64, 128)).isEqualTo(1); // round(0.5) = 0 -> at least 1
    assertThat(GradientAccumulation.scaledWeightDecay(0.0005, 16, 64)).isEqualTo(0.0005);
    assertThat(GradientAccumulation.scaledWeightDecay(0.0005, 24, 64)).isEqualTo(0.0005625000000000001);
  }
}
