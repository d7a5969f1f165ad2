package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Yolo.val} of a pose checkpoint through the Ultralytics-style config (the path of {@code yolo pose val}): the
 * keypoint metrics come with the box ones and equal Ultralytics 8.4.90's val of the same checkpoint on the four fixture
 * images ({@code fixtures/pose/pose-val4.json}, {@code bench/pose_val_fixture.py}); a data.yaml without
 * {@code kpt_shape} is refused with the fix named.
 */
class PoseValApiTest {
  @TempDir Path tmp;

  private static Path fixtures() {
    return Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve("pose");
  }

  private Path data(String keypoints) throws Exception {
    for (String sub : List.of("images", "labels")) {
      Path to = Files.createDirectories(tmp.resolve(sub).resolve("val"));
      try (var files = Files.list(fixtures().resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path yaml = tmp.resolve("data.yaml");
    Files.writeString(yaml, "path: " + tmp.toAbsolutePath() + "\ntrain: images/val\nval: images/val\n" + keypoints
        + "names: ['kite']\n");
    return yaml;
  }

  @Test
  @SuppressWarnings("unchecked")
  void poseValThroughTheConfigCarriesPoseMetrics() throws Exception {
    Map<String, Object> want = new org.yaml.snakeyaml.Yaml().load(Files.readString(fixtures().resolve("pose-val4.json")));
    List<Double> box = (List<Double>) want.get("box");
    List<Double> pose = (List<Double>) want.get("pose");
    try (Yolo model = Yolo.load(fixtures().resolve("yolov8-pose-fx-synth.pt"))) {
      assertThat(model.task()).isEqualTo("pose");
      ValResults r = model.val(ValConfig.parse("data=" + data("kpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\n")
          + " imgsz=640 batch=4 device=cpu half=False plots=False verbose=False workers=1"));
      assertThat(r.seg()).isEmpty();
      ValResults.TaskResults p = r.pose().orElseThrow();
      assertThat(r.task().orElseThrow().map()).isEqualTo(p.map());
      assertThat(p.kind()).isEqualTo("pose");
      assertThat(r.map()).isCloseTo(box.get(3), within(5e-4));
      assertThat(r.map50()).isCloseTo(box.get(2), within(5e-4));
      assertThat(r.mp()).isCloseTo(box.get(0), within(5e-4));
      assertThat(r.mr()).isCloseTo(box.get(1), within(5e-4));
      assertThat(p.map()).isCloseTo(pose.get(3), within(5e-4));
      assertThat(p.map50()).isCloseTo(pose.get(2), within(5e-4));
      assertThat(p.mp()).isCloseTo(pose.get(0), within(5e-4));
      assertThat(p.mr()).isCloseTo(pose.get(1), within(5e-4));
      assertThat(r.fitness()).isCloseTo((Double) want.get("fitness"), within(5e-4));
      assertThat(r.table().lines().findFirst().orElseThrow()).contains("Box(P").contains("Pose(P");
      assertThat(r.toJson()).contains("\"pose\"").contains("metrics/mAP50-95(B)");
      assertThat(r.toString()).startsWith("box mAP50-95").contains("; pose mAP50-95");
    }
  }

  @Test
  void aDataYamlWithoutKptShapeIsRefused() throws Exception {
    try (Yolo model = Yolo.load(fixtures().resolve("yolov8-pose-fx-synth.pt"))) {
      assertThatThrownBy(() -> model.val(ValConfig.parse("data=" + data("") + " imgsz=320 batch=4 device=cpu"
          + " plots=False workers=1")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no 'kpt_shape'")
          .hasMessageContaining("kpt_shape: [4, 3]");
    }
  }
}
