package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.ops.NmsConfig;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The segmentation predict path on both head kinds, from YAML (untrained, conf 0): YOLOv8-seg through NMS and
 * YOLO26-seg through the end-to-end top-k; every kept row has a non-empty mask of the input or original size, and the
 * pipeline gives what the sequential predictor gives.
 */
class SegmentPredictTest {
  private static Mat image(int h, int w) {
    byte[] px = new byte[h * w * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) ((i * 31) % 251);
    }
    Mat m = new Mat(h, w, opencv_core.CV_8UC3);
    new BytePointer(m.data()).put(px);
    return m;
  }

  private static void check(String yaml) {
    try (YoloModel model = YoloModel.create(yaml, 3)) {
      model.fuse();
      Predictor.Options o = new Predictor.Options(96, 96, new NmsConfig(0.0f, 0.7f, 20, Set.of(), false, false), 1);
      Predictor p = new Predictor(model);
      assertThat(p.segments()).isTrue();
      Mat img = image(60, 90);
      for (boolean retina : new boolean[] {false, true}) {
        Predictor.Segments s = p.predictSegments(List.of(img), o, retina).get(0);
        assertThat(s.rows().length).isBetween(1, 20);
        assertThat(s.maskHeight()).isEqualTo(retina ? 60 : s.inferH());
        assertThat(s.maskWidth()).isEqualTo(retina ? 90 : s.inferW());
        for (int i = 0; i < s.rows().length; i++) {
          assertThat(s.rows()[i]).hasSize(6);
          byte[] m = s.mask(i);
          int on = 0;
          for (byte b : m) {
            on += b;
          }
          assertThat(on).as("row %s has a mask pixel (empty masks are dropped)", i).isPositive();
        }
      }
      try (PredictPipeline pipeline = new PredictPipeline(model, o)) {
        PredictPipeline.Result r;
        try (PredictPipeline.Results results =
            pipeline.run(List.of(new PredictPipeline.Input("img", () -> image(60, 90))).iterator(), o)) {
          r = results.next();
        }
        Predictor.Segments seq = p.predictSegments(List.of(img), o, false).get(0);
        assertThat(r.segments()).isNotNull();
        assertThat(r.rows()).isDeepEqualTo(seq.rows());
        assertThat(r.segments().masks()).isEqualTo(seq.masks());
      }
    }
  }

  @Test
  void yolov8SegPredictsMasks() {
    check("yolov8n-seg.yaml");
  }

  @Test
  void yolo26SegPredictsMasksEndToEnd() {
    check("yolo26n-seg.yaml");
  }
}
