package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plots=True: a one-epoch run writes results.png, labels.jpg and the first validation batches as images. */
class TrainPlotsTest {
  @Test
  void oneEpochWithPlotsWritesTheImages(@TempDir Path dir) throws IOException {
    SyntheticTraining.cacheUnder(dir);
    // val=8 with batch 8 (validation uses 2x) is one batch: only val_batch0_* exist
    TrainResult r = SyntheticTraining.trainFreshYolov8n("data=synthetic:train=8,val=8,seed=2,size=160x128 epochs=1 "
        + "batch=8 imgsz=128 workers=1 device=cpu plots=True save_dir=" + dir.resolve("run") + " warmup_epochs=0");
    Path run = r.saveDir();
    BufferedImage results = ImageIO.read(run.resolve("results.png").toFile());
    assertThat(results.getWidth()).isEqualTo(5 * 240);
    assertThat(results.getHeight()).isEqualTo(2 * 240);
    BufferedImage labels = ImageIO.read(run.resolve("labels.jpg").toFile());
    assertThat(labels.getWidth()).isEqualTo(800);
    for (String f : new String[] {"val_batch0_labels.jpg", "val_batch0_pred.jpg"}) {
      BufferedImage img = ImageIO.read(run.resolve(f).toFile());
      assertThat(img.getWidth()).as(f).isGreaterThanOrEqualTo(128);
    }
    try (Stream<Path> s = java.nio.file.Files.list(run)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("val_batch1"))).isEmpty();
    }
  }
}
