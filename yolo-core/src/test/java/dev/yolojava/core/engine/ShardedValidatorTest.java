package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.metrics.ImageStats;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.core.parallel.Ranks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The real validator (yolov8n, random weights, synthetic images) on 2 Gloo ranks, each with its own copy of the
 * model as on 2 GPUs: rank 0's merged statistics, confusion counts and metrics equal a single pass exactly.
 */
class ShardedValidatorTest {

  @Test
  void twoRankValidatorEqualsSinglePass() throws Exception {
    DataConfig data = DataConfig.resolve("synthetic:train=8,val=8,seed=4,size=160x128");
    ValOptions o = ValOptions.defaults().withImgsz(128).withBatch(2).withWorkers(1).withVerbose(false);
    YoloModel[] models = new YoloModel[2];
    for (int r = 0; r < 2; r++) {
      torch.manual_seed(7);
      models[r] = YoloModel.create("yolov8n.yaml", 8);
      models[r].net().eval();
    }
    try (YoloDataset ds = YoloDataset.open(data, Split.VAL, DatasetOptions.of(128))) {
      ValidationResult single = new Validator(models[0]).validate(ds, o, 0, 1);
      List<Optional<ValidationResult>> perRank = Ranks.run(2, Duration.ofSeconds(120),
          g -> DistributedValidation.validate(new Validator(models[g.rank()]), ds, o, g, null));

      assertThat(perRank.get(1)).isEmpty();
      ValidationResult merged = perRank.get(0).orElseThrow();
      assertThat(merged.stats().numImages()).isEqualTo(8);
      List<ImageStats> a = single.stats().images();
      List<ImageStats> b = merged.stats().images();
      int predictions = 0;
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i).imageIndex()).isEqualTo(a.get(i).imageIndex());
        assertThat(b.get(i).conf()).containsExactly(a.get(i).conf());
        assertThat(b.get(i).tp()).isDeepEqualTo(a.get(i).tp());
        predictions += a.get(i).numPredictions();
      }
      assertThat(predictions).isGreaterThan(0);
      assertThat(merged.confusion().matrix()).isDeepEqualTo(single.confusion().matrix());
      assertThat(merged.metrics().meanResults()).containsExactly(single.metrics().meanResults());
      assertThat(merged.metrics().numInstances()).isEqualTo(single.metrics().numInstances());

      // the model.val(device="0,1") path: weight copies per rank, its own data set per rank; CPU x2 here
      ValidationResult threads = DistributedValidation.validateInThreads(models[0],
          "synthetic:train=8,val=8,seed=4,size=160x128", o, List.of(dev.yolojava.cuda.Device.CPU, dev.yolojava.cuda.Device.CPU), Duration.ofSeconds(120));
      assertThat(threads.stats().numImages()).isEqualTo(8);
      assertThat(threads.metrics().meanResults()).containsExactly(single.metrics().meanResults());
      assertThat(threads.confusion().matrix()).isDeepEqualTo(single.confusion().matrix());
    } finally {
      models[0].close();
      models[1].close();
    }
  }
}
