package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code args.yaml}: written as PyYAML writes it and read back to an equal configuration. */
class ArgsYamlTest {
  @Test
  void roundTripsEveryKind(@TempDir Path dir) {
    YoloArgs a =
        YoloArgs.parse(
            "data=coco8.yaml epochs=3 imgsz=480,640 device=0 batch=0.5 lr0=1e-5 weight_decay=0.0005 "
                + "classes=[0,2] scale=[0.5,1.5] cache=disk quantize=w8a16 freeze=[1,2] name=123 save_dir=/tmp/r/x "
                + "end2end=False time=0.25 conf=0.001");
    Path file = dir.resolve("sub/args.yaml");
    a.save(file);
    YoloArgs back = YoloArgs.load(file);
    assertThat(back).isEqualTo(a);
    assertThat(back.asMap()).containsExactlyEntriesOf(a.asMap());
    assertThat(YoloArgs.defaults().merge(ArgsYaml.parse(YoloArgs.defaults().toYaml(), "x"))).isEqualTo(YoloArgs.defaults());
  }

  @Test
  void writesPythonStyleValuesInDefaultYamlOrder() {
    String yaml =
        YoloArgs.parse("device=0 imgsz=480,640 lr0=1e-5 name=123 save_dir=/tmp/r/x").toYaml();
    List<String> lines = yaml.lines().toList();
    assertThat(lines.get(0)).isEqualTo("task: detect");
    assertThat(lines.get(1)).isEqualTo("mode: train");
    assertThat(lines.get(2)).isEqualTo("model: null");
    assertThat(lines).contains("device: '0'", "name: '123'", "lr0: 1.0e-05", "weight_decay: 0.0005");
    assertThat(lines).contains("warmup_epochs: 3.0", "save: true", "scale: 0.5", "hsv_h: 0.015");
    assertThat(yaml).contains("imgsz:\n- 480\n- 640\n");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("save_dir: /tmp/r/x");
    assertThat(lines).hasSize(112 + 2); // 112 keys, imgsz over 3 lines
  }

  @Test
  void readsAnUltralyticsArgsYaml(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("args.yaml");
    Files.writeString(
        f,
        "task: detect\nmode: train\nmodel: yolo26n.pt\ndata: coco8.yaml\nepochs: 5\nbatch: 8\nimgsz: 320\n"
            + "device: '0'\nhalf: false\nint8: false\nlr0: 0.01\nsave_dir: /runs/detect/train-2\n");
    YoloArgs a = YoloArgs.load(f);
    assertThat(a.epochs()).isEqualTo(5);
    assertThat(a.batch()).isEqualTo(8);
    assertThat(a.device()).contains("0");
    assertThat(a.get("quantize")).isNull();
    assertThat(a.saveDir()).contains("/runs/detect/train-2");
  }

  @Test
  void pythonFloatRepr() {
    assertThat(PyText.floatRepr(0.0005)).isEqualTo("0.0005");
    assertThat(PyText.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(PyText.floatRepr(0.00001)).isEqualTo("1e-05");
    assertThat(PyText.floatRepr(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(PyText.floatRepr(100.0)).isEqualTo("100.0");
    assertThat(PyText.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(PyText.floatRepr(123456789012345.6)).isEqualTo("123456789012345.6");
    assertThat(PyText.floatRepr(-0.937)).isEqualTo("-0.937");
    assertThat(PyText.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(PyText.repr(List.of("a'b", "c"))).isEqualTo("[\"a'b\", 'c']");
  }
}
