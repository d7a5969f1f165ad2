package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.metrics.BoxMatching;
import dev.yolojava.core.ops.MaskOps;
import dev.yolojava.data.ImageLabels;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.Polygons;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The mask half of Ultralytics' {@code SegmentationValidator}, one image at a time: the ground-truth masks drawn from
 * the letterboxed outlines as its val data set draws them ({@code overlap_mask}: one index map with the labels sorted
 * by area, else one mask per label; {@code mask_ratio} downsampling), brought to the size predicted masks are compared
 * at (a quarter of the input, or the input itself for {@code save_json}, where Ultralytics uses
 * {@code process_mask_native}), the predicted masks from the prototypes, and their matching by mask IoU.
 */
final class SegmentValidation {
  private final boolean overlap;
  private final int ratio;
  private final boolean nativeMasks;

  /**
   * @param overlap {@code overlap_mask}
   * @param ratio {@code mask_ratio}
   * @param nativeMasks compare at the input size ({@code process_mask_native}), as Ultralytics does with save_json
   */
  SegmentValidation(boolean overlap, int ratio, boolean nativeMasks) {
    checkArgument(ratio >= 1, "mask_ratio=%s, expected an integer >= 1", ratio);
    this.overlap = overlap;
    this.ratio = ratio;
    this.nativeMasks = nativeMasks;
  }

  /**
   * Ultralytics refuses a segment data set whose boxes and polygons differ in number; so does this, naming the first
   * image whose labels are boxes only.
   */
  static void requirePolygons(YoloDataset ds) {
    for (ImageLabels l : ds.labels()) {
      if (!l.hasSegments()) {
        throw new IllegalArgumentException("val: " + dev.yolojava.data.ImageFiles.labelFor(l.image()) + " has box"
            + " labels (cls cx cy w h) but a segment model is validated against polygon labels (cls x1 y1 x2 y2 ...,"
            + " normalised) on every line; give a segment data set, not a detect data set");
      }
    }
  }

  /**
   * The val batch's targets as Ultralytics' val data set collates them for the loss ({@code val/*_loss}): with
   * {@code overlap} each image's objects reordered by mask area and one index map per image, else one mask per object
   * in label order; masks at the input size over the ratio. {@code b}'s targets must be on the host.
   */
  dev.yolojava.core.loss.Targets lossTargets(dev.yolojava.data.loader.Batch b, int inH, int inW) {
    float[] bi = dev.yolojava.core.ops.Tensors.toFloatArray(b.batchIdx());
    float[] cls = dev.yolojava.core.ops.Tensors.toFloatArray(b.cls());
    float[] boxes = dev.yolojava.core.ops.Tensors.toFloatArray(b.bboxes());
    int mh = inH / ratio;
    int mw = inW / ratio;
    int n = cls.length;
    float[] bi2 = new float[n];
    float[] cls2 = new float[n];
    float[] boxes2 = new float[4 * n];
    float[] planes = new float[(overlap ? b.size() : n) * mh * mw];
    int row = 0;
    for (int i = 0; i < b.size(); i++) {
      int first = row;
      while (row < n && (int) bi[row] == i) {
        row++;
      }
      int m = row - first;
      if (m == 0) {
        continue;
      }
      float[][] outlines = b.segments().get(i);
      int[] order;
      if (overlap) {
        Polygons.Overlap o = Polygons.overlap(inH, inW, outlines, ratio);
        order = o.order();
        for (int p = 0; p < o.map().length; p++) {
          planes[i * mh * mw + p] = o.map()[p];
        }
      } else {
        order = java.util.stream.IntStream.range(0, m).toArray();
        byte[][] each = Polygons.masks(inH, inW, outlines, ratio);
        for (int k = 0; k < m; k++) {
          for (int p = 0; p < each[k].length; p++) {
            planes[(first + k) * mh * mw + p] = each[k][p] & 0xff;
          }
        }
      }
      for (int k = 0; k < m; k++) {
        int from = first + order[k];
        bi2[first + k] = i;
        cls2[first + k] = cls[from];
        System.arraycopy(boxes, 4 * from, boxes2, 4 * (first + k), 4);
      }
    }
    checkArgument(row == n, "val batch %s: its targets are not grouped by image", b.index());
    return new dev.yolojava.core.loss.Targets(dev.yolojava.core.ops.Tensors.fromFloats(bi2, n),
        dev.yolojava.core.ops.Tensors.fromFloats(cls2, n, 1), dev.yolojava.core.ops.Tensors.fromFloats(boxes2, n, 4),
        dev.yolojava.core.ops.Tensors.fromFloats(planes, overlap ? b.size() : n, mh, mw));
  }

  /** One image's ground truth: {@code order[k]} is the batch row of label {@code k}, {@code masks} (M, h, w) float. */
  record GroundTruth(int[] order, Tensor masks) {}

  /** The ground truth of an image of {@code outlines} (input pixels) in an {@code inH x inW} input. */
  GroundTruth groundTruth(float[][] outlines, int inH, int inW, org.bytedeco.pytorch.Device device) {
    int n = outlines == null ? 0 : outlines.length;
    int mh = inH / ratio;
    int mw = inW / ratio;
    long[] size = nativeMasks ? new long[] {inH, inW} : new long[] {inH / 4, inW / 4};
    if (n == 0) {
      return new GroundTruth(new int[0], torch.zeros(new long[] {0, size[0], size[1]}).to(device,
          torch.ScalarType.Float));
    }
    float[] pixels = new float[n * mh * mw];
    int[] order;
    if (overlap) {
      Polygons.Overlap o = Polygons.overlap(inH, inW, outlines, ratio);
      order = o.order();
      int[] map = o.map();
      for (int k = 0; k < n; k++) {
        for (int p = 0; p < map.length; p++) {
          pixels[k * map.length + p] = map[p] == k + 1 ? 1f : 0f;
        }
      }
    } else {
      order = java.util.stream.IntStream.range(0, n).toArray();
      byte[][] each = Polygons.masks(inH, inW, outlines, ratio);
      for (int k = 0; k < n; k++) {
        for (int p = 0; p < each[k].length; p++) {
          pixels[k * each[k].length + p] = each[k][p];
        }
      }
    }
    Tensor masks = torch.tensor(pixels).view(n, mh, mw).to(device, torch.ScalarType.Float);
    if (mh != size[0] || mw != size[1]) { // as Ultralytics: resized bilinearly, kept above 0.5
      masks = torch.upsample_bilinear2d(masks.unsqueeze(0), size, false, new DoubleOptional(), new DoubleOptional())
          .squeeze(0).gt(new Scalar(0.5)).to(torch.ScalarType.Float);
    }
    return new GroundTruth(order, masks);
  }

  /**
   * {@code tp_m}: each of the image's detections ({@code rows}: x1 y1 x2 y2 conf cls and the mask coefficients, in
   * input pixels) matched by mask IoU against {@code gt} at the ten thresholds.
   *
   * @param proto the image's prototypes {@code (nm, mh, mw)}
   */
  boolean[][] tpMask(float[][] rows, int[] predCls, Tensor proto, GroundTruth gt, int[] gtCls, int inH, int inW) {
    int n = rows.length;
    if (n == 0 || gtCls.length == 0) {
      return new boolean[n][BoxMatching.NUM_IOU];
    }
    Tensor predMasks = masks(rows, proto, inH, inW);
    return BoxMatching.matchPredictions(predCls, gtCls, MaskOps.iou(gt.masks(), predMasks));
  }

  /** The detections' masks: {@code process_mask} at the prototypes' size, or {@code process_mask_native}. */
  private Tensor masks(float[][] rows, Tensor proto, int inH, int inW) {
    int n = rows.length;
    int nm = (int) proto.size(0);
    float[] boxes = new float[n * 4];
    float[] coefficients = new float[n * nm];
    for (int i = 0; i < n; i++) {
      checkArgument(rows[i].length == 6 + nm, "detection %s has %s values, expected 6 + %s mask coefficients", i,
          rows[i].length, nm);
      System.arraycopy(rows[i], 0, boxes, 4 * i, 4);
      System.arraycopy(rows[i], 6, coefficients, nm * i, nm);
    }
    Tensor b = torch.tensor(boxes).view(n, 4).to(proto.device(), torch.ScalarType.Float);
    Tensor c = torch.tensor(coefficients).view(n, nm).to(proto.device(), torch.ScalarType.Float);
    return nativeMasks ? MaskOps.processMaskNative(proto, c, b, inH, inW)
        : MaskOps.processMask(proto, c, b, inH, inW, false);
  }
}
