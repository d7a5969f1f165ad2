package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizes round up to the stride as Ultralytics' check_imgsz does (imgsz=500 at stride 32 becomes 512). */
class ImgszCheckTest {
  @Test
  void roundsUpToTheStrideAndTheFloor() {
    assertThat(ImgszCheck.check(500, 32, 0)).isEqualTo(512);
    assertThat(ImgszCheck.check(321, 32, 0)).isEqualTo(352);
    assertThat(ImgszCheck.check(640, 32, 0)).isEqualTo(640);
    assertThat(ImgszCheck.check(10, 32, 32)).isEqualTo(32);
    assertThat(ImgszCheck.check(new int[] {330, 100}, 32, 0)).containsExactly(352, 128);
  }

  @Test
  void rejectsSizesThatAreNotPositive() {
    assertThatThrownBy(() -> ImgszCheck.check(new int[] {0}, 32, 0))
        .hasMessage("imgsz is [0], expected positive sizes");
  }
}
