package dev.yolojava.core.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Ultralytics' {@code BboxLoss} and {@code DFLoss}: the CIoU term and, for {@code reg_max > 1}, the
 * distribution focal loss over the DFL bins, else an L1 loss on ltrb distances normalised by the
 * image size. Both are weighted per foreground anchor by its summed target score and divided by the
 * batch's total target score.
 */
final class BoxLoss {
  /** libtorch's {@code at::Reduction::None}. */
  private static final long REDUCTION_NONE = 0;

  private static final long IGNORE_INDEX = -100;

  private final int regMax;

  BoxLoss(int regMax) {
    this.regMax = regMax;
  }

  /**
   * Returns {iou loss, dfl/l1 loss}, scalars.
   *
   * @param predDist {@code (B, A, 4 * regMax)} raw box outputs
   * @param predBboxes {@code (B, A, 4)} decoded xyxy predictions in grid units
   * @param anchorPoints {@code (A, 2)} grid units
   * @param targetBboxes {@code (B, A, 4)} assigned xyxy targets in grid units
   * @param targetScores {@code (B, A, nc)}
   * @param targetScoresSum scalar normaliser
   * @param fgIdx {@code (F)} flat indices ({@code b * A + a}) of anchors: all foreground ones, and possibly others
   * @param isFg {@code (F)} bool, which of {@code fgIdx} are foreground; the others weigh 0 (their target scores
   *     are 0) and are compared with their own prediction, so they add exactly 0 and no NaN to the loss and its
   *     gradient
   * @param imgsz {@code (2)} input {@code (height, width)}
   * @param strides {@code (A, 1)}
   */
  Tensor[] compute(
      Tensor predDist,
      Tensor predBboxes,
      Tensor anchorPoints,
      Tensor targetBboxes,
      Tensor targetScores,
      Tensor targetScoresSum,
      Tensor fgIdx,
      Tensor isFg,
      Tensor imgsz,
      Tensor strides) {
    Tensor weight = fg(targetScores.sum(-1), fgIdx).unsqueeze(-1);
    Tensor pred = fg(predBboxes, fgIdx);
    Tensor target = fg(targetBboxes, fgIdx).where(isFg.unsqueeze(-1), pred.detach());
    Tensor iou = Boxes.ciou(pred, target);
    Tensor lossIou = torch.rsub(iou, new Scalar(1.0)).mul(weight).sum().div(targetScoresSum);

    Tensor lossDist;
    if (regMax > 1) {
      Tensor targetLtrb = Boxes.boxToDist(anchorPoints, targetBboxes, regMax - 1);
      Tensor bins = fg(predDist, fgIdx).view(-1, regMax);
      lossDist = dfl(bins, fg(targetLtrb, fgIdx), regMax).mul(weight).sum().div(targetScoresSum);
    } else {
      // ltrb distances in pixels over the image size, so the term does not depend on the level's
      // stride
      Tensor wh = imgsz.flip(0);
      Tensor size = torch.cat(new TensorVector(wh, wh));
      Tensor targetLtrb = Boxes.boxToDist(anchorPoints, targetBboxes).mul(strides).div(size);
      Tensor predLtrb = predDist.mul(strides).div(size);
      Tensor l1 = torch.l1_loss(fg(predLtrb, fgIdx), fg(targetLtrb, fgIdx), REDUCTION_NONE);
      lossDist =
          l1.mean(new long[] {-1}, true, new ScalarTypeOptional())
              .mul(weight)
              .sum()
              .div(targetScoresSum);
    }
    return new Tensor[] {lossIou, lossDist};
  }

  /**
   * Distribution focal loss: cross-entropy of the bin logits {@code (4F, regMax)} against the two
   * bins around each target distance {@code (F, 4)}, linearly weighted, averaged over the four
   * sides; returns {@code (F, 1)}.
   */
  static Tensor dfl(Tensor binLogits, Tensor target, int regMax) {
    Tensor t =
        target.clamp(
            new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(regMax - 1 - 0.01)));
    Tensor left = t.to(ScalarType.Long);
    Tensor right = left.add(new Scalar(1));
    Tensor wLeft = right.sub(t);
    Tensor wRight = torch.rsub(wLeft, new Scalar(1.0));
    Tensor ceLeft = crossEntropy(binLogits, left.view(-1)).view_as(left);
    Tensor ceRight = crossEntropy(binLogits, right.view(-1)).view_as(left);
    return ceLeft
        .mul(wLeft)
        .add(ceRight.mul(wRight))
        .mean(new long[] {-1}, true, new ScalarTypeOptional());
  }

  private static Tensor crossEntropy(Tensor logits, Tensor classes) {
    return torch.cross_entropy_loss(
        logits, classes, new TensorOptional(), REDUCTION_NONE, IGNORE_INDEX, 0.0);
  }

  /** Rows of a {@code (B, A, ...)} tensor at the foreground anchors, as {@code t[fg_mask]}. */
  static Tensor fg(Tensor t, Tensor fgIdx) {
    long[] shape = t.sizes().vec().get();
    long[] flat = new long[shape.length - 1];
    flat[0] = shape[0] * shape[1];
    System.arraycopy(shape, 2, flat, 1, shape.length - 2);
    return t.reshape(flat).index_select(0, fgIdx);
  }
}
