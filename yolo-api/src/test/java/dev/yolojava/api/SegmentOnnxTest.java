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
 * A segmentation checkpoint exported to ONNX loads as a segmentation model: its predictions carry the eager model's
 * boxes and masks (mask IoU >= 0.99) and its val gives the eager val's box and mask metrics, on the four images of
 * {@code fixtures/segment} (the barely trained fixture finds objects at conf 0.03).
 */
class SegmentOnnxTest {
  @TempDir Path tmp;

  @Test
  void anExportedSegmentationModelPredictsAndValidatesAsTheCheckpoint() throws Exception {
    List<Path> images = TaskFixtures.images("segment");
    Path data = TaskFixtures.dataset("segment", tmp, "",
        List.of("box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"));
    String val = "data=" + data + " imgsz=640 batch=4 device=cpu half=False plots=False verbose=False workers=1";
    PredictConfig predict = PredictConfig.builder().conf(0.03).batch(4).build();
    Path onnx;
    List<Detections> eager;
    ValResults eagerVal;
    try (Yolo model = Yolo.load(TaskFixtures.dir("segment").resolve("yolov8-seg-fx-synth.pt"))) {
      onnx = model.export(Map.of("format", "onnx", "dynamic", true, "batch", 4, "file",
          tmp.resolve("seg.onnx").toString()));
      eager = model.predict(images, predict);
      eagerVal = model.val(ValConfig.parse(val));
    }
    try (Yolo exported = Yolo.load(onnx)) {
      assertThat(exported.task()).isEqualTo("segment");
      List<Detections> got = exported.predict(images, predict);
      int total = 0;
      for (int i = 0; i < images.size(); i++) {
        Detections a = got.get(i);
        Detections b = eager.get(i);
        assertThat(a.size()).as("objects in image %s", i).isEqualTo(b.size());
        for (int k = 0; k < a.size(); k++) {
          assertThat(Boxes.iou(a.boxes().get(k).xyxy(), b.boxes().get(k).xyxy())).isGreaterThanOrEqualTo(0.999f);
          assertThat(a.masks().get(k).iou(b.masks().get(k))).as("mask IoU, image %s object %s", i, k)
              .isGreaterThanOrEqualTo(0.99);
        }
        total += a.size();
      }
      assertThat(total).as("objects on the four images at conf 0.03").isPositive();
      ValResults r = exported.val(ValConfig.parse(val));
      assertThat(r.map()).isCloseTo(eagerVal.map(), within(5e-4));
      assertThat(r.seg().orElseThrow().map()).isCloseTo(eagerVal.seg().orElseThrow().map(), within(5e-4));
    }
  }
}
