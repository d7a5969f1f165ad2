package dev.yolojava.core.loss;

import dev.yolojava.runtime.Scopes;
import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectOutput;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics 8.4.90 {@code E2ELoss} for end-to-end (NMS-free, YOLO26) heads: a task's branch loss (the v8
 * detection loss, or {@link PoseLoss26}) on the one-to-many branch (assigner top-10) and on the one-to-one branch
 * (assigner top-7, then one anchor per box), summed with weights {@code o2m} and {@code o2o = 1 - o2m}. {@code o2m}
 * starts at 0.8 and decays linearly to 0.1 over the training epochs ({@link #updateEpoch()}). The logged items are
 * the one-to-one branch's.
 */
public final class E2EDetectionLoss implements DetectionLoss {
  private static final double INITIAL_O2M = 0.8;
  private static final double FINAL_O2M = 0.1;
  private static final double TOTAL = 1.0;

  private final BranchLoss oneToMany;
  private final BranchLoss oneToOne;
  private final int epochs;
  private int updates;
  private double o2m = INITIAL_O2M;
  private double o2o = TOTAL - INITIAL_O2M;

  /** The end-to-end detection loss. */
  public E2EDetectionLoss(HeadSpec head, LossHyperParameters hyp) {
    this(hyp, (topk, topk2) -> new V8DetectionLoss(head, hyp, topk, topk2));
  }

  /** The end-to-end loss of a task whose branch loss {@code branches} makes. */
  E2EDetectionLoss(LossHyperParameters hyp, BranchLoss.Factory branches) {
    this.oneToMany = branches.create(10, 10);
    this.oneToOne = branches.create(7, 1);
    this.epochs = hyp.epochs();
  }

  @Override
  public LossResult compute(DetectOutput preds, Targets targets) {
    checkArgument(
        preds.oneToMany() != null && preds.oneToOne() != null,
        "end-to-end loss needs both head branches, got one-to-many %s and one-to-one %s",
        preds.oneToMany() != null ? "present" : "absent",
        preds.oneToOne() != null ? "present" : "absent");
    LossResult r;
    try (PointerScope scope = new PointerScope()) {
      // both branches see the same grid and targets: lay the ground truth out once
      V8DetectionLoss.GroundTruth gt = oneToMany.groundTruth(preds.oneToMany(), targets);
      LossResult many = oneToMany.compute(preds.oneToMany(), targets, gt);
      LossResult one = oneToOne.compute(preds.oneToOne(), targets, gt);
      Tensor loss = many.loss().mul(new Scalar(o2m)).add(one.loss().mul(new Scalar(o2o)));
      loss.retainReference();
      one.items().retainReference();
      r = new LossResult(loss, one.items());
    }
    return new LossResult(Scopes.handOver(r.loss()), Scopes.handOver(r.items()));
  }

  /** The one-to-one branch's items (those it logs). */
  @Override
  public java.util.List<String> itemNames() {
    return oneToOne.itemNames();
  }

  @Override
  public void acrossRanks(java.util.function.UnaryOperator<Tensor> sumOverRanks, int worldSize) {
    oneToMany.acrossRanks(sumOverRanks, worldSize);
    oneToOne.acrossRanks(sumOverRanks, worldSize);
  }

  /** Ultralytics' {@code E2ELoss.update()}, called by the trainer at the end of each epoch. */
  @Override
  public void updateEpoch() {
    updates++;
    o2m = decay(updates);
    o2o = Math.max(TOTAL - o2m, 0);
  }

  /**
   * Restores the schedule when resuming training at {@code startEpoch} (0-based), as Ultralytics'
   * trainer does ({@code updates = start_epoch - 1; update()}).
   */
  public void resume(int startEpoch) {
    checkArgument(startEpoch >= 0, "startEpoch is %s, expected >= 0", startEpoch);
    updates = startEpoch - 1;
    updateEpoch();
  }

  private double decay(int x) {
    return Math.max(1 - (double) x / Math.max(epochs - 1, 1), 0) * (INITIAL_O2M - FINAL_O2M)
        + FINAL_O2M;
  }

  /** Current weight of the one-to-many branch. */
  public double oneToManyWeight() {
    return o2m;
  }

  /** Current weight of the one-to-one branch. */
  public double oneToOneWeight() {
    return o2o;
  }

  /** Epoch-end updates applied so far. */
  public int updates() {
    return updates;
  }
}
