package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.data.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * yolov8n from scratch memorises 16 synthetic images (CPU, fp32, no augmentation): the data, loss, optimizer, EMA and
 * validation stack learn together. Batch 8 with nbs 8 steps the optimizer every batch and gives BatchNorm's running
 * statistics (momentum 0.03) enough updates to settle before the final validation.
 */
class OverfitTest {
  @Test
  void yolov8nFromScratchReachesMap50OnItsTrainingImages(@TempDir Path dir) throws Exception {
    SyntheticDataset.write(dir.resolve("synth"), 16, 1, 7);
    Path yaml = dir.resolve("overfit.yaml");
    Files.writeString(yaml, "path: " + dir.resolve("synth") + "\ntrain: images/train\nval: images/train\n"
        + "names: [box, disc, triangle, cross, ring, diamond, bar, star]\n");
    int epochs = Integer.getInteger("yolo.overfit.epochs", 120);
    YoloArgs args = YoloArgs.parse("data=" + yaml + " epochs=" + epochs + " batch=8 nbs=8 imgsz=256 workers=2 "
        + "device=cpu plots=False val=False optimizer=SGD lr0=0.02 warmup_epochs=2 close_mosaic=0 mosaic=0 "
        + "fliplr=0 hsv_h=0 hsv_s=0 hsv_v=0 translate=0 scale=0 save_dir=" + dir.resolve("run"));
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8,
        List.of("box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"))) {
      TrainResult r = new Trainer(model, args, null).train();
      double map50 = r.lastValidation().metrics().map50();
      System.out.printf("overfit: mAP50 %.4f mAP50-95 %.4f after %d epochs (%d optimizer steps)%n", map50,
          r.lastValidation().metrics().map(), epochs, epochs * 2);
      assertThat(map50).isGreaterThanOrEqualTo(0.8);
      assertThat(Files.readAllLines(r.resultsCsv())).hasSize(epochs + 1);
    }
  }
}
