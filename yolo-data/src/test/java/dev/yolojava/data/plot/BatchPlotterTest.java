package dev.yolojava.data.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import dev.yolojava.data.image.Images;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.LoaderOptions;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPlotterTest {
  @TempDir Path dir;

  @Test
  void writesAGridOfTheBatchWithBoxes() {
    DataConfig cfg = DataConfig.load(TestData.synthetic(dir.resolve("s"), 5, 1, 2));
    try (YoloDataset ds = YoloDataset.open(cfg, Split.TRAIN, DatasetOptions.of(160));
        DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(5, 2));
        Batch b = l.iterator().next()) {
      Path out = BatchPlotter.write(b, ds.names(), dir.resolve("plots/train_batch0.jpg"));
      try (Mat m = Images.read(out)) {
        // 5 images -> 3x3 grid of 160 px cells
        assertThat(m.rows()).isEqualTo(480);
        assertThat(m.cols()).isEqualTo(480);
        byte[] px = new byte[3];
        m.ptr(470, 470).get(px); // an empty cell stays white
        assertThat(px[0] & 0xff).isGreaterThan(240);
      }
    }
  }

  @Test
  void predictionsAboveConfAreDrawnInTheirClassColour() throws java.io.IOException {
    DataConfig cfg = DataConfig.load(TestData.synthetic(dir.resolve("p"), 1, 1, 2));
    try (YoloDataset ds = YoloDataset.open(cfg, Split.TRAIN, DatasetOptions.of(160));
        DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(1, 1));
        Batch b = l.iterator().next()) {
      // class 0 (palette 042AFF) kept at conf 0.9; class 1 at 0.1 is below 0.25 and left out
      float[][] dets = {{20, 30, 120, 140, 0.9f, 0}, {10, 10, 150, 150, 0.1f, 1}};
      Path out = BatchPlotter.writePredictions(b, java.util.List.<float[][]>of(dets), ds.names(),
          dir.resolve("plots/val_batch0_pred.jpg"));
      java.nio.file.Files.copy(out, Path.of("target", "val_batch0_pred-test.jpg"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (Mat m = Images.read(out)) {
        assertThat(m.rows()).isEqualTo(160);
        byte[] px = new byte[3];
        m.ptr(90, 120).get(px); // on the right edge of the kept box: BGR of 042AFF (JPEG blurs a 1 px line)
        assertThat((px[0] & 0xff) - (px[2] & 0xff)).isGreaterThan(80);
      }
    }
  }
}
