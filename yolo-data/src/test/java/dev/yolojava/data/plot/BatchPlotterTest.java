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
}
