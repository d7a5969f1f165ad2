package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ultralytics' {@code end2end=False} on the YOLO26 fixture (CPU, fp32): predict, val and export use the one-to-many
 * branch with NMS instead of the NMS-free head. Before it was honoured the key changed nothing.
 */
class EndToEndSwitchTest {
  @TempDir Path tmp;

  private static String image() throws Exception {
    return Fixtures.val64().resolve("images/val/val_000000.jpg").toString();
  }

  @Test
  void oneToManyBranchFindsTheSameObjectsThroughNms() throws Exception {
    try (Yolo m = Yolo.load(Fixtures.file("yolo26n-synth.pt"))) {
      Detections e2e = m.predict(image()).get(0);
      Detections o2m = m.predict(image(), PredictConfig.builder().end2end(false).build()).get(0);
      Detections again = m.predict(image(), PredictConfig.builder().end2end(true).build()).get(0);
      assertThat(e2e.size()).isPositive();
      assertThat(again.boxes()).isEqualTo(e2e.boxes()); // the switch belongs to the call, it does not stick
      assertThat(o2m.boxes()).isNotEqualTo(e2e.boxes()); // another branch: other scores
      for (Detection d : e2e.boxes()) { // a trained model's two branches agree on what is there
        assertThat(o2m.boxes()).anySatisfy(o -> {
          assertThat(o.classId()).isEqualTo(d.classId());
          assertThat(iou(o, d)).isGreaterThan(0.8);
        });
      }
    }
  }

  @Test
  void aModelWithoutEndToEndHeadIgnoresEndToEndTrue() throws Exception {
    try (Yolo m = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      List<Detection> plain = m.predict(image()).get(0).boxes();
      assertThat(m.predict(image(), PredictConfig.builder().end2end(true).build()).get(0).boxes()).isEqualTo(plain);
    }
  }

  @Test
  void valAndOnnxExportWithoutEndToEnd() throws Exception {
    String yaml = Fixtures.val64Yaml().toString();
    ValResults e2e;
    ValResults o2m;
    Path onnx;
    try (Yolo m = Yolo.load(Fixtures.file("yolo26n-synth.pt"))) {
      e2e = m.val(ValConfig.builder().data(yaml).plots(false).build());
      o2m = m.val(ValConfig.builder().data(yaml).plots(false).end2end(false).build());
      onnx = m.export(Map.of("end2end", false, "dynamic", true, "file", tmp.resolve("o2m.onnx").toString()));
      try (Yolo exported = Yolo.load(onnx)) {
        // (1, 4 + nc, 8400) rows through NMS, as the eager one-to-many branch gives them
        List<Detection> viaOnnx = exported.predict(image()).get(0).boxes();
        List<Detection> eager = m.predict(image(), PredictConfig.builder().end2end(false).build()).get(0).boxes();
        assertThat(viaOnnx).hasSameSizeAs(eager);
        for (int i = 0; i < eager.size(); i++) {
          assertThat(viaOnnx.get(i).conf()).isCloseTo(eager.get(i).conf(), within(1e-3f));
          assertThat(iou(viaOnnx.get(i), eager.get(i))).isGreaterThan(0.995);
        }
      }
    }
    assertThat(o2m.map()).isNotEqualTo(e2e.map());
    assertThat(o2m.map()).isGreaterThan(0.3);
    assertThat(e2e.map()).isGreaterThan(0.3);
  }

  /**
   * {@code classes} in val keeps only those classes' labels (Ultralytics filters the data set, not the predictions):
   * the mAP is then that class's AP of the full run. {@code rect=False} letterboxes square and changes the numbers.
   */
  @Test
  void valClassesAndRect() throws Exception {
    String yaml = Fixtures.val64Yaml().toString();
    try (Yolo m = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      ValResults all = m.val(ValConfig.builder().data(yaml).plots(false).build());
      ValResults disc = m.val(ValConfig.builder().data(yaml).plots(false).classes(1).build());
      assertThat(disc.map()).isCloseTo(all.maps()[1], within(1e-9));
      assertThat(disc.map()).isNotCloseTo(all.map(), within(1e-3));
      ValResults square = m.val(ValConfig.builder().data(yaml).plots(false).rect(false).build());
      assertThat(square.map()).isNotEqualTo(all.map());
      assertThat(square.map()).isCloseTo(all.map(), within(0.05));
    }
  }

  private static double iou(Detection a, Detection b) {
    double iw = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
    double ih = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
    double inter = iw * ih;
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
  }
}
