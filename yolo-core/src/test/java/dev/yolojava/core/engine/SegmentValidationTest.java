package dev.yolojava.core.engine;

import static dev.yolojava.core.engine.SegmentValFixtures.bit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.metrics.BoxMatching;
import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ImageStats;
import dev.yolojava.core.metrics.SegmentMetrics;
import dev.yolojava.core.ops.MaskOps;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.Polygons;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.LoaderOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentation validation against Ultralytics 8.4.90 ({@code bench/seg_val_fixture.py}): the ground-truth masks its
 * val data set draws for the four fixture images (polygon labels resampled, letterboxed into the rectangular batch,
 * filled and downsampled; {@code overlap_mask} sorts the labels by area), pixel for pixel; then the mask IoU, the
 * matching at ten thresholds and {@code SegmentMetrics} on fixed, non-trivial predictions (shifted, eroded,
 * duplicated and misclassified masks, false positives), whose mask mAP is mid-range.
 */
class SegmentValidationTest {
  @TempDir Path tmp;

  @Test
  void groundTruthMasksAreThoseOfUltralyticsValDataset() throws Exception {
    Map<String, NpyArray> f = SegmentValFixtures.npz("seg-val-gt.npz");
    long[] shape = f.get("shape").longs();
    long[] overlap = f.get("masks_overlap").longs();
    float[] cls = f.get("cls").floats();
    float[] boxes = f.get("bboxes").floats();
    float[] bidx = f.get("batch_idx").floats();
    long[] each = f.get("masks_each").longs();
    float[] clsEach = f.get("cls_each").floats();
    DataConfig cfg = DataConfig.resolve(SegmentValFixtures.dataset(tmp).toString());
    try (YoloDataset ds = YoloDataset.open(cfg, Split.VAL, DatasetOptions.of(640).withThreads(1));
        DataLoader loader = DataLoader.val(ds, LoaderOptions.val(4, 1).withPinMemory(false));
        PointerScope scope = new PointerScope()) {
      Batch b = loader.iterator().next();
      int h = (int) b.images().size(2);
      int w = (int) b.images().size(3);
      assertThat(new long[] {h, w}).as("rectangular batch shape").containsExactly(shape);
      float[] myCls = Tensors.toFloatArray(b.cls());
      float[] myBoxes = Tensors.toFloatArray(b.bboxes());
      float[] myIdx = Tensors.toFloatArray(b.batchIdx());
      assertThat(myCls).as("labels in file order (overlap_mask=False)").containsExactly(clsEach);
      int mh = h / 4;
      int mw = w / 4;
      int row = 0; // first label of image i, in batch order
      int eachRow = 0;
      for (int i = 0; i < 4; i++) {
        float[][] outlines = b.segments().get(i);
        assertThat(outlines[0]).as("resampled to 1000 points").hasSize(2000);
        // overlap_mask=True, mask_ratio=4: the index map and the labels sorted by area
        Polygons.Overlap o = Polygons.overlap(h, w, outlines, 4);
        int differ = 0;
        for (int p = 0; p < mh * mw; p++) {
          differ += o.map()[p] != overlap[i * mh * mw + p] ? 1 : 0;
        }
        assertThat(differ).as("image %s: pixels of the index map unlike Ultralytics'", i).isZero();
        for (int k = 0; k < o.order().length; k++) {
          assertThat((int) bidx[row + k]).isEqualTo(i);
          assertThat(myCls[row + o.order()[k]]).as("image %s label %s class, sorted by area", i, k)
              .isEqualTo(cls[row + k]);
          for (int c = 0; c < 4; c++) {
            assertThat(myBoxes[4 * (row + o.order()[k]) + c]).isCloseTo(boxes[4 * (row + k) + c], within(1e-6f));
          }
        }
        // overlap_mask=False, mask_ratio=2: one mask per label, in file order
        byte[][] masks = Polygons.masks(h, w, outlines, 2);
        for (byte[] m : masks) {
          int unlike = 0;
          for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w / 2; x++) {
              unlike += (m[y * (w / 2) + x] != 0) != bit(each, eachRow * (h / 2) + y, w / 2, x) ? 1 : 0;
            }
          }
          assertThat(unlike).as("image %s mask %s (ratio 2) pixels unlike Ultralytics'", i, eachRow).isZero();
          eachRow++;
        }
        row += outlines.length;
        assertThat((int) myIdx[row - 1]).isEqualTo(i);
      }
      assertThat(row).isEqualTo(cls.length);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void maskIouMatchingAndMetricsAreUltralytics() throws Exception {
    Map<String, NpyArray> gt = SegmentValFixtures.npz("seg-val-gt.npz");
    Map<String, NpyArray> f = SegmentValFixtures.npz("seg-val-match.npz");
    Map<String, Object> want = new org.yaml.snakeyaml.Yaml().load(SegmentValFixtures.json("seg-val-match.json"));
    long[] shape = gt.get("shape").longs();
    int h = (int) shape[0];
    int w = (int) shape[1];
    int mh = h / 4;
    int mw = w / 4;
    long[] overlap = gt.get("masks_overlap").longs();
    float[] cls = gt.get("cls").floats();
    float[] xywh = gt.get("bboxes").floats();
    float[] bidx = gt.get("batch_idx").floats();
    BoxStats stats = new BoxStats();
    int row = 0;
    for (int i = 0; i < 4; i++) {
      int nl = 0;
      while (row + nl < bidx.length && (int) bidx[row + nl] == i) {
        nl++;
      }
      int[] gc = new int[nl];
      float[] gb = new float[4 * nl];
      float[] gtPixels = new float[nl * mh * mw];
      for (int k = 0; k < nl; k++) {
        gc[k] = (int) cls[row + k];
        float cx = xywh[4 * (row + k)];
        float cy = xywh[4 * (row + k) + 1];
        float hw = xywh[4 * (row + k) + 2] / 2;
        float hh = xywh[4 * (row + k) + 3] / 2;
        gb[4 * k] = (cx - hw) * w;
        gb[4 * k + 1] = (cy - hh) * h;
        gb[4 * k + 2] = (cx + hw) * w;
        gb[4 * k + 3] = (cy + hh) * h;
        for (int p = 0; p < mh * mw; p++) {
          gtPixels[k * mh * mw + p] = overlap[i * mh * mw + p] == k + 1 ? 1f : 0f;
        }
      }
      long[] packed = f.get("pred_masks_" + i).longs();
      int n = (int) f.get("conf_" + i).shape()[0];
      float[] predPixels = new float[n * mh * mw];
      for (int j = 0; j < n; j++) {
        for (int y = 0; y < mh; y++) {
          for (int x = 0; x < mw; x++) {
            predPixels[(j * mh + y) * mw + x] = bit(packed, j * mh + y, mw, x) ? 1f : 0f;
          }
        }
      }
      float[] conf = f.get("conf_" + i).floats();
      float[] pcls = f.get("pred_cls_" + i).floats();
      int[] pk = new int[n];
      for (int j = 0; j < n; j++) {
        pk[j] = (int) pcls[j];
      }
      float[][] iou;
      try (PointerScope scope = new PointerScope()) {
        Tensor g = Tensors.fromFloats(gtPixels, new long[] {nl, mh, mw});
        Tensor p = Tensors.fromFloats(predPixels, new long[] {n, mh, mw}).to(org.bytedeco.pytorch.global.torch
            .ScalarType.Byte); // predicted masks are uint8, as process_mask makes them
        iou = MaskOps.iou(g, p);
      }
      float[] wantIou = f.get("iou_m_" + i).floats();
      for (int k = 0; k < nl; k++) {
        for (int j = 0; j < n; j++) {
          assertThat(iou[k][j]).as("image %s mask IoU [%s][%s]", i, k, j).isEqualTo(wantIou[k * n + j]);
        }
      }
      boolean[][] tpM = BoxMatching.matchPredictions(pk, gc, iou);
      ImageStats image = ImageStats.compute(i, f.get("pred_boxes_" + i).floats(), conf, pk, gb, gc);
      assertThat(tpM).as("image %s tp_m", i).isDeepEqualTo(bools(f.get("tp_m_" + i), n));
      assertThat(image.tp()).as("image %s tp", i).isDeepEqualTo(bools(f.get("tp_" + i), n));
      stats.add(image.withTaskTp(tpM));
      row += nl;
    }
    SegmentMetrics m = SegmentMetrics.compute(stats, SegmentValFixtures.NAMES);
    List<Double> mean = (List<Double>) want.get("mean_results");
    double[] got = m.meanResults();
    for (int k = 0; k < 8; k++) {
      assertThat(got[k]).as("%s", SegmentMetrics.KEYS.get(k)).isCloseTo(mean.get(k), within(1e-9));
    }
    assertThat(m.seg().map()).as("mask mAP50-95 is mid-range, so the check discriminates").isBetween(0.1, 0.9);
    assertThat(m.fitness()).isCloseTo((Double) want.get("fitness"), within(1e-9));
    List<Double> maps = (List<Double>) want.get("maps");
    for (int c = 0; c < maps.size(); c++) {
      assertThat(m.maps()[c]).as("maps[%s]", c).isCloseTo(maps.get(c), within(1e-9));
    }
    List<List<Double>> perClass = (List<List<Double>>) want.get("class_results");
    for (int r = 0; r < perClass.size(); r++) {
      double[] cr = m.classResult(r);
      for (int k = 0; k < 8; k++) {
        assertThat(cr[k]).as("class row %s value %s", r, k).isCloseTo(perClass.get(r).get(k), within(1e-9));
      }
    }
    assertThat(m.table(true).lines().findFirst().orElseThrow()).isEqualTo(String.format(java.util.Locale.ROOT,
        "%22s%11s%11s%11s%11s%11s%11s%11s%11s%11s%11s", "Class", "Images", "Instances", "Box(P", "R", "mAP50",
        "mAP50-95)", "Mask(P", "R", "mAP50", "mAP50-95)"));
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
