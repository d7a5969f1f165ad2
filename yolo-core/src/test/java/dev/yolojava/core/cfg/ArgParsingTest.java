package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLI tokens, maps and Ultralytics' value rules for each type of key. */
class ArgParsingTest {
  @Test
  void parsesTheBriefsCommandLine() {
    YoloArgs a = YoloArgs.parse("epochs=10 imgsz=640 device=0,1 classes=[0,2] name=exp lr0=.01");
    assertThat(a.epochs()).isEqualTo(10);
    assertThat(a.imgsz()).containsExactly(640, 640);
    assertThat(a.device()).contains("0,1");
    assertThat(a.classes()).containsExactly(0, 2);
    assertThat(a.name()).contains("exp");
    assertThat(a.lr0()).isEqualTo(0.01);
    // lr0=.01 is the default, so it is no change
    assertThat(a.changes().keySet()).containsExactly("epochs", "device", "name", "classes");
  }

  @Test
  void intsFloatsAndFractions() {
    YoloArgs a = YoloArgs.parse("patience=5 time=1 box=7 warmup_epochs=0.5 mosaic=0 hsv_h=1e-2 workers=0");
    assertThat(a.patience()).isEqualTo(5);
    assertThat(a.get("time")).isEqualTo(1.0);
    assertThat(a.get("box")).isEqualTo(7.0);
    assertThat(a.warmupEpochs()).isEqualTo(0.5);
    assertThat(a.get("mosaic")).isEqualTo(0.0);
    assertThat(a.hsvH()).isEqualTo(0.01);
    assertThat(a.workers()).isZero();
  }

  @Test
  void boolsInAnyCaseAndBareFlags() {
    YoloArgs a = YoloArgs.parse("save=False amp=TRUE cos_lr=true rect single_cls=false");
    assertThat(a.save()).isFalse();
    assertThat(a.amp()).isTrue();
    assertThat(a.cosLr()).isTrue();
    assertThat(a.rect()).isTrue();
    assertThat(a.singleCls()).isFalse();
  }

  @Test
  void taskAndModeWordsAndNoneValues() {
    YoloArgs a = YoloArgs.parse("detect val model=None conf=0.25 data=coco8.yaml");
    assertThat(a.task()).isEqualTo("detect");
    assertThat(a.mode()).isEqualTo("val");
    assertThat(a.model()).isEmpty();
    assertThat(a.conf()).hasValue(0.25);
    assertThat(a.data()).contains("coco8.yaml");
    assertThat(YoloArgs.parse("conf=0.5").with("conf", null).conf()).isEmpty();
  }

  @Test
  void imgszAsIntOrHeightWidth() {
    assertThat(YoloArgs.parse("imgsz=480,640").get("imgsz")).isEqualTo(List.of(480, 640));
    assertThat(YoloArgs.parse("imgsz=480,640").imgsz()).containsExactly(480, 640);
    assertThat(YoloArgs.parse("imgsz=[320]").imgsz()).containsExactly(320, 320);
    assertThat(YoloArgs.parse("imgsz=(256,320)").get("imgsz")).isEqualTo(List.of(256, 320));
    assertThat(YoloArgs.parse("imgsz=320").get("imgsz")).isEqualTo(320);
  }

  @Test
  void batchIsIntOrAutoBatch() {
    assertThat(YoloArgs.parse("batch=32").batch()).isEqualTo(32);
    assertThat(YoloArgs.parse("batch=32.0").batch()).isEqualTo(32);
    assertThat(YoloArgs.parse("batch=-1").autoBatch()).isTrue();
    assertThat(YoloArgs.parse("batch=0.7").batch()).isEqualTo(0.7);
    assertThat(YoloArgs.parse("batch=0.7").autoBatch()).isTrue();
    assertThat(YoloArgs.parse("batch=8").autoBatch()).isFalse();
  }

  @Test
  void deviceStaysText() {
    assertThat(YoloArgs.parse("device=0").device()).contains("0");
    assertThat(YoloArgs.parse("device=cpu").device()).contains("cpu");
    assertThat(YoloArgs.parse("device=[0,1]").device()).contains("0,1");
    assertThat(YoloArgs.parse("device=-1").device()).contains("-1");
    assertThat(YoloArgs.of(Map.of("device", 3)).device()).contains("3");
  }

  @Test
  void stringsNumbersAndQuotes() {
    assertThat(YoloArgs.parse("name=123").name()).contains("123");
    assertThat(YoloArgs.parse("name='my run' project=\"a b\"").name()).contains("my run");
    assertThat(YoloArgs.parse("name='my run' project=\"a b\"").project()).contains("a b");
    assertThat(YoloArgs.parse("model=yolo26n.pt name=model").name()).contains("yolo26n");
    assertThat(YoloArgs.parse("optimizer=AdamW").optimizer()).isEqualTo("AdamW");
  }

  @Test
  void mixedKinds() {
    YoloArgs a = YoloArgs.parse("scale=[0.5,1.5] cache=Disk pretrained=w/best.pt freeze=10 classes=3 resume");
    assertThat(a.scale()).containsExactly(0.5, 1.5);
    assertThat(a.cache()).contains("disk");
    assertThat(a.pretrained()).isTrue();
    assertThat(a.get("pretrained")).isEqualTo("w/best.pt");
    assertThat(a.get("freeze")).isEqualTo(10);
    assertThat(a.classes()).containsExactly(3);
    assertThat(a.resume()).isTrue();
    assertThat(YoloArgs.parse("freeze=[0,1]").get("freeze")).isEqualTo(List.of(0, 1));
    assertThat(YoloArgs.parse("cache=True").cache()).contains("ram");
    assertThat(YoloArgs.parse("pretrained=False").pretrained()).isFalse();
  }

  @Test
  void tokensAroundEqualsAndBracketsAreMerged() {
    YoloArgs a = YoloArgs.parse(List.of("epochs", "=", "5", "lr0=", "0.02", "patience", "=7", "imgsz=[480,", "640]"));
    assertThat(a.epochs()).isEqualTo(5);
    assertThat(a.lr0()).isEqualTo(0.02);
    assertThat(a.patience()).isEqualTo(7);
    assertThat(a.imgsz()).containsExactly(480, 640);
    assertThat(YoloArgs.parse("--epochs=3, --seed=4").epochs()).isEqualTo(3);
    assertThat(YoloArgs.parse("--epochs=3, --seed=4").seed()).isEqualTo(4);
  }

  @Test
  void quantizeAndItsDeprecatedFlags() {
    assertThat(YoloArgs.parse("half=True").get("quantize")).isEqualTo(16);
    assertThat(YoloArgs.parse("half=True").half()).isTrue();
    assertThat(YoloArgs.parse("int8").get("quantize")).isEqualTo(8);
    assertThat(YoloArgs.parse("int8").int8()).isTrue();
    assertThat(YoloArgs.parse("half=True int8=True").get("quantize")).isEqualTo(8);
    assertThat(YoloArgs.parse("half=False").get("quantize")).isNull();
    assertThat(YoloArgs.parse("quantize=32 half=True").get("quantize")).isEqualTo(32);
    assertThat(YoloArgs.parse("quantize=fp16").get("quantize")).isEqualTo(16);
    assertThat(YoloArgs.parse("quantize=W8A16").get("quantize")).isEqualTo("w8a16");
    assertThat(YoloArgs.parse("quantize=w16a16").get("quantize")).isEqualTo(16);
  }

  @Test
  void otherDeprecatedKeysAreForwardedOrDropped() {
    YoloArgs a = YoloArgs.parse("hide_labels=True hide_conf=False boxes=False line_thickness=3 label_smoothing=0.1");
    assertThat(a.showLabels()).isFalse();
    assertThat(a.showConf()).isTrue();
    assertThat(a.showBoxes()).isFalse();
    assertThat(a.lineWidth()).hasValue(3);
    assertThat(a.changes().keySet()).containsExactly("show_labels", "show_boxes", "line_width");
  }

  @Test
  void mapsTakeYamlStyleValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", 10L);
    m.put("imgsz", List.of(480, 640));
    m.put("lr0", 0.02f);
    m.put("save_dir", "/tmp/runs/x");
    YoloArgs a = YoloArgs.of(m);
    assertThat(a.get("epochs")).isEqualTo(10);
    assertThat(a.imgsz()).containsExactly(480, 640);
    assertThat(a.lr0()).isEqualTo(0.019999999552965164);
    assertThat(a.saveDir()).contains("/tmp/runs/x");
    assertThat(List.copyOf(a.asMap().keySet()).get(111)).isEqualTo("save_dir");
  }

  @Test
  void mapsWithTextValuesAreReadAsTheCliReadsThem() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("half", "true");
    m.put("imgsz", "[480, 640]");
    m.put("batch", 16.0);
    m.put("opset", " 18 ");
    m.put("device", "0,1");
    m.put("name", "007");
    YoloArgs a = YoloArgs.parse(m);
    assertThat(a.half()).isTrue();
    assertThat(a.imgsz()).containsExactly(480, 640);
    assertThat(a.batch()).isEqualTo(16);
    assertThat(a.opset()).hasValue(18);
    assertThat(a.device()).contains("0,1");
    assertThat(a.name()).contains("007");
    assertThat(YoloArgs.parse(Map.of("imgsz", List.of(480, 640))).imgsz()).containsExactly(480, 640);
    assertThat(YoloArgs.parse(Map.of("dynamic", "False")).dynamic()).isFalse();
    assertThatThrownBy(() -> YoloArgs.parse(Map.of("dynamic", "yes")))
        .hasMessage("'dynamic=yes' is of invalid type str. 'dynamic' must be a bool (i.e. 'dynamic=True' or "
            + "'dynamic=False')");
  }

  @Test
  void cfgFileReplacesEarlierOverrides(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("custom.yaml");
    Files.writeString(cfg, "epochs: 7\nlr0: 0.001\ncfg: ignored.yaml\n");
    YoloArgs a = YoloArgs.parse(List.of("epochs=3", "patience=9", "cfg=" + cfg, "imgsz=320"));
    assertThat(a.epochs()).isEqualTo(7);
    assertThat(a.lr0()).isEqualTo(0.001);
    assertThat(a.patience()).isEqualTo(100);
    assertThat(a.imgsz()).containsExactly(320, 320);
    assertThat(a.get("cfg")).isNull();
  }

  @Test
  void smartValueFollowsPythonLiterals() {
    assertThat(SmartValue.parse("10")).isEqualTo(10);
    assertThat(SmartValue.parse("10.0")).isEqualTo(10.0);
    assertThat(SmartValue.parse(".01")).isEqualTo(0.01);
    assertThat(SmartValue.parse("1e-3")).isEqualTo(0.001);
    assertThat(SmartValue.parse("-2")).isEqualTo(-2);
    assertThat(SmartValue.parse("1_000")).isEqualTo(1000);
    assertThat(SmartValue.parse("9876543210")).isEqualTo(9876543210L);
    assertThat(SmartValue.parse("NONE")).isNull();
    assertThat(SmartValue.parse("False")).isEqualTo(false);
    assertThat(SmartValue.parse("[1, 'a', None, [2.5]]")).isEqualTo(java.util.Arrays.asList(1, "a", null, List.of(2.5)));
    assertThat(SmartValue.parse("(5)")).isEqualTo(5);
    assertThat(SmartValue.parse("(5,)")).isEqualTo(List.of(5));
    assertThat(SmartValue.parse("'quoted'")).isEqualTo("quoted");
    assertThat(SmartValue.parse("007")).isEqualTo("007");
    assertThat(SmartValue.parse("yolo26n.pt")).isEqualTo("yolo26n.pt");
    assertThat(SmartValue.parse("a,b")).isEqualTo("a,b");
    assertThat(SmartValue.parse("1-2")).isEqualTo("1-2");
    assertThat(SmartValue.parse("[1,2")).isEqualTo("[1,2");
    assertThat(SmartValue.parse("null")).isEqualTo("null");
  }
}
