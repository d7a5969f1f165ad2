package dev.yolojava.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Instance masks from a segmentation head, as Ultralytics' {@code ops.process_mask} (masks at the letterboxed input
 * size, its default) and {@code ops.process_mask_native} ({@code retina_masks=True}: at the original image size) make
 * them: each detection's coefficients times the prototypes give mask logits, which are cropped to the detection's
 * box, resized bilinearly and thresholded at 0 (probability 0.5).
 */
public final class MaskOps {
  /** Float pixels resized at once (Ultralytics' budget): a 4K image's 100 masks do not need 3 GB. */
  private static final long CHUNK_PIXELS = 32_000_000L;

  private MaskOps() {}

  /**
   * {@code process_mask(..., upsample=True)}: {@code (N, inH, inW)} uint8 masks (1 inside).
   *
   * @param protos {@code (nm, mh, mw)} prototypes of one image
   * @param coefficients {@code (N, nm)} the detections' mask coefficients
   * @param boxes {@code (N, 4)} xyxy boxes in input (letterboxed) pixels
   */
  public static Tensor processMask(Tensor protos, Tensor coefficients, Tensor boxes, long inH, long inW) {
    return processMask(protos, coefficients, boxes, inH, inW, true);
  }

  /**
   * {@code process_mask(..., upsample)}: with {@code upsample} false (as Ultralytics' validator calls it) the
   * {@code (N, mh, mw)} masks at the prototypes' resolution, cropped to the boxes scaled to it.
   */
  public static Tensor processMask(Tensor protos, Tensor coefficients, Tensor boxes, long inH, long inW,
      boolean upsample) {
    long mh = protos.size(1);
    long mw = protos.size(2);
    long n = coefficients.size(0);
    if (n == 0) {
      return torch.zeros(upsample ? new long[] {0, inH, inW} : new long[] {0, mh, mw})
          .to(protos.device(), torch.ScalarType.Byte);
    }
    Tensor logits = logits(protos, coefficients).view(n, mh, mw);
    Tensor ratios = torch.tensor(new float[] {(float) ((double) mw / inW), (float) ((double) mh / inH),
        (float) ((double) mw / inW), (float) ((double) mh / inH)}).to(logits.device(), torch.ScalarType.Float);
    Tensor cropped = crop(logits, boxes.to(torch.ScalarType.Float).mul(ratios.view(1, 4)));
    if (!upsample) {
      return cropped.gt(new Scalar(0.0)).to(torch.ScalarType.Byte);
    }
    Tensor up = torch.upsample_bilinear2d(cropped.unsqueeze(0), new long[] {inH, inW}, false, new DoubleOptional(),
        new DoubleOptional()).squeeze(0);
    return up.gt(new Scalar(0.0)).to(torch.ScalarType.Byte);
  }

  /**
   * {@code process_mask_native}: {@code (N, h0, w0)} uint8 masks at the original image size: the logits lose the
   * letterbox padding, are resized to the original image and thresholded, then cropped to {@code boxes}.
   *
   * @param boxes {@code (N, 4)} xyxy boxes in original image pixels
   */
  public static Tensor processMaskNative(Tensor protos, Tensor coefficients, Tensor boxes, long h0, long w0) {
    long mh = protos.size(1);
    long mw = protos.size(2);
    long n = coefficients.size(0);
    if (n == 0) {
      return torch.zeros(new long[] {0, h0, w0}).to(protos.device(), torch.ScalarType.Byte);
    }
    Tensor logits = logits(protos, coefficients).view(1, n, mh, mw);
    // as Ultralytics: a bounded number of float pixels at a time, each chunk thresholded to uint8 at once
    long step = Math.max(1, CHUNK_PIXELS / (h0 * w0));
    TensorVector parts = new TensorVector();
    for (long i = 0; i < n; i += step) {
      parts.push_back(scaleMasks(logits.narrow(1, i, Math.min(step, n - i)), h0, w0).squeeze(0)
          .gt(new Scalar(0.0)).to(torch.ScalarType.Byte));
    }
    return crop(torch.cat(parts, 0), boxes.to(torch.ScalarType.Float));
  }

  /**
   * Ultralytics' {@code mask_iou}: {@code iou[i][j]} of ground-truth mask {@code i} with predicted mask {@code j}
   * ({@code (M, h, w)} and {@code (N, h, w)}, nonzero inside): the overlap over {@code area1 + area2 - overlap + 1e-7}
   * in float32. The pixel counts are integers, exact whatever order they are summed in.
   */
  public static float[][] iou(Tensor gt, Tensor pred) {
    checkArgument(gt.dim() == 3 && pred.dim() == 3 && gt.size(1) == pred.size(1) && gt.size(2) == pred.size(2),
        "mask IoU: ground truth %s and predictions %s, expected (M, h, w) and (N, h, w) of one size",
        java.util.Arrays.toString(gt.sizes().vec().get()), java.util.Arrays.toString(pred.sizes().vec().get()));
    int m = (int) gt.size(0);
    int n = (int) pred.size(0);
    float[][] iou = new float[m][n];
    if (m == 0 || n == 0) {
      return iou;
    }
    Tensor a = gt.reshape(m, -1).ne(new Scalar(0)).to(torch.ScalarType.Float);
    Tensor b = pred.reshape(n, -1).ne(new Scalar(0)).to(torch.ScalarType.Float);
    float[] inter = Tensors.toFloatArray(a.matmul(b.t()).contiguous());
    float[] areaA = Tensors.toFloatArray(a.sum(new long[] {1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
    float[] areaB = Tensors.toFloatArray(b.sum(new long[] {1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()));
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float overlap = Math.max(inter[i * n + j], 0f);
        float union = (areaA[i] + areaB[j]) - overlap;
        iou[i][j] = overlap / (union + 1e-7f);
      }
    }
    return iou;
  }

  /** {@code (N, mh * mw)} mask logits: the coefficients times the flattened prototypes, in fp32. */
  private static Tensor logits(Tensor protos, Tensor coefficients) {
    return coefficients.to(torch.ScalarType.Float).matmul(protos.to(torch.ScalarType.Float).view(protos.size(0), -1));
  }

  /**
   * {@code scale_masks}: {@code (1, N, mh, mw)} maps of a letterboxed input, without its padding, resized bilinearly
   * to {@code (h0, w0)}; the padding is found as Ultralytics finds it (centred letterbox, rounded gain).
   */
  static Tensor scaleMasks(Tensor masks, long h0, long w0) {
    long h1 = masks.size(2);
    long w1 = masks.size(3);
    if (h1 == h0 && w1 == w0) {
      return masks;
    }
    double gain = Math.min((double) h1 / h0, (double) w1 / w0);
    double padW = (w1 - Math.rint(w0 * gain)) / 2.0; // Python's round: halves to even
    double padH = (h1 - Math.rint(h0 * gain)) / 2.0;
    long top = (long) Math.rint(padH - 0.1);
    long left = (long) Math.rint(padW - 0.1);
    long bottom = h1 - (long) Math.rint(padH + 0.1);
    long right = w1 - (long) Math.rint(padW + 0.1);
    Tensor inner = masks.narrow(2, top, bottom - top).narrow(3, left, right - left).to(torch.ScalarType.Float);
    return torch.upsample_bilinear2d(inner, new long[] {h0, w0}, false, new DoubleOptional(), new DoubleOptional());
  }

  /**
   * Binary {@code (1, N, h1, w1)} masks of a letterboxed input as uint8 {@code (N, h0, w0)} masks of the original
   * image: without the padding, resized bilinearly, kept above 0.5.
   */
  public static Tensor toOriginal(Tensor masks, long h0, long w0) {
    long n = masks.size(1);
    long step = Math.max(1, CHUNK_PIXELS / (h0 * w0));
    TensorVector parts = new TensorVector();
    for (long i = 0; i < n; i += step) {
      parts.push_back(scaleMasks(masks.narrow(1, i, Math.min(step, n - i)).to(torch.ScalarType.Float), h0, w0)
          .squeeze(0).gt(new Scalar(0.5)).to(torch.ScalarType.Byte));
    }
    return torch.cat(parts, 0);
  }

  /**
   * The outline of a binary mask as Ultralytics' {@code masks2segments} traces it: the points of every external
   * contour (OpenCV, simple chain approximation) as {@code x0, y0, x1, y1, ...} in the mask's pixels; contours follow
   * one another (Ultralytics joins several with {@code merge_multi_segment}); empty for an empty mask.
   */
  public static float[] outline(byte[] mask, int height, int width) {
    try (org.bytedeco.javacpp.BytePointer data = new org.bytedeco.javacpp.BytePointer(mask);
        org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(height, width,
            org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
        org.bytedeco.opencv.opencv_core.MatVector contours = new org.bytedeco.opencv.opencv_core.MatVector();
        org.bytedeco.opencv.opencv_core.Mat hierarchy = new org.bytedeco.opencv.opencv_core.Mat()) {
      org.bytedeco.opencv.global.opencv_imgproc.findContours(m, contours, hierarchy,
          org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL,
          org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE);
      int total = 0;
      for (long i = 0; i < contours.size(); i++) {
        total += (int) contours.get(i).total();
      }
      float[] out = new float[total * 2];
      int k = 0;
      for (long i = 0; i < contours.size(); i++) {
        org.bytedeco.opencv.opencv_core.Mat c = contours.get(i);
        int[] xy = new int[(int) c.total() * 2];
        new org.bytedeco.javacpp.IntPointer(c.data()).get(xy);
        for (int v : xy) {
          out[k++] = v;
        }
      }
      return out;
    }
  }

  /**
   * {@code scale_coords}: points {@code x, y, ...} of a letterboxed {@code h1 x w1} input to the original
   * {@code h0 x w0} image (padding removed, divided by the gain, clipped to the image), in place.
   */
  public static float[] scaleCoords(float[] xy, int h1, int w1, int h0, int w0) {
    double gain = Math.min((double) h1 / h0, (double) w1 / w0);
    double padW = (w1 - Math.rint(w0 * gain)) / 2.0; // Python's round: halves to even
    double padH = (h1 - Math.rint(h0 * gain)) / 2.0;
    for (int i = 0; i + 1 < xy.length; i += 2) {
      xy[i] = (float) Math.min(Math.max((xy[i] - padW) / gain, 0), w0);
      xy[i + 1] = (float) Math.min(Math.max((xy[i + 1] - padH) / gain, 0), h0);
    }
    return xy;
  }

  /** {@code crop_mask}: zero outside each box ({@code x1 <= col < x2}, {@code y1 <= row < y2}, mask pixels). */
  public static Tensor crop(Tensor masks, Tensor boxes) {
    checkArgument(masks.dim() == 3 && boxes.dim() == 2 && boxes.size(1) == 4, "crop: masks %s and boxes %s",
        masks.dim(), boxes.dim());
    long h = masks.size(1);
    long w = masks.size(2);
    TensorVector b = boxes.unsqueeze(2).chunk(4, 1); // each (n, 1, 1)
    Tensor cols = torch.arange(new Scalar(w), boxes.options()).view(1, 1, w);
    Tensor rows = torch.arange(new Scalar(h), boxes.options()).view(1, h, 1);
    Tensor keepCols = cols.ge(b.get(0)).logical_and(cols.lt(b.get(2)));
    Tensor keepRows = rows.ge(b.get(1)).logical_and(rows.lt(b.get(3)));
    return masks.mul(keepCols.to(masks.scalar_type())).mul(keepRows.to(masks.scalar_type()));
  }
}
