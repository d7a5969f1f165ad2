package dev.yolojava.core.loss;

import dev.yolojava.core.nn.HeadOutput;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * The loss of one head branch for a task (detection, pose), as {@link E2EDetectionLoss} runs it on an end-to-end
 * head's one-to-many and one-to-one branches, Ultralytics' {@code E2ELoss(model, loss_fn)}.
 */
interface BranchLoss {
  /** The step's ground truth on {@code branch}'s grid, shareable by the losses of the same head's branches. */
  V8DetectionLoss.GroundTruth groundTruth(HeadOutput branch, Targets targets);

  /** The branch's loss with the ground truth already laid out ({@code shared}; null: lay it out here). */
  LossResult compute(HeadOutput branch, Targets targets, V8DetectionLoss.GroundTruth shared);

  /** See {@link DetectionLoss#itemNames}. */
  default java.util.List<String> itemNames() {
    return DetectionLoss.DETECTION_ITEMS;
  }

  /** See {@link DetectionLoss#acrossRanks}. */
  void acrossRanks(UnaryOperator<Tensor> sumOverRanks, int worldSize);

  /** Makes the loss of one branch with the assigner's {@code topk} candidates and {@code topk2} kept per box. */
  @FunctionalInterface
  interface Factory {
    BranchLoss create(int topk, int topk2);
  }
}
