package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.metrics.BoxMatching;
import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ImageStats;
import dev.yolojava.core.metrics.Oks;
import dev.yolojava.core.metrics.PoseMetrics;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.LoaderOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pose validation against Ultralytics 8.4.90 ({@code bench/pose_val_fixture.py}): the keypoint labels its val data
 * set hands the validator for the four fixture images (read with kpt_shape [4, 3], letterboxed into the rectangular
 * batch, normalised), value for value; then the OKS, the matching at ten thresholds and {@code PoseMetrics} on fixed,
 * non-trivial predictions (keypoints moved by 1 to 20 pixels, some labels' keypoints invisible, duplicates, wrong
 * classes, false positives), whose pose mAP is mid-range; and the OKS of 17 keypoints with COCO's sigmas.
 */
class PoseValidationTest {
  @TempDir Path tmp;

  @Test
  void keypointLabelsAreThoseOfUltralyticsValDataset() throws Exception {
    Map<String, NpyArray> f = PoseValFixtures.npz("pose-val-gt.npz");
    long[] shape = f.get("shape").longs();
    DataConfig cfg = DataConfig.resolve(PoseValFixtures.dataset(tmp).toString());
    assertThat(cfg.keypoints().count()).isEqualTo(4);
    assertThat(cfg.keypoints().flipIdx()).containsExactly(0, 3, 2, 1);
    int[] kpt = {4, 3};
    try (YoloDataset ds = YoloDataset.open(cfg, Split.VAL,
            PoseValidation.options(kpt, cfg, dev.yolojava.data.DatasetOptions.of(640).withThreads(1)));
        DataLoader loader = DataLoader.val(ds, LoaderOptions.val(4, 1).withPinMemory(false));
        PointerScope scope = new PointerScope()) {
      Batch b = loader.iterator().next();
      assertThat(new long[] {b.images().size(2), b.images().size(3)}).as("rectangular batch shape")
          .containsExactly(shape);
      assertThat(Tensors.toFloatArray(b.cls())).containsExactly(f.get("cls").floats());
      assertThat(Tensors.toFloatArray(b.batchIdx())).containsExactly(f.get("batch_idx").floats());
      float[] want = f.get("keypoints").floats();
      int k = 0;
      for (int i = 0; i < 4; i++) {
        for (float[] object : b.keypoints().get(i)) {
          assertThat(object).hasSize(12);
          for (float v : object) {
            assertThat(v).as("keypoint value %s", k).isEqualTo(want[k++]); // the same float32 arithmetic
          }
        }
      }
      assertThat(k).isEqualTo(want.length);
      float[] boxes = Tensors.toFloatArray(b.bboxes());
      float[] wantBoxes = f.get("bboxes").floats();
      for (int j = 0; j < boxes.length; j++) {
        assertThat(boxes[j]).isCloseTo(wantBoxes[j], within(1e-6f));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void oksMatchingAndMetricsAreUltralytics() throws Exception {
    Map<String, NpyArray> f = PoseValFixtures.npz("pose-val-match.npz");
    Map<String, Object> want = new org.yaml.snakeyaml.Yaml().load(PoseValFixtures.json("pose-val-match.json"));
    PoseValidation pv = new PoseValidation(new int[] {4, 3});
    BoxStats stats = new BoxStats();
    for (int i = 0; i < 4; i++) {
      float[] gtBoxes = f.get("gt_boxes_" + i).floats();
      float[] gtKpts = f.get("gt_kpts_" + i).floats(); // input pixels, as _prepare_batch leaves them
      int m = gtBoxes.length / 4;
      int n = (int) f.get("conf_" + i).shape()[0];
      float[] area = f.get("area_" + i).floats();
      for (int k = 0; k < m; k++) {
        assertThat(Oks.area(gtBoxes[4 * k], gtBoxes[4 * k + 1], gtBoxes[4 * k + 2], gtBoxes[4 * k + 3]))
            .as("image %s label %s area", i, k).isEqualTo(area[k]);
      }
      float[] predBoxes = f.get("pred_boxes_" + i).floats();
      float[] predKpts = f.get("pred_kpts_" + i).floats();
      float[] conf = f.get("conf_" + i).floats();
      float[] pcls = f.get("pred_cls_" + i).floats();
      int[] pk = new int[n];
      float[][] rows = new float[n][6 + 12];
      for (int j = 0; j < n; j++) {
        pk[j] = (int) pcls[j];
        System.arraycopy(predBoxes, 4 * j, rows[j], 0, 4);
        rows[j][4] = conf[j];
        rows[j][5] = pcls[j];
        System.arraycopy(predKpts, 12 * j, rows[j], 6, 12);
      }
      // the labels' keypoints as the batch has them: normalised, to be scaled back by the validator
      float[][] normalised = new float[m][12];
      for (int k = 0; k < m; k++) {
        for (int q = 0; q < 4; q++) {
          normalised[k][3 * q] = gtKpts[12 * k + 3 * q] / 640f;
          normalised[k][3 * q + 1] = gtKpts[12 * k + 3 * q + 1] / 480f;
          normalised[k][3 * q + 2] = gtKpts[12 * k + 3 * q + 2];
        }
      }
      float[][] oks = Oks.iou(gtKpts, predKpts, 3, area, Oks.sigmas(4, 3));
      float[] wantOks = f.get("oks_" + i).floats();
      for (int k = 0; k < m; k++) {
        for (int j = 0; j < n; j++) {
          assertThat(oks[k][j]).as("image %s OKS [%s][%s]", i, k, j).isCloseTo(wantOks[k * n + j],
              within(2e-6f * Math.max(1f, wantOks[k * n + j])));
        }
      }
      int[] gc = new int[m];
      boolean[][] tpP = pv.tpPose(rows, pk, normalised, gtBoxes, gc, 480, 640);
      ImageStats image = ImageStats.compute(i, predBoxes, conf, pk, gtBoxes, gc);
      assertThat(tpP).as("image %s tp_p", i).isDeepEqualTo(bools(f.get("tp_p_" + i), n));
      assertThat(image.tp()).as("image %s tp", i).isDeepEqualTo(bools(f.get("tp_" + i), n));
      stats.add(image.withTaskTp(tpP));
    }
    // class 1 is the fixed predictions' wrong class: a second name keeps it a valid id, without labels of its own
    PoseMetrics m = PoseMetrics.compute(stats, List.of("kite", "other"));
    List<Double> mean = (List<Double>) want.get("mean_results");
    double[] got = m.meanResults();
    for (int k = 0; k < 8; k++) {
      assertThat(got[k]).as("%s", PoseMetrics.KEYS.get(k)).isCloseTo(mean.get(k), within(1e-9));
    }
    assertThat(m.pose().map()).as("pose mAP50-95 is mid-range, so the check discriminates").isBetween(0.1, 0.9);
    assertThat(m.fitness()).isCloseTo((Double) want.get("fitness"), within(1e-9));
    assertThat(m.maps()[0]).isCloseTo(((List<Double>) want.get("maps")).get(0), within(1e-9));
    assertThat(m.resultsDict().keySet()).containsExactlyElementsOf(
        java.util.stream.Stream.concat(((List<String>) want.get("keys")).stream(), java.util.stream.Stream.of("fitness"))
            .toList());
    assertThat(m.table(true).lines().findFirst().orElseThrow()).isEqualTo(String.format(java.util.Locale.ROOT,
        "%22s%11s%11s%11s%11s%11s%11s%11s%11s%11s%11s", "Class", "Images", "Instances", "Box(P", "R", "mAP50",
        "mAP50-95)", "Pose(P", "R", "mAP50", "mAP50-95)"));
  }

  @Test
  void oksOf17KeypointsUsesCocoSigmas() throws Exception {
    Map<String, NpyArray> f = PoseValFixtures.npz("pose-val-match.npz");
    float[] area = f.get("oks17_area").floats();
    float[][] oks = Oks.iou(f.get("oks17_gt").floats(), f.get("oks17_pred").floats(), 3, area, Oks.sigmas(17, 3));
    float[] want = f.get("oks17").floats();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 5; j++) {
        assertThat(oks[i][j]).as("OKS [%s][%s]", i, j).isCloseTo(want[i * 5 + j], within(2e-6f));
      }
    }
    assertThat(Oks.sigmas(17, 2)).as("[17, 2] is not COCO's shape: 1/17 each").containsOnly((float) (1.0 / 17));
  }

  @Test
  void aPoseDataSetNeedsTheModelsKeypoints() throws Exception {
    DataConfig none = DataConfig.resolve(PoseValFixtures.dataset(tmp.resolve("a"), "").toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoseValidation.options(new int[] {4, 3}, none,
            dev.yolojava.data.DatasetOptions.of(640)))
        .hasMessageContaining("has no 'kpt_shape'").hasMessageContaining("kpt_shape: [4, 3]");
    DataConfig other = DataConfig.resolve(PoseValFixtures.dataset(tmp.resolve("b"), "kpt_shape: [4, 2]\n")
        .toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoseValidation.options(new int[] {4, 3}, other,
            dev.yolojava.data.DatasetOptions.of(640)))
        .hasMessageContaining("kpt_shape [4, 2] but the model predicts [4, 3]");
  }

  private static boolean[][] bools(NpyArray a, int n) {
    long[] v = a.longs();
    boolean[][] out = new boolean[n][BoxMatching.NUM_IOU];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < BoxMatching.NUM_IOU; t++) {
        out[i][t] = v[i * BoxMatching.NUM_IOU + t] != 0;
      }
    }
    return out;
  }
}
