package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pose training end to end on the CPU: the four kite images of {@code fixtures/pose} (4 keypoints, flip_idx) train a
 * YOLOv8-pose and a YOLO26-pose built for 17 keypoints, so the head follows the data's kpt_shape as Ultralytics'
 * {@code PoseModel(data_kpt_shape=...)}; results.csv carries Ultralytics' pose columns and the checkpoint loads back
 * as a 4-keypoint pose model.
 */
class PoseTrainingTest {
  @TempDir Path tmp;

  private static String args(Path data, Path run, int epochs) {
    return "data=" + data + " epochs=" + epochs + " batch=4 imgsz=160 workers=2 device=cpu plots=False"
        + " warmup_epochs=0 close_mosaic=0 seed=1 save_dir=" + run;
  }

  @Test
  void yolov8PoseTrainsOnKeypointLabelsAndWritesPoseColumns() throws Exception {
    SyntheticTraining.cacheUnder(tmp);
    Path data = PoseValFixtures.dataset(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    List<List<String>> columns = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    TrainCallbacks cb = new TrainCallbacks() {
      @Override
      public void onFitEpochEnd(int epoch, List<String> names, double[] row) {
        columns.add(names);
        rows.add(row.clone());
      }
    };
    try (YoloModel model = YoloModel.create("yolov8n-pose.yaml", 1)) {
      assertThat(model.net().kptShape()).containsExactly(17, 3);
      TrainResult r = new Trainer(model, YoloArgs.parse(args(data, run, 2)), cb).train();
      assertThat(r.resultsCsv()).exists();
    }
    List<String> csv = Files.readAllLines(run.resolve("results.csv"));
    assertThat(csv.get(0)).isEqualTo("epoch,time,train/box_loss,train/pose_loss,train/kobj_loss,train/cls_loss,"
        + "train/dfl_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),"
        + "metrics/precision(P),metrics/recall(P),metrics/mAP50(P),metrics/mAP50-95(P),val/box_loss,val/pose_loss,"
        + "val/kobj_loss,val/cls_loss,val/dfl_loss,lr/pg0,lr/pg1,lr/pg2");
    assertThat(csv).hasSize(3);
    assertThat(columns.get(0)).hasSize(22).startsWith("time", "train/box_loss", "train/pose_loss");
    for (double[] row : rows) {
      assertThat(row).hasSize(22);
      assertThat(Arrays.stream(row).allMatch(Double::isFinite)).as(Arrays.toString(row)).isTrue();
      assertThat(row[2]).as("train pose loss").isPositive();
      assertThat(row[3]).as("train kobj loss").isPositive();
      assertThat(row[16]).as("val pose loss").isPositive();
    }
    Path last = run.resolve("weights/last.pt");
    assertThat(Checkpoint.load(last).yaml().get("kpt_shape")).isEqualTo(List.of(4, 3));
    try (YoloModel back = YoloModel.load(last)) {
      assertThat(back.net().task()).isEqualTo("pose");
      assertThat(back.net().kptShape()).containsExactly(4, 3);
    }
  }

  @Test
  void yolo26PoseTrainsWithItsResidualLikelihoodTerm() throws Exception {
    SyntheticTraining.cacheUnder(tmp);
    Path data = PoseValFixtures.dataset(tmp.resolve("data"));
    Path run = tmp.resolve("run26");
    try (YoloModel model = YoloModel.create("yolo26n-pose.yaml", 1)) {
      new Trainer(model, YoloArgs.parse(args(data, run, 1)), null).train();
    }
    List<String> csv = Files.readAllLines(run.resolve("results.csv"));
    assertThat(csv.get(0)).startsWith("epoch,time,train/box_loss,train/pose_loss,train/kobj_loss,train/cls_loss,"
        + "train/dfl_loss,train/rle_loss,metrics/precision(B)");
    String[] row = csv.get(1).split(",");
    assertThat(Double.parseDouble(row[7])).as("rle loss").isFinite();
  }

  @Test
  void aPoseModelNeedsTheDataSetsKeypoints() throws Exception {
    Path data = PoseValFixtures.dataset(tmp.resolve("data"), "");
    try (YoloModel model = YoloModel.create("yolov8n-pose.yaml", 1)) {
      assertThatThrownBy(() -> new Trainer(model, YoloArgs.parse(args(data, tmp.resolve("r"), 1)), null).train())
          .hasMessageContaining("is a pose model but the data set has no 'kpt_shape'");
    }
  }
}
