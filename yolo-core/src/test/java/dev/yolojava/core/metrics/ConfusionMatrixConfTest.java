package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The validator's float conf 0.001f must select Ultralytics' 0.25 confusion-matrix threshold too. */
class ConfusionMatrixConfTest {
  @Test
  void floatValConfWidenedToDoubleStillMeansTheDefault() {
    assertThat(ConfusionMatrix.confFor((double) 0.001f)).isEqualTo(0.25f);
    assertThat(ConfusionMatrix.confFor(0.001)).isEqualTo(0.25f);
    assertThat(ConfusionMatrix.confFor(null)).isEqualTo(0.25f);
    assertThat(ConfusionMatrix.confFor(0.4)).isEqualTo(0.4f);
  }
}
