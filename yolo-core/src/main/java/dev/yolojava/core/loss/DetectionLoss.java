package dev.yolojava.core.loss;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.Pose;

/**
 * A YOLO training loss: {@link V8DetectionLoss} for YOLOv8/YOLO11 heads, {@link E2EDetectionLoss} for
 * end-to-end (YOLO26) heads, and their task variants (segmentation, pose). Implementations keep no per-batch
 * state; call {@link #updateEpoch()} once at the end of every training epoch (as Ultralytics' trainer calls
 * {@code criterion.update()}).
 *
 * <p>Result tensors are attached to the caller's innermost {@code PointerScope} if there is one
 * (else left to the garbage collector); intermediates are freed before {@link #compute} returns.
 */
public interface DetectionLoss {
  /**
   * The loss of a batch.
   *
   * @param preds the raw head outputs of a training-mode forward ({@link
   *     DetectionModel#forwardRaw})
   * @param targets the batch's ground truth
   */
  LossResult compute(DetectOutput preds, Targets targets);

  /**
   * The names of {@link LossResult#items()}' entries in order, as Ultralytics' {@code loss_names} (the columns of
   * {@code results.csv} after {@code train/} and {@code val/}).
   */
  default java.util.List<String> itemNames() {
    return DETECTION_ITEMS;
  }

  /** A detection loss's items. */
  java.util.List<String> DETECTION_ITEMS = java.util.List.of("box_loss", "cls_loss", "dfl_loss");

  /** Advances epoch-dependent weights; a no-op for losses without a schedule. */
  default void updateEpoch() {}

  /**
   * Normalises over all ranks of a data-parallel step instead of this rank's share: the sum of target scores that
   * divides every term is summed over the ranks ({@code sumOverRanks}, an in-place all-reduce), and the loss is
   * scaled by the global batch. The ranks' losses then add up to the loss of one rank holding the whole batch, so
   * summed gradients equal its gradient (only BatchNorm's per-rank statistics differ), and the ranks' items add up
   * to its items. {@code null} goes back to this rank alone (validation, whose shards differ in batch count). Every
   * rank must compute the loss of every step.
   */
  default void acrossRanks(java.util.function.UnaryOperator<org.bytedeco.pytorch.Tensor> sumOverRanks,
      int worldSize) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot normalise across ranks");
  }

  /**
   * Ultralytics' {@code init_criterion}: the end-to-end loss for end-to-end heads, else the v8
   * loss; for pose heads their pose variants ({@code E2ELoss(PoseLoss26)}, {@code v8PoseLoss}).
   */
  public static DetectionLoss forModel(DetectionModel model, LossHyperParameters hyp) {
    return forModel(model, hyp, true);
  }

  /**
   * As {@link #forModel(DetectionModel, LossHyperParameters)}; a segmentation model's targets carry one index map
   * per image when {@code overlapMask} ({@code overlap_mask}), else one mask per object.
   */
  public static DetectionLoss forModel(DetectionModel model, LossHyperParameters hyp, boolean overlapMask) {
    HeadSpec head = HeadSpec.of(model);
    if (model.task().equals("segment")) {
      if (model.hasOneToOne()) {
        throw new UnsupportedOperationException("train: " + model.head().type() + " is an end-to-end (YOLO26)"
            + " segmentation head, whose end-to-end segmentation loss is not in this build; YOLOv8 and YOLO11"
            + " segmentation models train");
      }
      return new V8SegmentationLoss(head, hyp, overlapMask);
    }
    int[] kptShape = model.kptShape();
    if (kptShape != null) {
      return model.hasOneToOne()
          ? PoseLoss26.endToEnd(head, kptShape, ((Pose) model.head()).flowModel(), hyp)
          : new V8PoseLoss(head, kptShape, hyp);
    }
    return model.hasOneToOne()
        ? new E2EDetectionLoss(head, hyp)
        : new V8DetectionLoss(head, hyp, 10, 10);
  }
}
