package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training a model made from YAML is reproducible from {@code seed} alone, however the model's first weights were
 * drawn (Ultralytics builds its model after seeding): equal seeds give equal losses, another seed differs.
 */
class TrainSeedTest {
  private static List<String> losses(Path dir, String name, long drawnWith, int seed) throws Exception {
    torch.manual_seed(drawnWith);  // the model's construction draws from whatever state the caller left
    TrainResult r = SyntheticTraining.trainFreshYolov8n("data=synthetic:train=16,val=8,seed=3,size=96x96 epochs=1"
        + " batch=8 imgsz=64 workers=2 device=cpu plots=False warmup_epochs=0 close_mosaic=0 val=False seed=" + seed
        + " save_dir=" + dir.resolve(name));
    // columns after epoch and time: train losses (and lr); time differs run to run
    return Files.readAllLines(r.resultsCsv()).stream().skip(1)
        .map(l -> l.substring(l.indexOf(',', l.indexOf(',') + 1) + 1)).toList();
  }

  @Test
  void sameSeedSameLossesWhateverTheInitialDraw(@TempDir Path dir) throws Exception {
    SyntheticTraining.cacheUnder(dir);
    List<String> a = losses(dir, "a", 11, 0);
    List<String> b = losses(dir, "b", 22, 0);
    List<String> c = losses(dir, "c", 11, 1);
    assertThat(a).hasSize(1);
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }
}
