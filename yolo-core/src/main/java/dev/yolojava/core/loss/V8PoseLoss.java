package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.runtime.Scopes;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4.90 {@code v8PoseLoss} for the YOLOv8/YOLO11 {@code Pose} head: the detection terms of
 * {@link V8DetectionLoss} and, over the foreground anchors, the keypoint location term (OKS-like, sigmas
 * {@code OKS_SIGMA} for COCO's 17 keypoints, else {@code 1 / nkpt}) times {@code pose} and the visibility BCE times
 * {@code kobj}; keypoints decode as {@code 2 raw + anchor - 0.5} in grid units.
 *
 * <p>Items: {@code box, pose, kobj, cls, dfl}, as Ultralytics returns them. One rank's loss: normalising across
 * data-parallel ranks comes with pose training.
 */
public final class V8PoseLoss implements DetectionLoss, BranchLoss {
  private final V8DetectionLoss detection;
  private final KeypointTerms keypoints;
  private final LossHyperParameters hyp;

  /** Ultralytics' {@code v8PoseLoss(model)}: assigner top-10. */
  public V8PoseLoss(HeadSpec head, int[] kptShape, LossHyperParameters hyp) {
    this(head, kptShape, hyp, 10, 10);
  }

  /**
   * @param topk assigner candidates per box
   * @param topk2 anchors kept per box (equal to {@code topk} to skip; the end-to-end one-to-one branch: 1)
   */
  public V8PoseLoss(HeadSpec head, int[] kptShape, LossHyperParameters hyp, int topk, int topk2) {
    this.detection = new V8DetectionLoss(head, hyp, topk, topk2);
    this.keypoints = new KeypointTerms(kptShape);
    this.hyp = hyp;
  }

  @Override
  public LossResult compute(DetectOutput preds, Targets targets) {
    checkArgument(preds.oneToMany() != null, "predictions have no one-to-many branch (fused end-to-end model?)");
    return compute(preds.oneToMany(), targets, null);
  }

  @Override
  public LossResult compute(HeadOutput branch, Targets targets, V8DetectionLoss.GroundTruth shared) {
    LossResult r;
    try (PointerScope scope = new PointerScope()) {
      V8DetectionLoss.Terms t = detection.terms(branch, targets, shared);
      KeypointTerms.Foreground k =
          keypoints.foreground(t.assignment(), t.anchors(), targets, t.imgsz(), branch, false);
      Tensor pose;
      Tensor kobj;
      if (k == null) { // no foreground: zero terms, kept on the graph
        pose = kobj = branch.keypoints().sum().mul(new Scalar(0.0));
      } else {
        pose = keypoints.location(k);
        kobj = keypoints.visibility(k);
      }
      Tensor det = t.values();
      Tensor terms = torch.stack(new TensorVector(det.get(0), pose.mul(new Scalar(hyp.pose())),
          kobj.mul(new Scalar(hyp.kobj())), det.get(1), det.get(2)));
      r = perBatch(terms, branch);
    }
    return handOver(r);
  }

  /** Ultralytics' {@code loss * batch_size, loss.detach()}, retained for the caller's scope. */
  static LossResult perBatch(Tensor terms, HeadOutput branch) {
    Tensor loss = terms.mul(new Scalar(branch.scores().size(0)));
    Tensor items = terms.detach();
    loss.retainReference();
    items.retainReference();
    return new LossResult(loss, items);
  }

  static LossResult handOver(LossResult r) {
    return new LossResult(Scopes.handOver(r.loss()), Scopes.handOver(r.items()));
  }

  @Override
  public V8DetectionLoss.GroundTruth groundTruth(HeadOutput branch, Targets targets) {
    return detection.groundTruth(branch, targets);
  }

  /** Ultralytics' pose {@code loss_names}. */
  static final java.util.List<String> POSE_ITEMS =
      java.util.List.of("box_loss", "pose_loss", "kobj_loss", "cls_loss", "dfl_loss");

  @Override
  public java.util.List<String> itemNames() {
    return POSE_ITEMS;
  }

  @Override
  public void acrossRanks(UnaryOperator<Tensor> sumOverRanks, int worldSize) {
    oneRankOnly(sumOverRanks);
  }

  /** Pose terms are means over this rank's foreground: they cannot yet add up over ranks; null (one rank) is fine. */
  static void oneRankOnly(UnaryOperator<Tensor> sumOverRanks) {
    if (sumOverRanks != null) {
      throw new UnsupportedOperationException("pose training runs on one device: its losses normalise over one"
          + " rank's batch and cannot yet add up across data-parallel ranks (device=0 rather than a list)");
    }
  }

  @Override
  public void updateEpoch() {
    detection.updateEpoch();
  }
}
