package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.nn.StateDicts;
import dev.yolojava.core.parallel.Ranks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer as 2 Gloo ranks on the CPU (global batch 8 = 4 per rank): the ranks start from different random
 * weights, so equal parameters at the end show rank 0's broadcast and the per-step gradient sum; only rank 0 writes
 * the run. BatchNorm running statistics are per rank (no SyncBatchNorm) and are not compared.
 */
class DistributedTrainerTest {

  @Test
  void twoRanksEndWithIdenticalParametersAndOneRunDirectory(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    YoloArgs args = YoloArgs.parse("data=synthetic:train=16,val=8,seed=5,size=160x128 epochs=1 batch=8 imgsz=128 "
        + "workers=1 device=cpu plots=False save_dir=" + dir.resolve("run") + " warmup_epochs=0 nbs=8");
    YoloModel[] models = {YoloModel.create("yolov8n.yaml", 8), YoloModel.create("yolov8n.yaml", 8)};
    float before = first(models[1]);
    try {
      List<TrainResult> results = Ranks.run(2, Duration.ofSeconds(300),
          g -> new Trainer(models[g.rank()], args, null).withDistGroup(g).train());

      assertThat(results.get(1).saveDir()).isNull();
      assertThat(Files.readAllLines(results.get(0).resultsCsv())).hasSize(2);
      assertThat(results.get(0).lastValidation().metrics().numImages()).isEqualTo(8);
      assertThat(results.get(1).lastValidation().metrics().fitness())
          .isEqualTo(results.get(0).lastValidation().metrics().fitness());
      Map<String, Tensor> p0 = StateDicts.parameters(models[0].net());
      Map<String, Tensor> p1 = StateDicts.parameters(models[1].net());
      assertThat(p1.keySet()).isEqualTo(p0.keySet());
      for (String k : p0.keySet()) {
        assertThat(torch.equal(p0.get(k), p1.get(k))).as(k).isTrue();
      }
      assertThat(first(models[1])).isNotEqualTo(before);
    } finally {
      models[0].close();
      models[1].close();
    }
  }

  @Test
  void syncBatchNormRefusesThreadRanksSharingAGpu() {
    YoloArgs args = YoloArgs.parse("data=synthetic epochs=1 batch=8 device=0");
    System.setProperty("yolo.dist.syncBatchNorm", "true");
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      assertThatThrownBy(() -> Training.trainInThreads(model, args, null, 2, Duration.ofSeconds(10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("yolo.dist.syncBatchNorm=true with 2 ranks sharing cuda:0: ranks that share a GPU"
              + " must be separate processes");
    } finally {
      System.clearProperty("yolo.dist.syncBatchNorm");
    }
  }

  private static float first(YoloModel m) {
    return StateDicts.parameters(m.net()).values().iterator().next().reshape(-1).get(0).item_float();
  }
}
