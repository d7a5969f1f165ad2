package dev.yolojava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every CLI mode through {@link YoloCli#run} in-process: tiny synthetic training, val and predict on its weights. */
class YoloCliTest {
  @TempDir static Path tmp;
  static Result trained;
  static Path runDir;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = YoloCli.run(List.of(args), o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void trainOneEpoch() {
    trained = cli("detect", "train", "model=yolov8n.yaml", "data=synthetic:train=16,val=8,size=64x64", "epochs=1",
        "imgsz=64", "batch=8", "workers=1", "device=cpu", "plots=False", "project=" + tmp, "name=train");
    runDir = tmp.resolve("train");
  }

  @Test
  void trainWritesWeightsAndSaysWhere() {
    assertThat(trained.err()).isEmpty();
    assertThat(trained.code()).isZero();
    assertThat(trained.out()).contains("Results saved to " + runDir);
    assertThat(runDir.resolve("weights/best.pt")).isRegularFile();
    assertThat(runDir.resolve("weights/last.pt")).isRegularFile();
    assertThat(runDir.resolve("results.csv")).isRegularFile();
  }

  @Test
  void valOfTrainedWeightsPrintsMetrics() {
    Result r = cli("val", "model=" + runDir.resolve("weights/best.pt"), "data=synthetic:train=16,val=8,size=64x64",
        "imgsz=64", "batch=8", "workers=1", "plots=False", "project=" + tmp, "name=val");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("mAP50-95 ").contains("Class").contains("all").contains("Speed: ");
    // the table once (it was printed on stdout and logged again on stderr)
    assertThat(r.out().split("Class", -1)).hasSize(2);
  }

  @Test
  void predictSavesDrawnImagesUnderIncrementedRunDirs() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("images"));
    for (int i = 0; i < 2; i++) {
      BufferedImage img = new BufferedImage(96 + 16 * i, 64, BufferedImage.TYPE_INT_RGB);
      img.getGraphics().setColor(Color.ORANGE);
      img.getGraphics().fillRect(10, 10, 40, 30);
      ImageIO.write(img, i == 0 ? "jpg" : "png", src.resolve("im" + i + (i == 0 ? ".jpg" : ".png")).toFile());
    }
    String model = "model=" + runDir.resolve("weights/last.pt");
    List<Result> runs = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      runs.add(cli("predict", model, "source=" + src, "save=true", "imgsz=64", "project=" + tmp));
    }
    for (Result r : runs) {
      assertThat(r.err()).isEmpty();
      assertThat(r.code()).isZero();
    }
    // Ultralytics' lines: the letterboxed shape the model saw (imgsz 64: 96x64 becomes 64x64), and a speed summary
    assertThat(runs.get(0).out()).contains("image 1/2 " + src.resolve("im0.jpg") + ": 64x64 ")
        .contains("image 2/2 " + src.resolve("im1.png") + ": 64x64 ")
        .containsPattern("Speed: [0-9.]+ms preprocess, [0-9.]+ms inference, [0-9.]+ms postprocess per image at shape"
            + " \\(1, 3, 64, 64\\)")
        .contains("Results saved to " + tmp.resolve("predict"));
    assertThat(runs.get(1).out()).contains("Results saved to " + tmp.resolve("predict-2"));
    BufferedImage saved0 = ImageIO.read(tmp.resolve("predict/im0.jpg").toFile());
    BufferedImage saved1 = ImageIO.read(tmp.resolve("predict/im1.png").toFile());
    assertThat(new int[] {saved0.getWidth(), saved0.getHeight()}).containsExactly(96, 64);
    assertThat(new int[] {saved1.getWidth(), saved1.getHeight()}).containsExactly(112, 64);
  }

  @Test
  void poseValPrintsBoxAndPoseMetrics() throws Exception {
    // the pose fixture checkpoint on the four fixture images: Ultralytics 8.4.90 gives box mAP50-95 0.15469 and pose
    // mAP50-95 0.22862 (fixtures/pose/pose-val4.json, bench/pose_val_fixture.py)
    Path fx = Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve("pose");
    Path data = tmp.resolve("pose4");
    for (String sub : List.of("images", "labels")) {
      Path to = java.nio.file.Files.createDirectories(data.resolve(sub).resolve("val"));
      try (var files = java.nio.file.Files.list(fx.resolve(sub))) {
        for (Path f : files.toList()) {
          java.nio.file.Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    Path yaml = java.nio.file.Files.writeString(data.resolve("data.yaml"), "path: " + data.toAbsolutePath()
        + "\ntrain: images/val\nval: images/val\nkpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\nnames: ['kite']\n");
    Result r = cli("pose", "val", "model=" + fx.resolve("yolov8-pose-fx-synth.pt"), "data=" + yaml, "imgsz=640",
        "batch=4", "workers=1", "device=cpu", "plots=False", "project=" + tmp, "name=poseval");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Box(P").contains("Pose(P").contains("box mAP50-95 0.1546")
        .contains("pose mAP50-95 0.2286");
  }

  @Test
  void classifyTrainValPredictAndExport() throws Exception {
    Result train = cli("classify", "train", "model=yolov8n-cls.yaml", "data=synthetic:train=16,val=8,size=48x48",
        "epochs=1", "imgsz=32", "batch=8", "workers=1", "device=cpu", "project=" + tmp, "name=cls");
    assertThat(train.err()).isEmpty();
    assertThat(train.code()).isZero();
    assertThat(train.out()).contains("top1 ").contains("top5 ").contains("Results saved to");
    Path best = tmp.resolve("cls/weights/best.pt");
    assertThat(best).exists();
    // the fixture classifier (trained at 64 by Ultralytics) on its own folder: top-1 and top-5 as Ultralytics'
    Path fx = Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve("classify");
    Result val = cli("val", "model=" + fx.resolve("yolov8-cls-fx-synth.pt"), "data=" + fx.resolve("data"),
        "batch=8", "workers=1", "device=cpu");
    assertThat(val.code()).isZero();
    assertThat(val.out()).contains("top1 ").contains("Speed:");
    Result predict = cli("predict", "model=" + fx.resolve("yolov8-cls-fx-synth.pt"),
        "source=" + fx.resolve("data/val/disc"), "save_txt=True", "project=" + tmp, "name=clspred");
    assertThat(predict.code()).isZero();
    assertThat(predict.out()).contains("image 1/3").contains(": 64x64 ").contains("Results saved to");
    try (var labels = java.nio.file.Files.list(tmp.resolve("clspred/labels"))) {
      assertThat(labels.count()).isEqualTo(3);
    }
    Result export = cli("export", "model=" + best, "format=onnx");
    assertThat(export.code()).isZero();
    assertThat(tmp.resolve("cls/weights/best.onnx")).exists();
  }

  @Test
  void helpVersionAndCfg() {
    Result help = cli("help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("yolo TASK MODE ARGS").contains("MODE (required) is one of train, val, predict, "
        + "export").contains("segment, pose and classify: train, val, predict and ONNX export");
    assertThat(cli().out()).isEqualTo(help.out());
    Result version = cli("version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).isEqualTo("yolo-java " + YoloCli.VERSION + " (Ultralytics 8.4.90 parity)\n");
    Result cfg = cli("cfg");
    assertThat(cfg.code()).isZero();
    List<String> lines = cfg.out().lines().toList();
    assertThat(lines).contains("epochs: 100", "imgsz: 640", "conf: null", "lr0: 0.01", "mosaic: 1.0");
  }

  @Test
  void unknownKeySuggestsTheClosestAndExits2() {
    Result r = cli("train", "model=yolov8n.yaml", "epoch=3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("'epoch' is not a valid YOLO argument. Similar arguments are i.e. "
        + "['epochs=100'].\n");
  }

  @Test
  void badValueTypeExits2() {
    Result r = cli("train", "model=yolov8n.yaml", "epochs=ten");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("'epochs=ten' is of invalid type str. 'epochs' must be an int (i.e. 'epochs=8')\n");
  }

  @Test
  void unknownModeExits2() {
    Result r = cli("fly", "model=yolov8n.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("'fly' is not a valid YOLO argument. Similar arguments are i.e. ['dfl=1.5'].\n");
  }

  @Test
  void missingModeExits2() {
    Result r = cli("model=yolov8n.yaml", "imgsz=64");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("mode is missing: expected one of train, val, predict, export, e.g. "
        + "'yolo predict model=yolov8n.pt source=images/' (see 'yolo help')\n");
  }

  @Test
  void missingModelFileExits2WithoutStackTrace() {
    Result r = cli("val", "model=" + tmp.resolve("nope.pt"), "data=synthetic");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("model file '" + tmp.resolve("nope.pt") + "' not found: expected an Ultralytics "
        + ".pt checkpoint path, an official name such as yolo26n.pt (downloaded once), or a model .yaml (e.g."
        + " model=yolov8n.yaml)\n");
  }

  @Test
  void exportWritesOnnxNextToTheCheckpointAndPredictsFromIt() throws Exception {
    Path best = runDir.resolve("weights/best.pt");
    Result r = cli("export", "model=" + best, "format=onnx", "imgsz=64");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    Path onnx = runDir.resolve("weights/best.onnx");
    assertThat(r.out()).isEqualTo("Export complete, saved as " + onnx.toAbsolutePath() + "\n");
    assertThat(onnx).isRegularFile();
    Path image = tmp.resolve("onnx-input.png");
    ImageIO.write(new BufferedImage(80, 64, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
    Result p = cli("predict", "model=" + onnx, "source=" + image, "imgsz=64", "conf=0.0", "project=" + tmp,
        "name=onnxpred");
    assertThat(p.err()).isEmpty();
    assertThat(p.code()).isZero();
    assertThat(p.out()).contains("image 1/1");
  }

  @Test
  void exportWithoutFormatOrWithAnUnknownOneExits2() {
    Result none = cli("export", "model=" + runDir.resolve("weights/best.pt"));
    assertThat(none.code()).isEqualTo(2);
    String torchscript = "export: format=torchscript (Ultralytics' default format) is not in this build of yolo-java:"
        + " pass format=onnx or format=engine\n";
    assertThat(none.err()).isEqualTo(torchscript);
    // format=torchscript said out loud is the default too: the same answer, not "'format' is not set"
    assertThat(cli("export", "model=" + runDir.resolve("weights/best.pt"), "format=torchscript").err())
        .isEqualTo(torchscript);
    Result bad = cli("export", "model=" + runDir.resolve("weights/best.pt"), "format=coreml");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("export: format is 'coreml', expected one of ");
  }
}
