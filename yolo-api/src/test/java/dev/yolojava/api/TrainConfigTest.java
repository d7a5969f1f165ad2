package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.cfg.ArgCatalog;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training builder: Ultralytics' names and defaults, and the same result as the equivalent CLI string. */
class TrainConfigTest {
  /** Every key of default.yaml a detection training run reads; each must have a builder method. */
  private static final Set<String> TRAIN_KEYS =
      Set.of(
          "model", "data", "epochs", "time", "patience", "batch", "imgsz", "save", "save_period", "cache", "device",
          "workers", "project", "name", "exist_ok", "pretrained", "cls_remap", "optimizer", "verbose", "seed",
          "deterministic", "single_cls", "classes", "rect", "cos_lr", "close_mosaic", "resume", "amp", "fraction",
          "profile", "freeze", "multi_scale", "compile", "val", "split", "save_json", "conf", "iou", "max_det",
          "plots", "end2end", "lr0", "lrf", "momentum", "weight_decay", "warmup_epochs", "warmup_momentum",
          "warmup_bias_lr", "box", "cls", "cls_pw", "dfl", "nbs", "hsv_h", "hsv_s", "hsv_v", "degrees", "translate",
          "scale", "shear", "perspective", "flipud", "fliplr", "bgr", "mosaic", "mixup", "cutmix", "copy_paste",
          "copy_paste_mode");

  static Set<String> builderKeys(Class<?> builder) {
    return Arrays.stream(builder.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(Method::getName)
        .filter(n -> !Set.of("set", "parse", "build").contains(n))
        .map(n -> n.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void builderEqualsTheEquivalentCommandLine() {
    TrainConfig built = TrainConfig.builder().data("data.yaml").epochs(100).imgsz(640).device("0,1").build();
    assertThat(built).isEqualTo(TrainConfig.parse("data=data.yaml epochs=100 imgsz=640 device=0,1"));
    assertThat(built.data()).contains("data.yaml");
    assertThat(built.device()).contains("0,1");
  }

  @Test
  void manyKeysBuildTheSameAsParsing() {
    TrainConfig built =
        TrainConfig.builder()
            .model("yolo26n.pt").data("coco8.yaml").epochs(3).time(0.5).patience(7).batch(0.6).imgsz(320)
            .save(false).savePeriod(2).cache("disk").device("cpu").workers(0).project("p").name("n").existOk(true)
            .pretrained("w.pt").clsRemap(false).optimizer("AdamW").verbose(false).seed(1).deterministic(false)
            .singleCls(true).classes(0, 2).rect(true).cosLr(true).closeMosaic(0).resume(false).amp(false)
            .fraction(0.5).profile(true).freeze(List.of(0, 1)).multiScale(0.25).compile(true).val(false)
            .split("test").saveJson(true).conf(0.01).iou(0.6).maxDet(100).plots(false).end2end(false).lr0(0.002)
            .lrf(0.1).momentum(0.9).weightDecay(0.001).warmupEpochs(1).warmupMomentum(0.5).warmupBiasLr(0.05)
            .box(5).cls(1).clsPw(0.5).dfl(2).nbs(32).hsvH(0.1).hsvS(0.2).hsvV(0.3).degrees(10).translate(0.2)
            .scale(0.3, 1.2).shear(2).perspective(0.001).flipud(0.1).fliplr(0.4).bgr(0.05).mosaic(0.8)
            .mixup(0.1).cutmix(0.2).copyPaste(0.3).copyPasteMode("mixup")
            .build();
    TrainConfig parsed =
        TrainConfig.parse(
            "model=yolo26n.pt data=coco8.yaml epochs=3 time=0.5 patience=7 batch=0.6 imgsz=320 save=False "
                + "save_period=2 cache=disk device=cpu workers=0 project=p name=n exist_ok=True pretrained=w.pt "
                + "cls_remap=False optimizer=AdamW verbose=False seed=1 deterministic=False single_cls=True "
                + "classes=[0,2] rect=True cos_lr=True close_mosaic=0 resume=False amp=False fraction=0.5 "
                + "profile=True freeze=[0,1] multi_scale=0.25 compile=True val=False split=test save_json=True "
                + "conf=0.01 iou=0.6 max_det=100 plots=False end2end=False lr0=0.002 lrf=0.1 momentum=0.9 "
                + "weight_decay=0.001 warmup_epochs=1 warmup_momentum=0.5 warmup_bias_lr=0.05 box=5 cls=1 "
                + "cls_pw=0.5 dfl=2 nbs=32 hsv_h=0.1 hsv_s=0.2 hsv_v=0.3 degrees=10 translate=0.2 scale=[0.3,1.2] "
                + "shear=2 perspective=0.001 flipud=0.1 fliplr=0.4 bgr=0.05 mosaic=0.8 mixup=0.1 cutmix=0.2 "
                + "copy_paste=0.3 copy_paste_mode=mixup");
    assertThat(built.args().asMap()).containsExactlyEntriesOf(parsed.args().asMap());
    assertThat(built.args().changes()).hasSize(68);
  }

  @Test
  void everyTrainKeyHasABuilderMethodAndEveryMethodIsAKey() {
    Set<String> keys = builderKeys(TrainConfig.Builder.class);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(TRAIN_KEYS);
    assertThat(ArgCatalog.specs().keySet()).containsAll(keys);
  }

  @Test
  void defaultsAndTypedGetters() {
    TrainConfig d = TrainConfig.defaults();
    assertThat(d.mode()).isEqualTo("train");
    assertThat(d.epochs()).isEqualTo(100);
    assertThat(d.batch()).isEqualTo(16);
    assertThat(d.lr0()).isEqualTo(0.01);
    assertThat(d.mosaic()).isEqualTo(1.0);
    assertThat(d.closeMosaic()).isEqualTo(10);
    assertThat(d.args()).isEqualTo(dev.yolojava.core.cfg.YoloArgs.defaults());
    assertThat(TrainConfig.parse("val epochs=3").mode()).isEqualTo("train");
    assertThat(TrainConfig.parse("epochs=3 lr0=0.02").toString()).isEqualTo("TrainConfig{epochs=3, lr0=0.02}");
  }

  @Test
  void valuesAreCheckedWhenSet() {
    assertThatThrownBy(() -> TrainConfig.builder().lr0(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'lr0=1.5' is an invalid value. Valid 'lr0' values are between 0.0 and 1.0.");
    assertThatThrownBy(() -> TrainConfig.builder().set("epoch", 3))
        .hasMessage("'epoch' is not a valid YOLO argument. Similar arguments are i.e. ['epochs=100'].");
    assertThatThrownBy(() -> TrainConfig.builder().set("epochs", 2.5))
        .hasMessage("'epochs=2.5' is of invalid type float. 'epochs' must be an int (i.e. 'epochs=8')");
    assertThat(TrainConfig.builder().set("close_mosaic", 5).build().closeMosaic()).isEqualTo(5);
  }

  @Test
  void argsYamlRoundTrip(@TempDir Path dir) {
    TrainConfig c = TrainConfig.builder().data("d.yaml").epochs(5).scale(0.2, 1.8).lr0(1e-4).build();
    Path f = dir.resolve("args.yaml");
    c.args().save(f);
    assertThat(TrainConfig.fromYaml(f)).isEqualTo(c);
    assertThat(c.toBuilder().epochs(6).build().epochs()).isEqualTo(6);
    assertThat(c.epochs()).isEqualTo(5);
  }
}
