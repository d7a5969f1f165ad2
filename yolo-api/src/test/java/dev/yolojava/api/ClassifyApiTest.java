package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.data.classify.SyntheticClassify;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classifier through the facade as a user drives it: load (the task from the checkpoint), predict (probabilities,
 * Ultralytics' summary, save_txt lines and JSON), val (top-1/top-5), ONNX export at the trained size, and train from
 * a YAML on a folder data set, after which the object holds best.pt.
 */
class ClassifyApiTest {
  @TempDir Path tmp;

  private static Path checkpoint() {
    return TaskFixtures.dir("classify").resolve("yolov8-cls-fx-synth.pt");
  }

  private static List<Path> valImages() throws Exception {
    try (Stream<Path> s = Files.walk(TaskFixtures.dir("classify").resolve("data/val"))) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  @Test
  void loadsAsAClassifierAndPredictsProbabilities() throws Exception {
    try (Yolo yolo = Yolo.load(checkpoint().toString())) {
      assertThat(yolo.task()).isEqualTo("classify");
      assertThat(yolo.names()).hasSize(8);
      List<Path> images = valImages();
      List<Detections> out = yolo.predict(images.stream().map(Path::toString).toList());
      assertThat(out).hasSize(images.size());
      Detections d = out.get(0);
      assertThat(d.boxes()).isEmpty();
      Probs p = d.probs().orElseThrow();
      double sum = 0;
      for (float v : p.data()) {
        sum += v;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
      assertThat(p.top5()).hasSize(5).startsWith(p.top1());
      assertThat(d.inferenceShape()).containsExactly(64, 64); // the size it was trained at
      assertThat(d.summary()).matches("(\\S+ \\d\\.\\d\\d, ){4}\\S+ \\d\\.\\d\\d");
      assertThat(d.txtLines(false)).hasSize(5).allMatch(l -> l.matches("\\d\\.\\d\\d \\S+"));
      assertThat(d.toJson()).contains("\"class\": " + p.top1());
    }
  }

  @Test
  void validatesTopOneAndTopFive() {
    try (Yolo yolo = Yolo.load(checkpoint().toString())) {
      ValResults r = yolo.val(ValConfig.builder().data(TaskFixtures.dir("classify").resolve("data").toString())
          .imgsz(64).batch(8).build());
      assertThat(r.isClassification()).isTrue();
      assertThat(r.top5()).isGreaterThanOrEqualTo(r.top1());
      assertThat(r.fitness()).isCloseTo((r.top1() + r.top5()) / 2, within(1e-12));
      assertThatThrownBy(r::map).hasMessageContaining("classifier");
    }
  }

  @Test
  void exportsOnnxAtTheTrainedSize() throws Exception {
    try (Yolo yolo = Yolo.load(checkpoint().toString())) {
      Path f = yolo.export(Export.onnx().file(tmp.resolve("cls.onnx")));
      assertThat(f).exists();
      assertThatThrownBy(() -> yolo.export(Export.tensorrt())).hasMessageContaining("task=classify");
      // the export predicts and validates as the checkpoint does (ONNX Runtime on the CPU)
      List<String> images = valImages().stream().map(Path::toString).toList();
      List<Detections> eager = yolo.predict(images);
      String data = TaskFixtures.dir("classify").resolve("data").toString();
      ValResults eagerVal = yolo.val(ValConfig.builder().data(data).batch(8).build());
      try (Yolo onnx = Yolo.load(f.toString())) {
        assertThat(onnx.task()).isEqualTo("classify");
        assertThat(onnx.names()).isEqualTo(yolo.names());
        List<Detections> out = onnx.predict(images);
        for (int i = 0; i < out.size(); i++) {
          float[] a = out.get(i).probs().orElseThrow().data();
          float[] b = eager.get(i).probs().orElseThrow().data();
          for (int k = 0; k < a.length; k++) {
            assertThat(a[k]).as("%s class %s", images.get(i), k).isCloseTo(b[k], within(1e-5f));
          }
          assertThat(out.get(i).inferenceShape()).containsExactly(64, 64);
        }
        ValResults v = onnx.val(ValConfig.builder().data(data).batch(8).build());
        assertThat(v.top1()).isEqualTo(eagerVal.top1());
        assertThat(v.top5()).isEqualTo(eagerVal.top5());
        assertThatThrownBy(() -> onnx.train(TrainConfig.builder().data(data).build()))
            .hasMessageContaining("exported ONNX model");
      }
    }
  }

  @Test
  void trainsFromYamlOnAFolderAndHoldsBestAfterwards() throws Exception {
    SyntheticClassify.write(tmp.resolve("data"), 2, 1, 48, 0);
    try (Yolo yolo = Yolo.create("yolov8n-cls.yaml")) {
      TrainResults r = yolo.train(TrainConfig.builder().data(tmp.resolve("data").toString()).epochs(1).imgsz(32)
          .batch(8).workers(1).project(tmp.resolve("runs").toString()).name("cls").plots(false).build());
      assertThat(r.best()).exists();
      assertThat(Files.readAllLines(r.resultsCsv()).get(0)).contains("train/loss", "metrics/accuracy_top1",
          "metrics/accuracy_top5", "val/loss");
      assertThat(r.val().isClassification()).isTrue();
      assertThat(yolo.task()).isEqualTo("classify");
      assertThat(yolo.names()).hasSize(8).contains("disc"); // the data's classes, from best.pt
      assertThat(yolo.predict(valImages().get(0).toString()).get(0).probs()).isPresent();
    }
  }
}
