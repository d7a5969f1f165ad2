package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that dies after epoch 1 resumes from last.pt and finishes its planned epochs. */
class ResumeTest {
  @Test
  void resumeAfterACrashFinishesThePlannedEpochsKeepingEarlierRows(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    Path run = dir.resolve("run");
    YoloArgs args = YoloArgs.parse("data=synthetic:train=16,val=8,seed=3,size=160x128 epochs=3 batch=8 imgsz=128 "
        + "workers=2 device=cpu plots=False warmup_epochs=0 close_mosaic=1 save_dir=" + run);
    TrainCallbacks crashAfterFirstEpoch = new TrainCallbacks() {
      @Override
      public void onFitEpochEnd(int epoch, double[] row) {
        if (epoch == 0) {
          throw new IllegalStateException("simulated crash after epoch 1");
        }
      }
    };
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      assertThatThrownBy(() -> new Trainer(model, args, crashAfterFirstEpoch).train())
          .hasMessageContaining("simulated crash");
    }
    Path last = run.resolve("weights/last.pt");
    List<String> before = Files.readAllLines(run.resolve("results.csv"));
    assertThat(before).hasSize(2);
    assertThat(Checkpoint.load(last).epoch()).hasValue(0);

    try (YoloModel resumed = YoloModel.load(last)) {
      TrainResult r = new Trainer(resumed, YoloArgs.parse("resume=True device=cpu workers=2 model=" + last), null)
          .train();
      assertThat(r.saveDir()).isEqualTo(run);
      List<String> after = Files.readAllLines(r.resultsCsv());
      assertThat(after).hasSize(4);
      assertThat(after.subList(0, 2)).isEqualTo(before);
      assertThat(after.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList())
          .containsExactly("1", "2", "3");
      assertThat(Checkpoint.load(r.last()).epoch()).hasValue(2);
    }
  }
}
