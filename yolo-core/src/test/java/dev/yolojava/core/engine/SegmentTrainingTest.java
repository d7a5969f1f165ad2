package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentation training end to end on the CPU: the four polygon-labelled images of {@code fixtures/segment} train a
 * YOLOv8-seg (masks drawn from the augmented outlines as one index map per image, and one mask per object with
 * {@code overlap_mask=False}); results.csv carries Ultralytics' segmentation columns, the val losses included, and the
 * checkpoint loads back as a segmentation model. YOLO26's end-to-end segmentation loss is not built: it says so.
 */
class SegmentTrainingTest {
  @TempDir Path tmp;

  private static String args(Path data, Path run, String extra) {
    return "data=" + data + " epochs=1 batch=4 imgsz=160 workers=2 device=cpu plots=False warmup_epochs=0"
        + " close_mosaic=0 seed=1 save_dir=" + run + " " + extra;
  }

  @Test
  void yolov8SegTrainsOnPolygonLabelsWithBothMaskLayouts() throws Exception {
    SyntheticTraining.cacheUnder(tmp);
    Path data = SegmentValFixtures.dataset(tmp.resolve("data"));
    for (String overlap : List.of("True", "False")) {
      Path run = tmp.resolve("run" + overlap);
      try (YoloModel model = YoloModel.create("yolov8n-seg.yaml", 8)) {
        new Trainer(model, YoloArgs.parse(args(data, run, "overlap_mask=" + overlap)), null).train();
      }
      List<String> csv = Files.readAllLines(run.resolve("results.csv"));
      assertThat(csv.get(0)).isEqualTo("epoch,time,train/box_loss,train/seg_loss,train/cls_loss,train/dfl_loss,"
          + "train/sem_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),"
          + "metrics/precision(M),metrics/recall(M),metrics/mAP50(M),metrics/mAP50-95(M),val/box_loss,val/seg_loss,"
          + "val/cls_loss,val/dfl_loss,val/sem_loss,lr/pg0,lr/pg1,lr/pg2");
      double[] row = Arrays.stream(csv.get(1).split(",")).mapToDouble(Double::parseDouble).toArray();
      assertThat(Arrays.stream(row).allMatch(Double::isFinite)).as(csv.get(1)).isTrue();
      assertThat(row[3]).as("train seg loss, overlap_mask=%s", overlap).isPositive();
      assertThat(row[16]).as("val seg loss, overlap_mask=%s", overlap).isPositive();
      Path last = run.resolve("weights/last.pt");
      assertThat(Checkpoint.load(last).trainArgs().get("overlap_mask")).isEqualTo(Boolean.valueOf(overlap));
      try (YoloModel back = YoloModel.load(last)) {
        assertThat(back.net().task()).isEqualTo("segment");
      }
    }
  }

  @Test
  void boxLabelsAndYolo26SegAreRefusedByName() throws Exception {
    SyntheticTraining.cacheUnder(tmp);
    String boxes = "synthetic:train=8,val=4,seed=3,size=160x128"; // box labels
    Path polygons = SegmentValFixtures.dataset(tmp.resolve("data"));
    try (YoloModel model = YoloModel.create("yolo26n-seg.yaml", 8)) {
      assertThatThrownBy(() -> new Trainer(model, YoloArgs.parse(args(polygons, tmp.resolve("r"), "")), null).train())
          .hasMessageContaining("end-to-end segmentation loss is not in this build");
    }
    try (YoloModel model = YoloModel.create("yolov8n-seg.yaml", 8)) {
      assertThatThrownBy(() -> new Trainer(model, YoloArgs.parse(args(Path.of(boxes), tmp.resolve("r2"), "")), null)
          .train())
          .hasMessageContaining("trains on polygon labels");
    }
  }
}
