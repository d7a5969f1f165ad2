package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.cfg.ArgCatalog;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validation builder: model.val()'s defaults, and the same result as the equivalent CLI string. */
class ValConfigTest {
  @Test
  void defaultsAreThoseOfModelVal() {
    ValConfig d = ValConfig.defaults();
    assertThat(d.mode()).isEqualTo("val");
    assertThat(d.rect()).isTrue();
    assertThat(d.conf()).isEmpty();
    assertThat(d.effectiveConf()).isEqualTo(0.001);
    assertThat(d.iou()).isEqualTo(0.7);
    assertThat(d.maxDet()).isEqualTo(300);
    assertThat(d.batch()).isEqualTo(16);
    assertThat(d.split()).isEqualTo("val");
    assertThat(d.half()).isFalse();
    assertThat(d.args().changes().keySet()).containsExactly("mode", "rect");
  }

  @Test
  void builderEqualsTheEquivalentCommandLine() {
    ValConfig built =
        ValConfig.builder()
            .model("best.pt").data("data.yaml").split("test").imgsz(320).batch(8).device("0").workers(2).conf(0.01)
            .iou(0.6).maxDet(100).half(true).rect(false).singleCls(true).classes(1).agnosticNms(true).augment(true)
            .end2end(true).dnn(false).saveJson(true).saveTxt(true).saveConf(true).plots(false).visualize(true)
            .verbose(false).project("p").name("v").existOk(true)
            .build();
    ValConfig parsed =
        ValConfig.parse(
            "model=best.pt data=data.yaml split=test imgsz=320 batch=8 device=0 workers=2 conf=0.01 iou=0.6 "
                + "max_det=100 half=True rect=False single_cls=True classes=1 agnostic_nms=True augment=True "
                + "end2end=True dnn=False save_json=True save_txt=True save_conf=True plots=False visualize=True "
                + "verbose=False project=p name=v exist_ok=True");
    assertThat(built).isEqualTo(parsed);
    assertThat(built.half()).isTrue();
    assertThat(built.get("quantize")).isEqualTo(16);
    assertThat(built.effectiveConf()).isEqualTo(0.01);
    assertThat(ValConfig.builder().half(true).half(false).build().get("quantize")).isNull();
  }

  @Test
  void everyBuilderMethodIsAKey() {
    Set<String> keys = TrainConfigTest.builderKeys(ValConfig.Builder.class);
    keys.remove("half"); // 8.4.90's deprecated name of quantize=16
    assertThat(ArgCatalog.specs().keySet()).containsAll(keys);
    assertThat(keys).hasSize(26);
  }

  @Test
  void modeIsAlwaysVal() {
    assertThat(ValConfig.parse("train").mode()).isEqualTo("val");
    assertThat(ValConfig.builder().set("mode", "predict").build().mode()).isEqualTo("val");
  }
}
