package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NonFiniteGuardTest {
  @Test
  void nonFiniteLossesAreSkippedAndAFiniteOneResetsTheCount() {
    NonFiniteGuard g = new NonFiniteGuard(3);
    assertThat(g.accept(1.5, 0, 0)).isTrue();
    assertThat(g.accept(Double.NaN, 0, 1)).isFalse();
    assertThat(g.accept(Double.POSITIVE_INFINITY, 0, 2)).isFalse();
    assertThat(g.accept(0.7, 0, 3)).isTrue();
    assertThat(g.accept(Double.NaN, 0, 4)).isFalse();
    assertThat(g.accept(Double.NaN, 0, 5)).isFalse();
    assertThat(g.skipped()).isEqualTo(4);
  }

  @Test
  void limitConsecutiveNonFiniteLossesStopTrainingWithAClearMessage() {
    NonFiniteGuard g = new NonFiniteGuard();
    for (int b = 0; b < NonFiniteGuard.LIMIT - 1; b++) {
      assertThat(g.accept(Double.NaN, 2, b)).isFalse();
    }
    assertThatThrownBy(() -> g.accept(Double.NaN, 2, 9))
        .isInstanceOf(NonFiniteGuard.NonFiniteLossException.class)
        .hasMessage("training stopped: the loss was NaN for 10 consecutive batches (epoch 3, batch 10); the"
            + " optimizer step was skipped each time and last.pt/best.pt hold the last completed epoch: lower lr0,"
            + " check the labels for NaN/inf, or try amp=False");
  }
}
