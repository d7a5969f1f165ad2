package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.ModelConfig;
import dev.yolojava.cuda.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ultralytics' AutoBatch: the fit of memory against batch size, and the CPU fallback. */
class AutoBatchTest {
  private static final List<Integer> SIZES = List.of(1, 2, 4, 8, 16);

  @Test
  void theLineMeetsTheAskedShareOfFreeMemory() {
    // 1 GiB plus 0.1 GiB per image; 80 GiB card, 78 free, 60 %: round(46.8) = 47 GiB -> (47 - 1) / 0.1 = 460
    Double[] gib = {1.1, 1.2, 1.4, 1.8, 2.6};
    assertThat(AutoBatch.fit(SIZES, gib, 80, 78, 0.6, "CUDA:0", 1.0)).isEqualTo(460);
    assertThat(AutoBatch.fit(SIZES, gib, 80, 78, 0.9, "CUDA:0", 1.0)).isEqualTo(690);
    // training holding twice the profile's memory per image: half the batch
    assertThat(AutoBatch.fit(SIZES, gib, 80, 78, 0.6, "CUDA:0", 2.0)).isBetween(229, 230); // int() truncates
  }

  @Test
  void aFailedSizeCapsTheBatchBelowIt() {
    Double[] gib = {1.1, 1.2, 1.4, 1.8, null};
    assertThat(AutoBatch.fit(SIZES, gib, 80, 78, 0.6, "CUDA:0", 1.0)).isEqualTo(8);
  }

  @Test
  void outsideTheSafeRangeTheDefaultIsUsed() {
    Double[] gib = {1.0001, 1.0002, 1.0004, 1.0008, 1.0016}; // 0.1 MiB per image: far beyond 1024
    assertThat(AutoBatch.fit(SIZES, gib, 80, 78, 0.6, "CUDA:0", 1.0)).isEqualTo(AutoBatch.DEFAULT_BATCH);
  }

  @Test
  void fractionsOfMemory() {
    assertThat(AutoBatch.fraction(-1)).isEqualTo(0.6);
    assertThat(AutoBatch.fraction(0.7)).isEqualTo(0.7);
  }

  @Test
  void cpuUsesTheDefaultBatch() {
    try (DetectionModel net = DetectionModel.fromConfig(ModelConfig.load("yolov8n.yaml", 8))) {
      assertThat(AutoBatch.choose(net, Device.parse("cpu"), 64, false, 0.6, 4, 100, false))
          .isEqualTo(AutoBatch.DEFAULT_BATCH);
    }
  }
}
