package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Ground truth of a training batch in Ultralytics' collated layout: one row per object over the
 * whole batch.
 *
 * @param batchIdx {@code (n)} image index of each object within the batch (any numeric dtype)
 * @param cls {@code (n, 1)} or {@code (n)} class index of each object
 * @param bboxes {@code (n, 4)} boxes as normalised {@code xywh} (fractions of the input width and
 *     height)
 * @param masks segmentation targets, or null for detection: with {@code overlap_mask} one {@code (B, H, W)} map
 *     per image whose value {@code k + 1} marks the image's {@code k}-th object (0 background), else {@code (n, H,
 *     W)} one binary mask per object; H and W are the input size over {@code mask_ratio}
 * @param keypoints pose targets, or null: {@code (n, nkpt, ndim)} per object its keypoints as normalised x, y
 *     (fractions of the input width and height) and, for {@code ndim == 3}, a visibility (0: not labelled)
 */
public record Targets(Tensor batchIdx, Tensor cls, Tensor bboxes, Tensor masks, Tensor keypoints) {
  /** Detection targets (no masks). */
  public Targets(Tensor batchIdx, Tensor cls, Tensor bboxes) {
    this(batchIdx, cls, bboxes, null, null);
  }

  /** Segmentation targets (no keypoints). */
  public Targets(Tensor batchIdx, Tensor cls, Tensor bboxes, Tensor masks) {
    this(batchIdx, cls, bboxes, masks, null);
  }

  /** These targets with segmentation masks (see {@link Targets}); null leaves them without. */
  public Targets withMasks(Tensor objectMasks) {
    return objectMasks == null ? this : new Targets(batchIdx, cls, bboxes, objectMasks, keypoints);
  }

  /** These targets with pose keypoints {@code (n, nkpt, ndim)}. */
  public Targets withKeypoints(Tensor objectKeypoints) {
    return new Targets(batchIdx, cls, bboxes, masks, objectKeypoints);
  }

  public Targets {
    long n = batchIdx.numel();
    checkArgument(batchIdx.dim() <= 1, "batch_idx has shape %s, expected (n)", shape(batchIdx));
    checkArgument(
        cls.numel() == n && (cls.dim() == 1 || (cls.dim() == 2 && cls.size(1) == 1)),
        "cls has shape %s, expected (%s, 1) to match batch_idx",
        shape(cls),
        n);
    checkArgument(
        bboxes.dim() == 2 && bboxes.size(0) == n && bboxes.size(1) == 4,
        "bboxes has shape %s, expected (%s, 4) normalised xywh",
        shape(bboxes),
        n);
    checkArgument(masks == null || masks.dim() == 3, "masks have shape %s, expected (B, H, W) or (n, H, W)",
        masks == null ? "" : shape(masks));
    checkArgument(keypoints == null || keypoints.dim() == 3 && keypoints.size(0) == n
        && (keypoints.size(2) == 2 || keypoints.size(2) == 3),
        "keypoints have shape %s, expected (%s, nkpt, 2 or 3)", keypoints == null ? "" : shape(keypoints), n);
  }

  /** Number of objects in the batch. */
  public long count() {
    return batchIdx.numel();
  }

  /**
   * Ultralytics' {@code v8DetectionLoss.preprocess}: the objects of each image padded to {@code
   * (batchSize, M, 5)} rows {@code cls x1 y1 x2 y2} in input pixels, {@code M} the largest object
   * count of an image (0 when there are none); padding rows are all zero. Objects keep their order
   * within an image.
   *
   * @param imgsz {@code (2)} input size {@code (height, width)} in pixels; the result takes its
   *     dtype and device
   */
  public Tensor padded(long batchSize, Tensor imgsz) {
    checkArgument(
        imgsz.numel() == 2, "imgsz has shape %s, expected (2) = (height, width)", shape(imgsz));
    if (count() == 0) {
      return torch.zeros(new long[] {batchSize, 0, 5}, imgsz.options());
    }
    Tensor rows = torch.cat(new TensorVector(cls.view(-1, 1), bboxes), 1).to(ScalarType.Float);
    Tensor out = toDevice(perImage(rows, batchSize), imgsz);
    Tensor wh = imgsz.flip(0);
    Tensor scale = torch.cat(new TensorVector(wh, wh));
    TensorVector parts = out.split(new long[] {1, 4}, 2);
    Tensor xyxy = Boxes.xywhToXyxy(parts.get(1).mul(scale));
    return torch.cat(new TensorVector(parts.get(0), xyxy), 2);
  }

  /**
   * The keypoints laid out as {@link #padded} lays out the boxes (Ultralytics' {@code _select_target_keypoints}
   * before its gather): {@code (batchSize, M, nkpt, ndim)}, x and y in input pixels, the visibility as given;
   * padding slots all zero. Row {@code j} of image {@code b} belongs to the object in padded row {@code j}.
   *
   * @param imgsz {@code (2)} input size {@code (height, width)} in pixels; the result takes its dtype and device
   */
  public Tensor paddedKeypoints(long batchSize, Tensor imgsz) {
    checkArgument(keypoints != null, "these targets have no keypoints (detection or segmentation targets)");
    checkArgument(
        imgsz.numel() == 2, "imgsz has shape %s, expected (2) = (height, width)", shape(imgsz));
    long nkpt = keypoints.size(1);
    long ndim = keypoints.size(2);
    if (count() == 0) {
      return torch.zeros(new long[] {batchSize, 0, nkpt, ndim}, imgsz.options());
    }
    Tensor flat = perImage(keypoints.reshape(count(), -1).to(ScalarType.Float), batchSize);
    Tensor out = toDevice(flat, imgsz).view(batchSize, -1, nkpt, ndim);
    Tensor scale = torch.ones(new long[] {ndim}, imgsz.options());
    scale.narrow(0, 0, 2).copy_(imgsz.flip(0));
    return out.mul(scale);
  }

  /**
   * {@code rows (n, C)}, one per object, placed in {@code (batchSize, M, C)} slots, {@code M} the largest object
   * count of an image; objects keep their order within an image, padding is zero. The slot arithmetic runs where
   * the targets are (the host, in training), so its reads never make the host wait for the device.
   */
  private Tensor perImage(Tensor rows, long batchSize) {
    long n = count();
    Tensor image = batchIdx.view(-1).to(ScalarType.Long);
    long first = image.min().item_long();
    long last = image.max().item_long();
    checkArgument(
        first >= 0 && last < batchSize,
        "batch_idx holds image indices %s..%s, expected 0..%s for batch size %s",
        first,
        last,
        batchSize - 1,
        batchSize);
    // A stable sort makes Ultralytics' contiguous-per-image slot arithmetic valid for any row order and is a no-op
    // for collated (already sorted) batches.
    Tensor order = image.sort(new BoolOptional(true), 0, false).get1();
    rows = rows.index_select(0, order);
    image = image.index_select(0, order);
    Tensor perImage = image.bincount(new TensorOptional(), batchSize);
    long maxPerImage = perImage.max().item_long();
    Tensor firstRow = perImage.cumsum(0).sub(perImage);
    Tensor slot = torch.arange(new Scalar(n), image.options()).sub(firstRow.index_select(0, image));
    long width = rows.size(1);
    Tensor flat = torch.zeros(new long[] {batchSize * maxPerImage, width}, rows.options());
    flat.index_copy_(0, image.mul(new Scalar(maxPerImage)).add(slot), rows);
    return flat.view(batchSize, maxPerImage, width);
  }

  private static Tensor toDevice(Tensor t, Tensor like) {
    return t.to(like.device(), like.scalar_type(), true, false, new MemoryFormatOptional());
  }

  private static String shape(Tensor t) {
    return Arrays.toString(t.sizes().vec().get());
  }
}
