package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Segmentation predict parity with Ultralytics 8.4.90 (CPU, fp32, conf 0.03, iou 0.7, imgsz 640) on the fixture images
 * of fixtures/segment: the same
 * boxes (IoU >= 0.995, confidence within 2e-3, same class) and, for each, the same mask (IoU >= 0.99; Ultralytics'
 * {@code masks.data} at the input size, which for these 640x480 images at imgsz 640 is the original size), with
 * Ultralytics' outline ({@code masks.xy}) point for point.
 */
class SegmentPredictParityTest {
  private static Path fixture(String name) {
    Path p = Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve("segment").resolve(name);
    assertThat(p).as("committed fixture (see fixtures/README.md)").exists();
    return p;
  }

  @Test
  void sameBoxesAndMasksAsUltralytics() throws Exception {
    Map<String, List<float[]>> expected = PredictionsFile.read(fixture("yolov8-seg-fx-synth-pred.json"));
    Map<String, NpyArray> masks = Npz.read(fixture("yolov8-seg-fx-synth-pred-masks.npz"));
    Map<String, List<List<List<Number>>>> polygons = polygons(fixture("yolov8-seg-fx-synth-pred.json"));
    List<Path> paths = new ArrayList<>();
    expected.keySet().forEach(k -> paths.add(fixture("images").resolve(k)));
    int compared = 0;
    try (Yolo model = Yolo.load(fixture("yolov8-seg-fx-synth.pt"))) {
      // the fixture model is barely trained (see fixtures/README.md): its reference was made at conf 0.03
      List<Detections> got = model.predict(paths, PredictConfig.builder().conf(0.03).build());
      PredictParityTest.assertSame(expected, got);
      int i = 0;
      for (String image : expected.keySet()) {
        Detections d = got.get(i++);
        assertThat(d.masks()).hasSize(d.size());
        if (d.size() == 0) {
          continue;
        }
        NpyArray packed = masks.get(image.replace(".jpg", ""));
        long[] shape = packed.shape(); // (N, H, ceil(W / 8))
        assertThat(shape[1]).isEqualTo(d.height());
        long[] bits = packed.longs();
        int h = d.height();
        int w = d.width();
        int rowBytes = (int) shape[2];
        for (int k = 0; k < d.size(); k++) {
          byte[] want = new byte[h * w];
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              want[y * w + x] = (byte) (bits[(int) ((k * h + y) * rowBytes + x / 8)] >> (7 - x % 8) & 1);
            }
          }
          double iou = d.masks().get(k).iou(new Mask(w, h, want));
          assertThat(iou).as("mask IoU of detection %s in %s", k, image).isGreaterThanOrEqualTo(0.99);
          assertSameOutline(d.masks().get(k).polygon(), polygons.get(image).get(k), image, k);
          compared++;
        }
      }
    }
    assertThat(compared).as("masks compared").isGreaterThan(0);
  }

  /** Ultralytics' masks.xy of each image (JSON read as YAML): per detection, a list of [x, y] points. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<List<List<Number>>>> polygons(Path json) throws java.io.IOException {
    Map<String, Map<String, Object>> all;
    try (java.io.Reader r = java.nio.file.Files.newBufferedReader(json)) {
      all = new org.yaml.snakeyaml.Yaml().load(r);
    }
    Map<String, List<List<List<Number>>>> out = new java.util.LinkedHashMap<>();
    all.forEach((k, v) -> out.put(k, (List<List<List<Number>>>) v.get("polygons")));
    return out;
  }

  /** The same points in the same order, within a thousandth of a pixel (single-part masks: no merge to match). */
  private static void assertSameOutline(float[] got, List<List<Number>> want, String image, int k) {
    assertThat(got.length).as("outline points of detection %s in %s", k, image).isEqualTo(want.size() * 2);
    for (int i = 0; i < want.size(); i++) {
      assertThat((double) got[2 * i]).isCloseTo(want.get(i).get(0).doubleValue(), org.assertj.core.api.Assertions.within(1e-3));
      assertThat((double) got[2 * i + 1]).isCloseTo(want.get(i).get(1).doubleValue(), org.assertj.core.api.Assertions.within(1e-3));
    }
  }
}
