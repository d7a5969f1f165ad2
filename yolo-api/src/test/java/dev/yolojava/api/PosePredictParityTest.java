package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pose predict parity with Ultralytics 8.4.90 (CPU, fp32, conf 0.25, iou 0.7, imgsz 640) on the fixture images of
 * fixtures/pose (made by bench/gpu/pose_fixtures.py): the same boxes (IoU >= 0.995, confidence within 2e-3, same
 * class) and, for each, the same four keypoints ({@code keypoints.xy} within 0.5 px, {@code keypoints.conf} within
 * 2e-3), through the batched pipeline and one image at a time.
 */
class PosePredictParityTest {
  private static Path fixture(String name) {
    Path p = Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve("pose").resolve(name);
    assertThat(p).as("committed fixture (see fixtures/README.md)").exists();
    return p;
  }

  @Test
  void sameBoxesAndKeypointsAsUltralytics() throws Exception {
    Map<String, List<float[]>> expected = PredictionsFile.read(fixture("yolov8-pose-fx-synth-pred.json"));
    Map<String, Map<String, List<?>>> all = keypoints(fixture("yolov8-pose-fx-synth-pred.json"));
    List<Path> paths = new ArrayList<>();
    expected.keySet().forEach(k -> paths.add(fixture("images").resolve(k)));
    try (Yolo model = Yolo.load(fixture("yolov8-pose-fx-synth.pt"))) {
      assertThat(model.task()).isEqualTo("pose");
      List<Detections> batched = model.predict(paths, PredictConfig.builder().batch(4).build());
      List<Detections> single = new ArrayList<>();
      for (Path p : paths) {
        single.addAll(model.predict(p.toString()));
      }
      for (List<Detections> got : List.of(batched, single)) {
        PredictParityTest.assertSame(expected, got);
        int compared = 0;
        int i = 0;
        for (String image : expected.keySet()) {
          Detections d = got.get(i++);
          List<?> xy = all.get(image).get("kpts_xy");
          List<?> conf = all.get(image).get("kpts_conf");
          assertThat(d.keypoints()).hasSize(d.size());
          for (int k = 0; k < d.size(); k++) {
            Keypoints mine = d.keypoints().get(k);
            List<?> points = (List<?>) xy.get(k);
            assertThat(mine.size()).isEqualTo(4);
            assertThat(mine.hasConf()).isTrue();
            for (int j = 0; j < mine.size(); j++) {
              List<?> p = (List<?>) points.get(j);
              assertThat((double) mine.x(j)).as("x of keypoint %s of %s in %s", j, k, image)
                  .isCloseTo(((Number) p.get(0)).doubleValue(), within(0.5));
              assertThat((double) mine.y(j)).as("y of keypoint %s of %s in %s", j, k, image)
                  .isCloseTo(((Number) p.get(1)).doubleValue(), within(0.5));
              assertThat((double) mine.conf(j))
                  .isCloseTo(((Number) ((List<?>) conf.get(k)).get(j)).doubleValue(), within(2e-3));
              compared++;
            }
          }
        }
        assertThat(compared).as("keypoints compared").isEqualTo(4 * 21);
      }
      Detections first = batched.get(0);
      String line = first.txtLines(false).get(0);
      assertThat(line.split(" ")).as("class, box, 4 x (x y visibility)").hasSize(1 + 4 + 12);
      assertThat(first.toJson()).contains("\"keypoints\": {\"x\": [").contains("\"visible\": [");
      assertThat(first.plot().getWidth()).isEqualTo(first.width()); // draws boxes and keypoints
    }
  }

  /** Ultralytics' keypoints per image (the JSON read as YAML): {@code kpts_xy} and {@code kpts_conf} per detection. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, List<?>>> keypoints(Path json) throws java.io.IOException {
    try (Reader r = Files.newBufferedReader(json)) {
      return new org.yaml.snakeyaml.Yaml().load(r);
    }
  }
}
