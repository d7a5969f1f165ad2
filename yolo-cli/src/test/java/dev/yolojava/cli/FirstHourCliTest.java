package dev.yolojava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Ultralytics user types in the first hour and used to be refused: {@code yolo checks}, {@code settings},
 * {@code copy-cfg}, {@code cfg=} files that set the mode, {@code val} without {@code data=} (the checkpoint's own
 * data), resuming without {@code data=}, and sources given as a glob or a {@code .txt} list.
 */
class FirstHourCliTest {
  private static final String DATA = "data=synthetic:train=16,val=8,seed=4,size=64x64";
  @TempDir static Path tmp;
  static Path best;

  @BeforeAll
  static void trainOneEpoch() {
    YoloCliTest.Result r = YoloCliTest.cli("train", "model=yolov8n.yaml", DATA, "epochs=1", "imgsz=64", "batch=8",
        "workers=1", "device=cpu", "plots=False", "project=" + tmp, "name=train");
    assertThat(r.code()).as(r.err()).isZero();
    best = tmp.resolve("train/weights/best.pt");
  }

  @Test
  void checksSettingsAndCopyCfg() throws Exception {
    YoloCliTest.Result checks = YoloCliTest.cli("checks");
    assertThat(checks.code()).isZero();
    assertThat(checks.out()).contains("yolo-java ", "Java: ", "libtorch: ", "CUDA: ", "ONNX Runtime: ");
    YoloCliTest.Result settings = YoloCliTest.cli("settings");
    assertThat(settings.code()).isZero();
    assertThat(settings.out()).contains("weights_dir: ", "datasets_dir: ", "runs_dir: ");
    assertThat(YoloCliTest.cli("settings", "runs_dir=/x").code()).isEqualTo(2);
    Path copy = Path.of("default_copy.yaml").toAbsolutePath();
    try {
      YoloCliTest.Result r = YoloCliTest.cli("copy-cfg");
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith(copy + " created as a copy of the default configuration.");
      assertThat(Files.readAllLines(copy)).contains("epochs: 100", "imgsz: 640");
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  @Test
  void valWithoutDataUsesTheCheckpointsData() {
    YoloCliTest.Result r = YoloCliTest.cli("val", "model=" + best, "imgsz=64", "batch=8", "workers=1",
        "plots=False");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("mAP50-95 ");
  }

  @Test
  void aCfgFileSetsTheMode() throws Exception {
    Path cfg = tmp.resolve("val.yaml");
    Files.writeString(cfg, "mode: val\nmodel: " + best + "\ndata: '" + DATA.substring("data=".length())
        + "'\nimgsz: 64\nbatch: 8\nworkers: 1\nplots: false\n");
    YoloCliTest.Result r = YoloCliTest.cli("cfg=" + cfg);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("mAP50-95 ");
  }

  @Test
  void resumeNeedsNoDataArgument() {
    // a finished run has nothing to resume: the answer is about that, not about a missing data=
    YoloCliTest.Result r = YoloCliTest.cli("train", "resume=" + best);
    assertThat(r.err()).doesNotContain("'data' is not set").contains("nothing to resume");
  }

  @Test
  void sourcesMayBeAGlobOrATxtList() throws Exception {
    Path images = dev.yolojava.api.Dataset.of(DATA.substring("data=".length())).val().get(0);
    Path list = tmp.resolve("list.txt");
    try (var files = Files.list(images)) {
      Files.write(list, files.sorted().limit(2).map(Path::toString).toList());
    }
    YoloCliTest.Result fromList = YoloCliTest.cli("predict", "model=" + best, "source=" + list, "imgsz=64",
        "save=False");
    assertThat(fromList.code()).as(fromList.err()).isZero();
    assertThat(fromList.out()).contains("image 1/2 ", "image 2/2 ");
    YoloCliTest.Result fromGlob = YoloCliTest.cli("predict", "model=" + best, "source=" + images + "/*.jpg",
        "imgsz=64", "save=False");
    assertThat(fromGlob.code()).as(fromGlob.err()).isZero();
    assertThat(fromGlob.out()).contains("image 8/8 ");
  }

  /** save_txt, save_conf, save_crop, show_labels, show_conf and line_width do what they say (they were ignored). */
  @Test
  void predictWritesLabelsAndCropsAndDrawsAsAsked() throws Exception {
    Path fixture = dev.yolojava.api.Fixtures.file("yolov8n-synth.pt");
    Path images = dev.yolojava.api.Dataset.of("synthetic:train=1,val=2,seed=9,size=320x240").val().get(0);
    YoloCliTest.Result r = YoloCliTest.cli("predict", "model=" + fixture, "source=" + images, "imgsz=320",
        "save_txt", "save_conf", "save_crop", "show_labels=False", "line_width=1", "project=" + tmp, "name=out");
    assertThat(r.code()).as(r.err()).isZero();
    Path out = tmp.resolve("out");
    List<Path> labels;
    try (var files = Files.list(out.resolve("labels"))) {
      labels = files.sorted().toList();
    }
    assertThat(labels).isNotEmpty();
    for (String line : Files.readAllLines(labels.get(0))) {
      String[] f = line.split(" ");
      assertThat(f).hasSize(6); // class, x, y, w, h, conf
      for (int k = 1; k < 6; k++) {
        assertThat(Double.parseDouble(f[k])).isBetween(0.0, 1.0);
      }
    }
    try (var crops = Files.walk(out.resolve("crops"))) {
      assertThat(crops.filter(p -> p.toString().endsWith(".jpg")).count()).isPositive();
    }
    try (var drawn = Files.list(out)) {
      assertThat(drawn.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(2);
    }
  }

  /** save_json writes the validation predictions in the COCO results format (it was ignored). */
  @Test
  void valSaveJsonWritesCocoPredictions() throws Exception {
    Path fixture = dev.yolojava.api.Fixtures.file("yolov8n-synth.pt");
    String spec = "synthetic:train=1,val=4,seed=9,size=320x240";
    YoloCliTest.Result r = YoloCliTest.cli("val", "model=" + fixture, "data=" + spec, "imgsz=320", "save_json",
        "plots=False", "project=" + tmp, "name=json");
    assertThat(r.code()).as(r.err()).isZero();
    String json = Files.readString(tmp.resolve("json/predictions.json"));
    assertThat(json).startsWith("[{\"image_id\": \"val_").contains("\"file_name\": \"val_", "\"category_id\": ",
        "\"bbox\": [", "\"score\": ").endsWith("}]");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"bbox\": \\[([^\\]]+)]").matcher(json);
    int boxes = 0;
    while (m.find()) {
      double[] b = java.util.Arrays.stream(m.group(1).split(", ")).mapToDouble(Double::parseDouble).toArray();
      assertThat(b[0] + b[2]).isLessThanOrEqualTo(320.0); // x, y, w, h in the original 320x240 pixels
      assertThat(b[1] + b[3]).isLessThanOrEqualTo(240.0);
      boxes++;
    }
    assertThat(boxes).isPositive();
  }
}
