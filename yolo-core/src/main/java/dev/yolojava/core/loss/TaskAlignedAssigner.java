package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Ultralytics 8.4.90 {@code TaskAlignedAssigner} (TOOD): each ground-truth box takes the {@code
 * topk} anchors whose centres lie inside it (boxes narrower or shorter than the smallest stride are
 * widened to the second stride for this test) ranked by the alignment metric {@code score^alpha *
 * CIoU^beta}; an anchor claimed by several boxes keeps the one it overlaps most; with {@code topk2
 * < topk} each box then keeps only its {@code topk2} best anchors. Class targets are one-hot
 * scaled, per box, by {@code metric * max IoU / max metric}. Fully batched: no loop over images or
 * boxes.
 */
public final class TaskAlignedAssigner {
  private final int topk;
  private final int topk2;
  private final int numClasses;
  private final double alpha;
  private final double beta;
  private final double eps;
  private final double smallestStride;
  private final double widenedSize;

  /**
   * @param topk candidates per ground-truth box
   * @param topk2 anchors kept per box after conflict resolution ({@code <= topk}; equal disables
   *     the step)
   * @param strides per-level strides in pixels; boxes under {@code strides[0]} are widened to
   *     {@code strides[1]}
   */
  public TaskAlignedAssigner(
      int topk,
      int topk2,
      int numClasses,
      double alpha,
      double beta,
      double eps,
      double[] strides) {
    checkArgument(topk >= 1, "topk is %s, expected >= 1", topk);
    checkArgument(topk2 >= 1 && topk2 <= topk, "topk2 is %s, expected 1..topk (%s)", topk2, topk);
    checkArgument(numClasses >= 1, "numClasses is %s, expected >= 1", numClasses);
    checkArgument(strides.length >= 1, "strides is empty, expected one per detection level");
    this.topk = topk;
    this.topk2 = topk2;
    this.numClasses = numClasses;
    this.alpha = alpha;
    this.beta = beta;
    this.eps = eps;
    this.smallestStride = strides[0];
    this.widenedSize = strides.length > 1 ? strides[1] : strides[0];
  }

  /** The size (the second stride) boxes thinner or shorter than the smallest stride are widened to. */
  double widenedSize() {
    return widenedSize;
  }

  /** Ultralytics' detection-loss settings: alpha 0.5, beta 6.0, eps 1e-9. */
  public static TaskAlignedAssigner forDetection(
      int topk, int topk2, int numClasses, double[] strides) {
    return new TaskAlignedAssigner(topk, topk2, numClasses, 0.5, 6.0, 1e-9, strides);
  }

  /**
   * Assigns ground truth to anchors. No gradient flows through the result.
   *
   * @param pdScores {@code (B, A, nc)} predicted class probabilities (after sigmoid)
   * @param pdBboxes {@code (B, A, 4)} predicted xyxy boxes, same units as {@code anchorPoints} and
   *     the ground truth
   * @param anchorPoints {@code (A, 2)} anchor centres
   * @param gtLabels {@code (B, M, 1)} classes of the padded ground truth
   * @param gtBboxes {@code (B, M, 4)} xyxy boxes of the padded ground truth
   * @param maskGt {@code (B, M, 1)} 1 for real rows, 0 for padding
   */
  public Assignment assign(
      Tensor pdScores,
      Tensor pdBboxes,
      Tensor anchorPoints,
      Tensor gtLabels,
      Tensor gtBboxes,
      Tensor maskGt) {
    return assign(pdScores, pdBboxes, anchorPoints, gtLabels, gtBboxes, maskGt, -1);
  }

  /**
   * As {@link #assign(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)}, with {@code candidateBound} at least the
   * number of (box, anchor) pairs whose anchor centre lies in a real box (see {@link
   * V8DetectionLoss#candidateBound}), or negative if unknown. With a bound the scores and CIoU are computed for those
   * pairs only instead of for every pair, with the same values, and without asking the device how many there are.
   */
  public Assignment assign(
      Tensor pdScores,
      Tensor pdBboxes,
      Tensor anchorPoints,
      Tensor gtLabels,
      Tensor gtBboxes,
      Tensor maskGt,
      long candidateBound) {
    return assign(pdScores, pdBboxes, gtLabels, gtBboxes, maskGt, candidates(anchorPoints, gtBboxes, maskGt),
        candidateBound);
  }

  /**
   * The (box, anchor) pairs a box may take, from the ground truth and the anchors alone: the branches of an
   * end-to-end head, whose assigners differ only in {@code topk}, share them.
   */
  Candidates candidates(Tensor anchorPoints, Tensor gtBboxes, Tensor maskGt) {
    if (gtBboxes.size(1) == 0) {
      return new Candidates(null, null);
    }
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor inGts = candidatesInGts(anchorPoints, gtBboxes, maskGt);
      return new Candidates(inGts, inGts.mul(maskGt).to(ScalarType.Bool));
    }
  }

  /**
   * {@code inGts}: {@code (B, M, A)} 1 where the anchor centre lies inside the (widened) box; {@code mask}: the same
   * for real boxes only, as bool. Both null when there are no boxes.
   */
  record Candidates(Tensor inGts, Tensor mask) {}

  /** As the public {@code assign}, with the candidates already found. */
  Assignment assign(
      Tensor pdScores,
      Tensor pdBboxes,
      Tensor gtLabels,
      Tensor gtBboxes,
      Tensor maskGt,
      Candidates candidates,
      long candidateBound) {
    checkArgument(
        pdScores.dim() == 3 && pdScores.size(2) == numClasses,
        "pdScores has shape %s, expected (B, A, %s)",
        Arrays.toString(pdScores.sizes().vec().get()),
        numClasses);
    long bs = pdScores.size(0);
    long anchors = pdScores.size(1);
    long nMax = gtBboxes.size(1);
    try (NoGradGuard g = new NoGradGuard()) {
      if (nMax == 0) {
        return new Assignment(
            torch.full(new long[] {bs, anchors}, new Scalar(numClasses), pdScores.options()),
            torch.zeros_like(pdBboxes),
            torch.zeros_like(pdScores),
            torch.zeros(new long[] {bs, anchors}, pdScores.options()).to(ScalarType.Bool),
            torch.zeros(new long[] {bs, anchors}, pdScores.options()).to(ScalarType.Long));
      }
      Tensor maskInGts = candidates.inGts();
      Tensor mask = candidates.mask();
      Tensor[] metrics = candidateBound >= 0
          ? candidateMetrics(pdScores, pdBboxes, gtLabels, gtBboxes, mask, candidateBound)
          : boxMetrics(pdScores, pdBboxes, gtLabels, gtBboxes, mask);
      LossProfile.mark("assign.metrics");
      Tensor alignMetric = metrics[0];
      Tensor overlaps = metrics[1];
      Tensor maskTopk =
          topkCandidates(alignMetric, maskGt.expand(-1, -1, topk).to(ScalarType.Bool));
      Tensor maskPos = maskTopk.mul(maskInGts).mul(maskGt);
      LossProfile.mark("assign.topk");

      maskPos = highestOverlaps(maskPos, overlaps, alignMetric);
      LossProfile.mark("assign.resolve");
      Tensor fgMask = maskPos.sum(-2);
      Tensor targetGtIdx = maskPos.argmax(new LongOptional(-2), false);

      Tensor[] targets = targets(gtLabels, gtBboxes, targetGtIdx, fgMask, bs, nMax);
      Tensor aligned = alignMetric.mul(maskPos);
      Tensor posAlign = aligned.amax(new long[] {-1}, true);
      Tensor posOverlaps = overlaps.mul(maskPos).amax(new long[] {-1}, true);
      Tensor norm =
          aligned
              .mul(posOverlaps)
              .div(posAlign.add(new Scalar(eps)))
              .amax(new long[] {-2}, false)
              .unsqueeze(-1);
      Tensor targetScores = targets[2].mul(norm);
      return new Assignment(
          targets[0], targets[1], targetScores, fgMask.to(ScalarType.Bool), targetGtIdx);
    }
  }

  /**
   * {@code (B, M, A)} float: 1 where the anchor centre lies strictly inside the box (after widening
   * boxes thinner than the smallest stride to the second stride, around the same centre).
   */
  Tensor candidatesInGts(Tensor xyCenters, Tensor gtBboxes, Tensor maskGt) {
    Tensor xywh = Boxes.xyxyToXywh(gtBboxes);
    TensorVector parts = xywh.split(2, -1);
    Tensor wh = parts.get(1);
    Tensor small = wh.lt(new Scalar(smallestStride)).mul(maskGt).to(ScalarType.Bool);
    wh = torch.where(small, new Scalar(widenedSize), wh);
    Tensor boxes = Boxes.xywhToXyxy(torch.cat(new TensorVector(parts.get(0), wh), -1));

    long bs = boxes.size(0);
    long nBoxes = boxes.size(1);
    long nAnchors = xyCenters.size(0);
    // the smallest of the four centre-to-side distances, one (B, M, A) pass each instead of a (B, M, A, 4) stack
    Tensor cx = xyCenters.select(1, 0).view(1, 1, nAnchors);
    Tensor cy = xyCenters.select(1, 1).view(1, 1, nAnchors);
    Tensor x1 = boxes.select(2, 0).view(bs, nBoxes, 1);
    Tensor y1 = boxes.select(2, 1).view(bs, nBoxes, 1);
    Tensor x2 = boxes.select(2, 2).view(bs, nBoxes, 1);
    Tensor y2 = boxes.select(2, 3).view(bs, nBoxes, 1);
    Tensor nearest = cx.sub(x1).minimum(cy.sub(y1)).minimum(x2.sub(cx)).minimum(y2.sub(cy));
    return nearest.gt(new Scalar(1e-9)).to(xyCenters.scalar_type());
  }

  /**
   * {alignMetric, overlaps} as {@link #boxMetrics}, evaluated only at the {@code mask} pairs: at most {@code bound}
   * of them are taken in index order ({@code nonzero_static}, no device-to-host wait), scored, and written into
   * zeros; unused slots go to a spare element past the end.
   */
  private Tensor[] candidateMetrics(
      Tensor pdScores, Tensor pdBboxes, Tensor gtLabels, Tensor gtBboxes, Tensor mask, long bound) {
    long bs = mask.size(0);
    long nMax = mask.size(1);
    long anchors = mask.size(2);
    long pairs = bs * nMax * anchors;
    TensorOptions f32 = pdBboxes.options();
    Tensor overlaps = torch.zeros(new long[] {pairs + 1}, f32);
    Tensor align = torch.zeros(new long[] {pairs + 1}, f32);
    if (bound > 0) {
      Tensor idx = mask.reshape(-1).nonzero_static(bound, -1).view(-1);
      Tensor valid = idx.ge(new Scalar(0));
      Tensor at = idx.clamp_min(new Scalar(0));
      Tensor image = at.floor_divide(new Scalar(nMax * anchors));
      Tensor rest = at.remainder(new Scalar(nMax * anchors));
      Tensor box = image.mul(new Scalar(nMax)).add_(rest.floor_divide(new Scalar(anchors)));
      Tensor anchor = image.mul(new Scalar(anchors)).add_(rest.remainder(new Scalar(anchors)));
      Tensor iou = Boxes.ciou(gtBboxes.reshape(-1, 4).index_select(0, box),
              pdBboxes.reshape(-1, 4).index_select(0, anchor))
          .squeeze(-1)
          .clamp_min(new Scalar(0.0));
      Tensor cls = gtLabels.reshape(-1).to(ScalarType.Long).index_select(0, box);
      Tensor scores = pdScores.reshape(-1).take(anchor.mul(new Scalar(numClasses)).add_(cls));
      Tensor metric = scores.pow(new Scalar(alpha)).mul(iou.pow(new Scalar(beta)));
      Tensor dst = torch.where(valid, idx, new Scalar(pairs));
      overlaps.index_copy_(0, dst, iou);
      align.index_copy_(0, dst, metric);
    }
    return new Tensor[] {
      align.narrow(0, 0, pairs).view(bs, nMax, anchors), overlaps.narrow(0, 0, pairs).view(bs, nMax, anchors)
    };
  }

  /** {alignMetric, overlaps}, both {@code (B, M, A)} and zero outside {@code mask}. */
  private Tensor[] boxMetrics(
      Tensor pdScores, Tensor pdBboxes, Tensor gtLabels, Tensor gtBboxes, Tensor mask) {
    long anchors = pdBboxes.size(1);
    Tensor cls = gtLabels.to(ScalarType.Long).expand(-1, -1, anchors); // (B, M, A)
    Tensor scores = pdScores.permute(0, 2, 1).gather(1, cls);
    Tensor bboxScores = torch.where(mask, scores, new Scalar(0.0));
    // CIoU(gt, pred) for every pair; elementwise, so equal to Ultralytics' masked evaluation where
    // it is kept
    Tensor iou =
        Boxes.ciou(gtBboxes.unsqueeze(2), pdBboxes.unsqueeze(1))
            .squeeze(-1)
            .clamp_min(new Scalar(0.0));
    Tensor overlaps = torch.where(mask, iou, new Scalar(0.0));
    Tensor align = bboxScores.pow(new Scalar(alpha)).mul(overlaps.pow(new Scalar(beta)));
    return new Tensor[] {align, overlaps};
  }

  /**
   * {@code (B, M, A)}: 1 for each of a box's top-k anchors by metric (rows of padding boxes stay
   * empty).
   */
  private Tensor topkCandidates(Tensor metrics, Tensor topkMask) {
    Tensor idx = metrics.topk(topk, -1, true, true).get1();
    idx.masked_fill_(topkMask.logical_not(), new Scalar(0));
    Tensor count =
        torch.zeros(
            metrics.sizes(), metrics.options().dtype(new ScalarTypeOptional(ScalarType.Char)));
    count.scatter_add_(-1, idx, torch.ones_like(idx).to(ScalarType.Char));
    // padding rows point all k picks at anchor 0; counts above one mark them invalid
    count.masked_fill_(count.gt(new Scalar(1)), new Scalar(0));
    return count.to(metrics.scalar_type());
  }

  /**
   * Resolves anchors claimed by several boxes to the box of highest IoU, then (when {@code topk2 <
   * topk}) keeps each box's {@code topk2} best anchors by metric. Returns the updated {@code (B, M,
   * A)} positive mask.
   */
  private Tensor highestOverlaps(Tensor maskPos, Tensor overlaps, Tensor alignMetric) {
    long nMax = maskPos.size(1);
    Tensor fg = maskPos.sum(-2);
    Tensor multi = fg.unsqueeze(1).gt(new Scalar(1)).expand(-1, nMax, -1);
    Tensor best = overlaps.argmax(new LongOptional(1), false);
    Tensor isBest = torch.zeros_like(maskPos).scatter_(1, best.unsqueeze(1), new Scalar(1.0));
    maskPos = torch.where(multi, isBest, maskPos);
    if (topk2 != topk) {
      Tensor keep = alignMetric.mul(maskPos).topk(topk2, -1, true, true).get1();
      Tensor kept = torch.zeros_like(maskPos).scatter_(-1, keep, new Scalar(1.0));
      maskPos = maskPos.mul(kept);
    }
    return maskPos;
  }

  /**
   * {labels (B, A) int64, boxes (B, A, 4), one-hot scores (B, A, nc) int64 zeroed on background}.
   */
  private Tensor[] targets(
      Tensor gtLabels, Tensor gtBboxes, Tensor targetGtIdx, Tensor fgMask, long bs, long nMax) {
    Tensor batchOffset =
        torch.arange(new Scalar(bs), targetGtIdx.options()).unsqueeze(-1).mul(new Scalar(nMax));
    Tensor flatIdx = targetGtIdx.add(batchOffset); // (B, A)
    Tensor labels =
        gtLabels.to(ScalarType.Long).flatten().index_select(0, flatIdx.flatten()).view_as(flatIdx);
    Tensor boxes =
        gtBboxes
            .reshape(-1, gtBboxes.size(-1))
            .index_select(0, flatIdx.flatten())
            .view(bs, -1, gtBboxes.size(-1));
    labels = labels.clamp_min(new Scalar(0));
    Tensor oneHot = torch.zeros(new long[] {bs, labels.size(1), numClasses}, labels.options());
    oneHot.scatter_(2, labels.unsqueeze(-1), new Scalar(1));
    Tensor fg = fgMask.unsqueeze(-1).gt(new Scalar(0)).expand(-1, -1, numClasses);
    Tensor scores = torch.where(fg, oneHot, new Scalar(0));
    return new Tensor[] {labels, boxes, scores};
  }
}
