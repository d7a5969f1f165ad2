package dev.yolojava.data.loader;

import static dev.yolojava.data.loader.DataLoaderTest.bytes;
import static dev.yolojava.data.loader.DataLoaderTest.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device-rendered pipeline (decode on the CPU, mosaic/warp/HSV/flips as tensor ops) against the OpenCV one: the
 * same boxes exactly and the same pixels up to rounding, for the same seed. Rendered here on the CPU; the GPU runs
 * the same ops.
 */
class RenderOnDeviceTest {
  @TempDir static Path dir;
  static DataConfig data;

  @BeforeAll
  static void makeData() {
    data = DataConfig.load(TestData.synthetic(dir.resolve("synth"), 10, 2, 11));
  }

  @Test
  void defaultAugmentationMatchesTheCpuPipeline() {
    compare(AugmentConfig.defaults(), 0.05, 0.001);
  }

  @Test
  void rotationShearSingleImagesFlipsAndBgrMatchTheCpuPipeline() {
    compare(AugmentConfig.fromMap(Map.of("degrees", 12.0, "shear", 3.0, "mosaic", 0.5, "flipud", 0.5,
        "bgr", 0.5, "hsv_h", 0.1)), 0.05, 0.002);
  }

  @Test
  void hsvAloneIsExactlyOpenCv() { // the colour tables are OpenCV's own conversions
    compare(AugmentConfig.fromMap(Map.of("translate", 0.0, "scale", 0.0, "mosaic", 0.0, "fliplr", 0.0)), 0.0,
        0.0);
  }

  @Test
  void renderedBatchesAreTheSameForAnyWorkerCount() {
    String[] hashes = new String[2];
    int[] workers = {1, 3};
    try (YoloDataset ds = YoloDataset.open(data, Split.TRAIN, DatasetOptions.of(64))) {
      for (int k = 0; k < 2; k++) {
        Hasher h = Hashing.sha256().newHasher();
        try (DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(),
            LoaderOptions.train(4, workers[k]).withSeed(9).withRenderOnDevice(true));
            PointerScope scope = new PointerScope()) {
          for (Batch b : l) {
            try (b; Batch r = b.to(new Device("cpu"), false)) {
              h.putBytes(bytes(r.images()));
              for (float v : floats(r.bboxes())) {
                h.putFloat(v);
              }
            }
          }
        }
        hashes[k] = h.hash().toString();
      }
    }
    assertThat(hashes[1]).isEqualTo(hashes[0]);
  }

  @Test
  void mixUpStaysOnTheCpu() {
    try (YoloDataset ds = YoloDataset.open(data, Split.TRAIN, DatasetOptions.of(96));
        DataLoader l = DataLoader.train(ds, AugmentConfig.fromMap(Map.of("mixup", 0.5)),
            LoaderOptions.train(5, 2).withRenderOnDevice(true));
        PointerScope scope = new PointerScope()) {
      try (Batch b = l.iterator().next()) {
        assertThat(b.rendered()).isTrue();
      }
    }
  }

  private static void compare(AugmentConfig aug, double maxMean, double maxFar) {
    int s = 96;
    try (YoloDataset ds = YoloDataset.open(data, Split.TRAIN, DatasetOptions.of(s).withCache(CacheMode.NONE));
        DataLoader cpu = DataLoader.train(ds, aug, LoaderOptions.train(5, 2).withSeed(5));
        DataLoader dev = DataLoader.train(ds, aug, LoaderOptions.train(5, 3).withSeed(5).withRenderOnDevice(true));
        PointerScope scope = new PointerScope()) {
      Iterator<Batch> a = cpu.iterator();
      Iterator<Batch> b = dev.iterator();
      long pixels = 0;
      long off = 0;
      long far = 0;
      double sumAbs = 0;
      while (a.hasNext()) {
        try (Batch x = a.next(); Batch planned = b.next(); Batch y = planned.to(new Device("cpu"), false)) {
          assertThat(planned.rendered()).isFalse();
          assertThatThrownBy(planned::images).isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("not rendered yet");
          assertThat(y.paths()).isEqualTo(x.paths());
          for (Tensor[] t : new Tensor[][] {{x.batchIdx(), y.batchIdx()}, {x.cls(), y.cls()},
              {x.bboxes(), y.bboxes()}}) {
            assertThat(floats(t[1])).containsExactly(floats(t[0]));
          }
          assertThat(y.images().sizes().vec().get()).containsExactly(x.images().sizes().vec().get());
          byte[] p = bytes(x.images());
          byte[] q = bytes(y.images());
          for (int i = 0; i < p.length; i++) {
            int d = Math.abs((p[i] & 0xff) - (q[i] & 0xff));
            sumAbs += d;
            off += d > 0 ? 1 : 0;
            far += d > 3 ? 1 : 0;
          }
          pixels += p.length;
        }
      }
      assertThat(b.hasNext()).isFalse();
      double mean = sumAbs / pixels;
      System.out.printf("render on device vs OpenCV: %d values, mean |diff| %.4f, %.3f%% differ, %.4f%% by > 3%n",
          pixels, mean, 100.0 * off / pixels, 100.0 * far / pixels);
      assertThat(mean).isLessThanOrEqualTo(maxMean);
      assertThat((double) off / pixels).isLessThan(0.03); // the warp's sub-pixel grid: off by one at most places
      assertThat((double) far / pixels).isLessThanOrEqualTo(maxFar);
    }
  }
}
