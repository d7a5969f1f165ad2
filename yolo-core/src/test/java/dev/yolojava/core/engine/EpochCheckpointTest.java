package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each epoch's checkpoint (written off the training thread) holds that epoch's EMA weights, also with val=False. */
class EpochCheckpointTest {
  @Test
  void everyEpochWritesItsOwnEmaWeightsWithoutValidation(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    Path run = dir.resolve("run");
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      new Trainer(model, YoloArgs.parse("data=synthetic:train=16,val=8,seed=3,size=160x128 epochs=3 batch=8 nbs=8 "
          + "imgsz=128 workers=2 device=cpu plots=False val=False save_period=1 warmup_epochs=0 close_mosaic=0 "
          + "save_dir=" + run), null).train();
    }
    try (PointerScope scope = new PointerScope()) {
      Checkpoint e1 = Checkpoint.load(run.resolve("weights/epoch1.pt"));
      Checkpoint e2 = Checkpoint.load(run.resolve("weights/epoch2.pt"));
      Checkpoint e3 = Checkpoint.load(run.resolve("weights/epoch3.pt"));
      assertThat(e1.epoch()).hasValue(0);
      assertThat(e2.epoch()).hasValue(1);
      assertThat(same(e1.stateDict(), e2.stateDict())).isFalse();
      assertThat(same(e2.stateDict(), e3.stateDict())).isFalse();
      assertThat(Files.readAllBytes(run.resolve("weights/last.pt")))
          .isEqualTo(Files.readAllBytes(run.resolve("weights/epoch3.pt")));
    }
  }

  private static boolean same(Map<String, Tensor> a, Map<String, Tensor> b) {
    for (Map.Entry<String, Tensor> e : a.entrySet()) {
      if (e.getValue().is_floating_point() && !e.getValue().equal(b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
