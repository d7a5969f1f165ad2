package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptimizerChoiceTest {

  @Test
  void autoPicksAdamWWithFittedLrForShortRuns() {
    OptimizerChoice c = OptimizerChoice.resolve("auto", 0.01, 0.937, 80, 10_000);
    assertThat(c.type()).isEqualTo(OptimizerType.ADAMW);
    assertThat(c.lr()).isEqualTo(0.000119); // round(0.01 / 84, 6)
    assertThat(c.momentum()).isEqualTo(0.9);
    assertThat(c.warmupBiasLr(0.1)).isZero();
    assertThat(OptimizerChoice.resolve("AUTO", 0.01, 0.937, 8, 500).lr()).isEqualTo(0.000833);
  }

  @Test
  void autoPicksMuSgdAboveTenThousandIterations() {
    OptimizerChoice c = OptimizerChoice.resolve("auto", 0.02, 0.937, 80, 10_001);
    assertThat(c).isEqualTo(new OptimizerChoice(OptimizerType.MUSGD, 0.01, 0.9, true));
  }

  @Test
  void explicitNamesKeepConfiguredValues() {
    OptimizerChoice c = OptimizerChoice.resolve("rmsprop", 0.02, 0.937, 80, 1);
    assertThat(c).isEqualTo(new OptimizerChoice(OptimizerType.RMSPROP, 0.02, 0.937, false));
    assertThat(c.warmupBiasLr(0.1)).isEqualTo(0.1);
    assertThat(OptimizerType.parse("nadam")).isEqualTo(OptimizerType.NADAM);
    assertThat(OptimizerType.RMSPROP.className()).isEqualTo("RMSprop");
    assertThatThrownBy(() -> OptimizerType.parse("Lion"))
        .hasMessage(
            "optimizer 'Lion' not found, expected one of "
                + "[SGD, MuSGD, Adam, Adamax, AdamW, NAdam, RAdam, RMSProp] or auto");
  }

  @Test
  void iterationEstimateUsesNominalBatch() {
    assertThat(OptimizerChoice.iterations(4000, 16, 64, 100)).isEqualTo(63 * 100); // ceil(4000 / 64)
    assertThat(OptimizerChoice.iterations(4000, 128, 64, 3)).isEqualTo(32 * 3); // ceil(4000 / 128)
  }

  @Test
  void floatsPrintLikePythonRepr() {
    assertThat(PyFloat.repr(0.0005)).isEqualTo("0.0005");
    assertThat(PyFloat.repr(0.0001)).isEqualTo("0.0001");
    assertThat(PyFloat.repr(1e-5)).isEqualTo("1e-05");
    assertThat(PyFloat.repr(0.0005625000000000001)).isEqualTo("0.0005625000000000001");
    assertThat(PyFloat.repr(0.0)).isEqualTo("0.0");
    assertThat(PyFloat.repr(123.0)).isEqualTo("123.0");
    assertThat(PyFloat.repr(1e16)).isEqualTo("1e+16");
    assertThat(PyFloat.repr(2.5e-7)).isEqualTo("2.5e-07");
  }
}
