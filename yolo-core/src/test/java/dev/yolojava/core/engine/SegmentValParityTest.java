package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.metrics.ImageStats;
import dev.yolojava.core.metrics.SegmentMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code val} of the fixture segmentation checkpoint on the four fixture images (CPU, fp32, imgsz 640, batch 4, conf
 * 0.001, iou 0.7) gives Ultralytics 8.4.90's box and mask metrics ({@code fixtures/segment/seg-val4.json}, made by
 * {@code bench/seg_val_fixture.py}), with the default masks and with {@code overlap_mask=False, mask_ratio=2}.
 */
class SegmentValParityTest {
  private static final double TOL = 5e-4;

  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void valOfTheFixtureCheckpointIsUltralytics() throws Exception {
    Map<String, Object> want = new org.yaml.snakeyaml.Yaml().load(SegmentValFixtures.json("seg-val4.json"));
    String data = SegmentValFixtures.dataset(tmp).toString();
    ValOptions o = new ValOptions(640, 4, 0.001f, 0.7f, 300, false, false, 1, false, null, false, List.of());
    try (YoloModel loaded = YoloModel.load(SegmentValFixtures.dir().resolve("yolov8-seg-fx-synth.pt"));
        YoloModel model = loaded.fusedCopy()) {
      check(new Validator(model).validate(data, o), want, "defaults");
      check(new Validator(model).masks(false, 2).validate(data, o),
          (Map<String, Object>) want.get("overlap_mask=False,mask_ratio=2"), "overlap_mask=False, mask_ratio=2");
    }
  }

  @SuppressWarnings("unchecked")
  private static void check(ValidationResult r, Map<String, Object> want, String what) {
    int n = 0;
    int tp = 0;
    int tpM = 0;
    for (ImageStats image : r.stats().images()) {
      n += image.numPredictions();
      for (boolean[] row : image.tp()) {
        for (boolean b : row) {
          tp += b ? 1 : 0;
        }
      }
      for (boolean[] row : image.taskTp()) {
        for (boolean b : row) {
          tpM += b ? 1 : 0;
        }
      }
    }
    assertThat(n).as("%s: predictions after NMS", what).isEqualTo(want.get("predictions"));
    assertThat(tp).as("%s: correct (prediction, threshold) pairs by box IoU", what).isEqualTo(want.get("tp_sum"));
    assertThat(tpM).as("%s: correct pairs by mask IoU", what).isEqualTo(want.get("tp_m_sum"));
    SegmentMetrics s = r.segment();
    assertThat(s).as("a segment model's result has mask metrics").isNotNull();
    double[] got = s.meanResults();
    List<Double> box = (List<Double>) want.get("box");
    List<Double> seg = (List<Double>) want.get("seg");
    for (int k = 0; k < 4; k++) {
      assertThat(got[k]).as("%s: %s", what, SegmentMetrics.KEYS.get(k)).isCloseTo(box.get(k), within(TOL));
      assertThat(got[4 + k]).as("%s: %s", what, SegmentMetrics.KEYS.get(4 + k)).isCloseTo(seg.get(k), within(TOL));
    }
    assertThat(r.fitness()).as("%s: fitness", what).isCloseTo((Double) want.get("fitness"), within(TOL));
    assertThat(r.metrics().map()).isEqualTo(s.box().map());
  }
}
