package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The defaults equal Ultralytics 8.4.90's {@code cfg/default.yaml}. */
class YoloArgsDefaultsTest {
  private final YoloArgs d = YoloArgs.defaults();

  @Test
  void hasEveryKeyOfDefaultYamlInItsOrder() {
    List<String> keys = List.copyOf(d.asMap().keySet());
    assertThat(keys).hasSize(111);
    assertThat(keys.subList(0, 6)).containsExactly("task", "mode", "model", "data", "epochs", "time");
    assertThat(keys.subList(105, 111))
        .containsExactly("copy_paste", "copy_paste_mode", "auto_augment", "erasing", "cfg", "tracker");
    assertThat(keys.indexOf("quantize")).isEqualTo(keys.indexOf("max_det") + 1);
    assertThat(keys).doesNotContain("half", "int8", "save_dir");
  }

  @Test
  void typedDefaultsMatchUltralytics() {
    assertThat(d.task()).isEqualTo("detect");
    assertThat(d.mode()).isEqualTo("train");
    assertThat(d.epochs()).isEqualTo(100);
    assertThat(d.patience()).isEqualTo(100);
    assertThat(d.batch()).isEqualTo(16);
    assertThat(d.imgsz()).containsExactly(640, 640);
    assertThat(d.savePeriod()).isEqualTo(-1);
    assertThat(d.workers()).isEqualTo(8);
    assertThat(d.optimizer()).isEqualTo("auto");
    assertThat(d.closeMosaic()).isEqualTo(10);
    assertThat(d.iou()).isEqualTo(0.7);
    assertThat(d.maxDet()).isEqualTo(300);
    assertThat(d.lr0()).isEqualTo(0.01);
    assertThat(d.lrf()).isEqualTo(0.01);
    assertThat(d.momentum()).isEqualTo(0.937);
    assertThat(d.weightDecay()).isEqualTo(0.0005);
    assertThat(d.warmupEpochs()).isEqualTo(3.0);
    assertThat(d.warmupMomentum()).isEqualTo(0.8);
    assertThat(d.warmupBiasLr()).isEqualTo(0.1);
    assertThat(d.box()).isEqualTo(7.5);
    assertThat(d.cls()).isEqualTo(0.5);
    assertThat(d.dfl()).isEqualTo(1.5);
    assertThat(d.nbs()).isEqualTo(64);
    assertThat(d.hsvH()).isEqualTo(0.015);
    assertThat(d.hsvS()).isEqualTo(0.7);
    assertThat(d.hsvV()).isEqualTo(0.4);
    assertThat(d.translate()).isEqualTo(0.1);
    assertThat(d.scale()).containsExactly(0.5);
    assertThat(d.fliplr()).isEqualTo(0.5);
    assertThat(d.mosaic()).isEqualTo(1.0);
    assertThat(d.mixup()).isEqualTo(0.0);
    assertThat(d.format()).isEqualTo("torchscript");
    assertThat(d.simplify()).isTrue();
    assertThat(d.amp()).isTrue();
    assertThat(d.deterministic()).isTrue();
    assertThat(d.rect()).isFalse();
    assertThat(d.cache()).isEmpty();
    assertThat(d.pretrained()).isTrue();
    assertThat(d.half()).isFalse();
  }

  @Test
  void unsetDefaultsAreNull() {
    assertThat(d.model()).isEmpty();
    assertThat(d.data()).isEmpty();
    assertThat(d.device()).isEmpty();
    assertThat(d.conf()).isEmpty();
    assertThat(d.time()).isEmpty();
    assertThat(d.end2end()).isEqualTo(Optional.empty());
    assertThat(d.classes()).isEmpty();
    assertThat(d.get("freeze")).isNull();
    assertThat(d.get("quantize")).isNull();
    assertThat(d.get("tracker")).isEqualTo("tracktrack.yaml");
  }

  @Test
  void rawValuesKeepUltralyticsTypes() {
    assertThat(d.get("epochs")).isInstanceOf(Integer.class).isEqualTo(100);
    assertThat(d.get("warmup_epochs")).isInstanceOf(Double.class).isEqualTo(3.0);
    assertThat(d.get("save")).isEqualTo(true);
    assertThat(d.get("cache")).isEqualTo(false);
    assertThat(d.changes()).isEmpty();
    assertThat(d.toString()).isEqualTo("YoloArgs{}");
  }
}
