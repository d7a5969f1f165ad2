package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.metrics.BoxMatching;
import dev.yolojava.core.metrics.Oks;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.KeypointSpec;
import java.util.Arrays;

/**
 * The keypoint half of Ultralytics' {@code PoseValidator}, one image at a time: the labels' keypoints (normalised in
 * the batch) scaled to the input's pixels, each prediction's keypoints (as the head decoded them, in the same pixels)
 * compared with them by OKS ({@link Oks}: COCO's sigmas for {@code [17, 3]}, else {@code 1 / count}; the area from
 * the label's box), and matched at the ten thresholds as boxes are.
 */
final class PoseValidation {
  private final int count;
  private final int dims;
  private final float[] sigma;

  /** @param kptShape the model's {@code [count, dims]} */
  PoseValidation(int[] kptShape) {
    this.count = kptShape[0];
    this.dims = kptShape[1];
    this.sigma = Oks.sigmas(count, dims);
  }

  /**
   * The data set options a pose model is validated with: its labels read as keypoint labels of the data.yaml's
   * {@code kpt_shape}, which must be there and equal the model's (Ultralytics reshapes the predictions by it).
   */
  static DatasetOptions options(int[] kptShape, DataConfig cfg, DatasetOptions options) {
    KeypointSpec k = cfg.keypoints();
    checkArgument(k != null, "val: %s has no 'kpt_shape' but a pose model is validated against keypoint labels; add"
        + " kpt_shape: %s (number of keypoints, 2 for x,y or 3 for x,y,visible) to it, as the model predicts",
        cfg.yamlFile(), Arrays.toString(kptShape));
    checkArgument(k.count() == kptShape[0] && k.dims() == kptShape[1], "val: %s has kpt_shape %s but the model"
        + " predicts %s keypoints; validate it on a data set of its own keypoints", cfg.yamlFile(), k.shapeString(),
        Arrays.toString(kptShape));
    return options.withKeypoints(k);
  }

  /**
   * Refuses a data set whose labels were not read as keypoint labels (opened without {@link #options}), naming the
   * first such label file.
   */
  static void requireKeypoints(dev.yolojava.data.YoloDataset ds, int[] kptShape) {
    for (dev.yolojava.data.ImageLabels l : ds.labels()) {
      if (!l.hasKeypoints()) {
        throw new IllegalArgumentException("val: " + dev.yolojava.data.ImageFiles.labelFor(l.image()) + " was read"
            + " without keypoints, but a pose model is validated against keypoint labels (cls cx cy w h, then x y"
            + " visibility per keypoint: kpt_shape " + Arrays.toString(kptShape) + "); open the data set with"
            + " Validator.datasetOptions");
      }
    }
  }

  /**
   * {@code tp_p}: each of the image's detections ({@code rows}: x1 y1 x2 y2 conf cls and {@code count x dims}
   * keypoint values, in input pixels) matched by OKS against the labels at the ten thresholds.
   *
   * @param gtKeypoints each label's keypoints as the batch has them ({@code x y visibility}, x y normalised)
   * @param gtBoxes the labels' boxes, flat xyxy in input pixels
   */
  boolean[][] tpPose(float[][] rows, int[] predCls, float[][] gtKeypoints, float[] gtBoxes, int[] gtCls, int inH,
      int inW) {
    int n = rows.length;
    int m = gtCls.length;
    if (n == 0 || m == 0) {
      return new boolean[n][BoxMatching.NUM_IOU];
    }
    checkArgument(gtKeypoints != null && gtKeypoints.length == m, "pose val: %s labels but keypoints of %s", m,
        gtKeypoints == null ? 0 : gtKeypoints.length);
    return BoxMatching.matchPredictions(predCls, gtCls, oks(rows, gtKeypoints, gtBoxes, inH, inW));
  }

  /** The OKS of labels (rows) with detections (columns), as {@code _process_batch} computes it. */
  float[][] oks(float[][] rows, float[][] gtKeypoints, float[] gtBoxes, int inH, int inW) {
    int m = gtKeypoints.length;
    float[] gt = new float[m * count * 3];
    float[] area = new float[m];
    for (int i = 0; i < m; i++) {
      float[] k = gtKeypoints[i];
      checkArgument(k.length == count * 3, "pose val: a label has %s keypoint values, expected %s x 3", k.length,
          count);
      for (int j = 0; j < count; j++) { // _prepare_batch: x * w, y * h in float32
        gt[(i * count + j) * 3] = k[3 * j] * inW;
        gt[(i * count + j) * 3 + 1] = k[3 * j + 1] * inH;
        gt[(i * count + j) * 3 + 2] = k[3 * j + 2];
      }
      area[i] = Oks.area(gtBoxes[4 * i], gtBoxes[4 * i + 1], gtBoxes[4 * i + 2], gtBoxes[4 * i + 3]);
    }
    float[] pred = new float[rows.length * count * dims];
    for (int j = 0; j < rows.length; j++) {
      checkArgument(rows[j].length == 6 + count * dims, "detection %s has %s values, expected 6 + %s x %s keypoint"
          + " values", j, rows[j].length, count, dims);
      System.arraycopy(rows[j], 6, pred, j * count * dims, count * dims);
    }
    return Oks.iou(gt, pred, dims, area, sigma);
  }
}
