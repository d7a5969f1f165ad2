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
 * {@code Yolo.val} of a segment checkpoint through the Ultralytics-style config (the path of {@code yolo segment val}):
 * the mask metrics come with the box ones and equal Ultralytics 8.4.90's val of the same checkpoint on the four
 * fixture images ({@code fixtures/segment/seg-val4.json}, {@code bench/seg_val_fixture.py}), with
 * {@code overlap_mask=False mask_ratio=2} passed as keys; a data set of box labels is refused with the file named.
 */
class SegmentValApiTest {
  @TempDir Path tmp;

  private static Path fixtures() {
    return Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve("segment");
  }

  private Path data(boolean polygons) throws Exception {
    for (String sub : List.of("images", "labels")) {
      Path to = Files.createDirectories(tmp.resolve(sub).resolve("val"));
      try (var files = Files.list(fixtures().resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    if (!polygons) {
      Files.writeString(tmp.resolve("labels/val/val_000001.txt"), "2 0.5 0.5 0.2 0.2\n");
    }
    Path yaml = tmp.resolve("data.yaml");
    Files.writeString(yaml, "path: " + tmp.toAbsolutePath() + "\ntrain: images/val\nval: images/val\nnames: ['box',"
        + " 'disc', 'triangle', 'cross', 'ring', 'diamond', 'bar', 'star']\n");
    return yaml;
  }

  @Test
  @SuppressWarnings("unchecked")
  void segmentValThroughTheConfigCarriesMaskMetrics() throws Exception {
    Map<String, Object> want = new org.yaml.snakeyaml.Yaml().load(
        Files.readString(fixtures().resolve("seg-val4.json")));
    Map<String, Object> variant = (Map<String, Object>) want.get("overlap_mask=False,mask_ratio=2");
    List<Double> box = (List<Double>) variant.get("box");
    List<Double> seg = (List<Double>) variant.get("seg");
    try (Yolo model = Yolo.load(fixtures().resolve("yolov8-seg-fx-synth.pt"))) {
      ValResults r = model.val(ValConfig.parse("data=" + data(true) + " imgsz=640 batch=4 device=cpu half=False"
          + " plots=False verbose=False workers=1 overlap_mask=False mask_ratio=2"));
      assertThat(r.seg()).isPresent();
      ValResults.TaskResults m = r.seg().orElseThrow();
      assertThat(m.kind()).isEqualTo("mask");
      assertThat(r.pose()).isEmpty();
      assertThat(r.map()).isCloseTo(box.get(3), within(5e-4));
      assertThat(r.map50()).isCloseTo(box.get(2), within(5e-4));
      assertThat(m.map()).isCloseTo(seg.get(3), within(5e-4));
      assertThat(m.map50()).isCloseTo(seg.get(2), within(5e-4));
      assertThat(m.mp()).isCloseTo(seg.get(0), within(5e-4));
      assertThat(m.mr()).isCloseTo(seg.get(1), within(5e-4));
      assertThat(r.fitness()).isCloseTo((Double) variant.get("fitness"), within(5e-4));
      assertThat(r.table().lines().findFirst().orElseThrow()).contains("Box(P").contains("Mask(P");
      assertThat(r.toJson()).contains("\"seg\"").contains("metrics/mAP50-95(B)");
    }
  }

  @Test
  void boxLabelsAreRefusedForASegmentModelNamingTheFile() throws Exception {
    try (Yolo model = Yolo.load(fixtures().resolve("yolov8-seg-fx-synth.pt"))) {
      assertThatThrownBy(() -> model.val(ValConfig.parse("data=" + data(false) + " imgsz=320 batch=4 device=cpu"
          + " plots=False workers=1")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("val_000001.txt has box labels (cls cx cy w h)")
          .hasMessageContaining("polygon labels");
    }
  }
}
