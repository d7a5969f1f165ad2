package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Ultralytics' {@code multi_scale}: the sizes drawn and the resized batches. */
class MultiScaleTest {
  @Test
  void sizesAreStrideMultiplesInUltralyticsRange() {
    MultiScale ms = new MultiScale(0.5, 640, 32, 0);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      int s = ms.nextSize();
      assertThat(s % 32).isZero();
      // randrange(max(32, 320), 640 * 1.5 + 32) // 32 * 32: 320 ... 960
      assertThat(s).isBetween(320, 960);
      seen.add(s);
    }
    assertThat(seen).hasSize(21); // every multiple of 32 in [320, 960]
  }

  @Test
  void batchesAreResizedWithTheirAspectKept() {
    try (PointerScope scope = new PointerScope()) {
      MultiScale ms = new MultiScale(0.5, 128, 32, 7);
      Tensor x = torch.rand(2, 3, 128, 96);
      for (int i = 0; i < 50; i++) {
        Tensor y = ms.apply(x);
        assertThat(y.size(0)).isEqualTo(2);
        assertThat(y.size(2) % 32).isZero();
        assertThat(y.size(3) % 32).isZero();
        assertThat(y.size(2)).isGreaterThanOrEqualTo(y.size(3)); // the long side stays the long side
        assertThat(y.size(2)).isBetween(64L, 192L);
      }
    }
  }
}
