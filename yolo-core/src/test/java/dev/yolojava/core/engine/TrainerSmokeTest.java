package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerSmokeTest {
  @Test
  void twoEpochsWriteResultsAndLoadableCheckpoints(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    TrainResult r = SyntheticTraining.trainFreshYolov8n("data=synthetic:train=16,val=8,seed=1,size=160x128 epochs=2 "
        + "batch=8 imgsz=128 workers=2 device=cpu plots=False save_dir=" + dir.resolve("run")
        + " warmup_epochs=0 close_mosaic=1");
    List<String> lines = Files.readAllLines(r.resultsCsv());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("epoch,time,train/box_loss");
    assertThat(Files.exists(r.last())).isTrue();
    assertThat(Files.exists(r.best())).isTrue();
    assertThat(Files.exists(r.saveDir().resolve("args.yaml"))).isTrue();
    Checkpoint ckpt = Checkpoint.load(r.last());
    assertThat(ckpt.epoch()).hasValue(1);
    assertThat(ckpt.names()).hasSize(8);
  }

  @Test
  void pretrainedWeightsTransferAndFrozenLayersStayPut(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    String common = "data=synthetic:train=16,val=8,seed=2,size=160x128 epochs=1 batch=8 imgsz=128 workers=2 "
        + "device=cpu plots=False warmup_epochs=0 nbs=8 ";
    TrainResult first = SyntheticTraining.trainFreshYolov8n(common + "save_dir=" + dir.resolve("a"));
    Checkpoint ckpt = Checkpoint.load(first.last());
    float[] saved = dev.yolojava.core.ops.Tensors.toFloatArray(ckpt.stateDict().get("model.0.conv.weight"));
    float[] savedHead = dev.yolojava.core.ops.Tensors.toFloatArray(ckpt.stateDict().get("model.22.cv3.0.2.weight"));
    try (YoloModel fresh = YoloModel.create("yolov8n.yaml", 8)) {
      new Trainer(fresh, YoloArgs.parse(common + "freeze=10 pretrained=" + first.last() + " save_dir="
          + dir.resolve("b")), null).train();
      var sd = fresh.net().stateDict();
      assertThat(dev.yolojava.core.ops.Tensors.toFloatArray(sd.get("model.0.conv.weight"))).containsExactly(saved);
      assertThat(dev.yolojava.core.ops.Tensors.toFloatArray(sd.get("model.22.cv3.0.2.weight")))
          .isNotEqualTo(savedHead);
      assertThat(sd.get("model.0.conv.weight").requires_grad()).isFalse();
    }
  }

  /**
   * {@code multi_scale} and {@code cls_pw} change training (they were accepted and ignored): the same seeded run gives
   * other losses with each; both finish with finite losses.
   */
  @Test
  void multiScaleAndClassWeightsChangeTheRun(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    String common = "data=synthetic:train=16,val=4,seed=3,size=128x96 epochs=1 batch=8 imgsz=96 workers=1 "
        + "device=cpu plots=False warmup_epochs=0 mosaic=0 ";
    List<Double> plain = trainLosses(common + "save_dir=" + dir.resolve("plain"));
    List<Double> again = trainLosses(common + "save_dir=" + dir.resolve("again"));
    List<Double> scaled = trainLosses(common + "multi_scale=0.5 save_dir=" + dir.resolve("ms"));
    List<Double> weighted = trainLosses(common + "cls_pw=1.0 save_dir=" + dir.resolve("pw"));
    assertThat(again).isEqualTo(plain);
    assertThat(scaled).isNotEqualTo(plain).allMatch(Double::isFinite);
    assertThat(weighted.get(1)).isNotEqualTo(plain.get(1)); // the class term
    assertThat(weighted).allMatch(Double::isFinite);
  }

  /** The train/box, train/cls and train/dfl losses of a one-epoch run's results.csv. */
  private static List<Double> trainLosses(String args) throws Exception {
    TrainResult r = SyntheticTraining.trainFreshYolov8n(args);
    String[] row = Files.readAllLines(r.resultsCsv()).get(1).split(",");
    return List.of(Double.parseDouble(row[2].trim()), Double.parseDouble(row[3].trim()),
        Double.parseDouble(row[4].trim()));
  }

  /** {@code time=} (hours) ends training once used up, whatever {@code epochs} says (it was ignored). */
  @Test
  void aTimeLimitEndsTrainingEarly(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    TrainResult r = SyntheticTraining.trainFreshYolov8n("data=synthetic:train=8,val=4,seed=1,size=96x96 epochs=50 "
        + "time=0.00001 batch=8 imgsz=64 workers=1 device=cpu plots=False save_dir=" + dir.resolve("run"));
    assertThat(Files.readAllLines(r.resultsCsv())).hasSize(2); // the header and one epoch
    assertThat(Checkpoint.load(r.last()).epoch()).hasValue(0);
  }

  /** {@code save=False} writes checkpoints at the final epoch only, as Ultralytics (it saved every epoch). */
  @Test
  void saveFalseWritesOnlyTheFinalCheckpoint(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    List<Path> saved = new java.util.ArrayList<>();
    TrainCallbacks count = new TrainCallbacks() {
      @Override
      public void onModelSave(Path checkpoint) {
        saved.add(checkpoint);
      }
    };
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      TrainResult r = new Trainer(model, YoloArgs.parse("data=synthetic:train=8,val=4,seed=1,size=96x96 epochs=2 "
          + "save=False batch=8 imgsz=64 workers=1 device=cpu plots=False save_dir=" + dir.resolve("run")), count)
          .train();
      assertThat(saved).hasSize(1);
      assertThat(Checkpoint.load(r.last()).epoch()).hasValue(1);
    }
  }
}
