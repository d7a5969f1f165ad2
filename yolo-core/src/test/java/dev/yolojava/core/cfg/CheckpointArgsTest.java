package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The {@code train_args} real Ultralytics checkpoints carry are read as configurations. */
class CheckpointArgsTest {
  private static Path fixture(String name) {
    Path p = Path.of(System.getProperty("yolo.fixtures", "../../shared/fixtures")).resolve(name);
    Assumptions.assumeTrue(
        Files.isRegularFile(p), "fixtures not found at " + p.toAbsolutePath() + ": skipping checkpoint args test");
    return p;
  }

  @Test
  void readsUltralytics8490TrainArgs() throws Exception {
    Map<String, Object> trainArgs = Checkpoint.load(fixture("yolov8n-synth.pt")).trainArgs();
    YoloArgs a = YoloArgs.of(trainArgs);
    assertThat(List.copyOf(a.asMap().keySet())).isEqualTo(List.copyOf(trainArgs.keySet()));
    trainArgs.forEach(
        (k, v) -> {
          Object ours = a.get(k);
          if (v instanceof Number n && ours instanceof Number m) {
            assertThat(m.doubleValue()).as(k).isEqualTo(n.doubleValue());
          } else {
            assertThat(ours).as(k).isEqualTo(v);
          }
        });
    assertThat(a.epochs()).isEqualTo(15);
    assertThat(a.batch()).isEqualTo(128);
    assertThat(a.device()).contains("0");
    assertThat(a.closeMosaic()).isEqualTo(3);
    assertThat(a.warmupBiasLr()).isEqualTo(0.0);
    assertThat(a.name()).contains("yolov8n-synth");
    assertThat(a.changes().keySet())
        .containsExactly(
            "model", "data", "epochs", "batch", "device", "workers", "project", "name", "exist_ok", "verbose",
            "deterministic", "close_mosaic", "val", "plots", "warmup_bias_lr");
  }

  @Test
  void refusesTheUnknownKeysOfAn8_3_222Checkpoint() throws Exception {
    Map<String, Object> trainArgs = Checkpoint.loadPickle(fixture("yolo26n-coco-structure.pkl")).trainArgs();
    assertThatThrownBy(() -> YoloArgs.of(trainArgs))
        .hasMessage(
            "'o2m' is not a valid YOLO argument.\n"
                + "'muon_w' is not a valid YOLO argument.\n"
                + "'sgd_w' is not a valid YOLO argument.\n"
                + "'cls_w' is not a valid YOLO argument. Similar arguments are i.e. ['cls_pw=0.0', 'cls=0.5'].\n"
                + "'stride_ratio' is not a valid YOLO argument. Similar arguments are i.e. ['mask_ratio=4'].\n"
                + "'detach_epoch' is not a valid YOLO argument.\n"
                + "'topk' is not a valid YOLO argument.");
  }
}
