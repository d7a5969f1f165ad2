package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.ops.Boxes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pose checkpoint exported to ONNX ({@code Yolo.export(format=onnx)}) loads as a pose model: its predictions carry
 * the eager model's keypoints (within 0.01 px) and its val gives the eager val's box and pose metrics, on the four
 * kite images of {@code fixtures/pose}.
 */
class PoseOnnxTest {
  @TempDir Path tmp;

  @Test
  void anExportedPoseModelPredictsAndValidatesAsTheCheckpoint() throws Exception {
    List<Path> images = TaskFixtures.images("pose");
    Path data = TaskFixtures.dataset("pose", tmp, "kpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\n", List.of("kite"));
    String val = "data=" + data + " imgsz=640 batch=4 device=cpu half=False plots=False verbose=False workers=1";
    Path onnx;
    List<Detections> eager;
    ValResults eagerVal;
    try (Yolo model = Yolo.load(TaskFixtures.dir("pose").resolve("yolov8-pose-fx-synth.pt"))) {
      onnx = model.export(Map.of("format", "onnx", "dynamic", true, "batch", 4, "file",
          tmp.resolve("pose.onnx").toString()));
      eager = model.predict(images);
      eagerVal = model.val(ValConfig.parse(val));
    }
    try (Yolo exported = Yolo.load(onnx)) {
      assertThat(exported.task()).isEqualTo("pose");
      List<Detections> got = exported.predict(images, PredictConfig.builder().batch(4).build());
      int total = 0;
      for (int i = 0; i < images.size(); i++) {
        Detections a = got.get(i);
        Detections b = eager.get(i);
        assertThat(a.size()).as("objects in image %s", i).isEqualTo(b.size());
        for (int k = 0; k < a.size(); k++) {
          assertThat(Boxes.iou(a.boxes().get(k).xyxy(), b.boxes().get(k).xyxy())).isGreaterThanOrEqualTo(0.999f);
          Keypoints x = a.keypoints().get(k);
          Keypoints y = b.keypoints().get(k);
          assertThat(x.size()).isEqualTo(4);
          for (int j = 0; j < 4; j++) {
            assertThat(x.x(j)).isCloseTo(y.x(j), within(0.01f));
            assertThat(x.y(j)).isCloseTo(y.y(j), within(0.01f));
            assertThat(x.conf(j)).isCloseTo(y.conf(j), within(1e-4f));
          }
        }
        total += a.size();
      }
      assertThat(total).as("objects on the four images at conf 0.25").isPositive();
      ValResults r = exported.val(ValConfig.parse(val));
      assertThat(r.map()).isCloseTo(eagerVal.map(), within(5e-4));
      assertThat(r.pose().orElseThrow().map()).isCloseTo(eagerVal.pose().orElseThrow().map(), within(5e-4));
    }
  }
}
