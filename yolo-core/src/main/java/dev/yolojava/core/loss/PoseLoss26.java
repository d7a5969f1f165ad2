package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.core.nn.RealNvp;
import dev.yolojava.core.ops.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4.90 {@code PoseLoss26}, the branch loss of the YOLO26 {@code Pose26} head inside the end-to-end
 * loss ({@link #endToEnd}): {@link V8PoseLoss}'s terms with keypoints decoded as {@code raw + anchor}, plus, when
 * the head has its flow model, the residual log-likelihood (RLE) term times {@code rle}. RLE reads the training-only
 * spreads: per labelled keypoint the residual over its sigmoid spread is scored by the flow's log-density
 * ({@link RealNvp#logProb}) with a Laplace-like residual part, weighted per keypoint ({@code RLE_WEIGHT} for COCO's
 * 17, else 1), averaged over those keypoints and floored at 0.
 *
 * <p>Items: {@code box, pose, kobj, cls, dfl, rle} ({@code rle} only with a flow model), as Ultralytics returns them.
 */
public final class PoseLoss26 implements DetectionLoss, BranchLoss {
  /** Ultralytics' {@code RLE_WEIGHT}: COCO's limbs' end points count more. */
  static final float[] RLE_WEIGHT = {
    1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.2f, 1.2f, 1.5f, 1.5f, 1.0f, 1.0f, 1.2f, 1.2f, 1.5f, 1.5f
  };
  private static final double EPS = 1e-9;
  private static final double ERROR_LIMIT = 100;

  private final V8DetectionLoss detection;
  private final KeypointTerms keypoints;
  private final LossHyperParameters hyp;
  private final RealNvp flow;
  private final float[] weights;

  /**
   * @param flow the head's flow model ({@code Pose.flowModel()}); null leaves out the RLE term, as Ultralytics
   *     does for a head without one
   * @param topk assigner candidates per box
   * @param topk2 anchors kept per box (equal to {@code topk} to skip; the end-to-end one-to-one branch: 1)
   */
  public PoseLoss26(HeadSpec head, int[] kptShape, RealNvp flow, LossHyperParameters hyp, int topk, int topk2) {
    this.detection = new V8DetectionLoss(head, hyp, topk, topk2);
    this.keypoints = new KeypointTerms(kptShape);
    this.hyp = hyp;
    this.flow = flow;
    this.weights = keypoints.coco() ? RLE_WEIGHT.clone() : KeypointTerms.uniform(keypoints.nkpt(), 1f);
  }

  /** Ultralytics' {@code E2ELoss(model, PoseLoss26)}: this loss on both branches of an end-to-end head. */
  public static E2EDetectionLoss endToEnd(HeadSpec head, int[] kptShape, RealNvp flow, LossHyperParameters hyp) {
    return new E2EDetectionLoss(hyp, (topk, topk2) -> new PoseLoss26(head, kptShape, flow, hyp, topk, topk2));
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
          keypoints.foreground(t.assignment(), t.anchors(), targets, t.imgsz(), branch, true);
      Tensor zero = branch.keypoints().sum().mul(new Scalar(0.0)); // no foreground: zero terms, kept on the graph
      Tensor pose = k == null ? zero : keypoints.location(k);
      Tensor kobj = k == null ? zero : keypoints.visibility(k);
      Tensor det = t.values();
      List<Tensor> terms = new ArrayList<>(List.of(det.get(0), pose.mul(new Scalar(hyp.pose())),
          kobj.mul(new Scalar(hyp.kobj())), det.get(1), det.get(2)));
      if (flow != null) {
        Tensor rle = k == null || k.sigmas() == null ? zero : rle(k).clamp_min(new Scalar(0.0));
        terms.add(rle.mul(new Scalar(hyp.rle())));
      }
      r = V8PoseLoss.perBatch(torch.stack(new TensorVector(terms.toArray(new Tensor[0]))), branch);
    }
    return V8PoseLoss.handOver(r);
  }

  /** {@code calculate_rle_loss} and {@code RLELoss} over the labelled keypoints with a finite scaled residual. */
  private Tensor rle(KeypointTerms.Foreground k) {
    Tensor zero = k.sigmas().sum().mul(new Scalar(0.0));
    Tensor idx = k.labelled().flatten().nonzero().flatten();
    if (idx.numel() == 0) {
      return zero;
    }
    Tensor pred = k.pred().narrow(2, 0, 2).reshape(-1, 2).index_select(0, idx);
    Tensor gt = k.gt().narrow(2, 0, 2).reshape(-1, 2).index_select(0, idx);
    Tensor sigma = k.sigmas().reshape(-1, 2).index_select(0, idx).sigmoid();
    Tensor weight = Tensors.constant(pred, weights).expand(k.labelled().size(0), -1).reshape(-1)
        .index_select(0, idx);
    Tensor error = pred.sub(gt).div(sigma.add(new Scalar(EPS)));
    // rows with a NaN or infinite residual are dropped, as Ultralytics does before the flow sees them
    Tensor finite = torch.isfinite(error).all(1);
    long kept = finite.sum().item_long();
    if (kept == 0) {
      return zero;
    }
    if (kept < finite.numel()) {
      Tensor rows = finite.nonzero().flatten();
      error = error.index_select(0, rows);
      sigma = sigma.index_select(0, rows);
      weight = weight.index_select(0, rows);
    }
    error = error.clamp(new ScalarOptional(new Scalar(-ERROR_LIMIT)), new ScalarOptional(new Scalar(ERROR_LIMIT)));
    Tensor logPhi = flow.logProb(error);
    Tensor loss = sigma.log().sub(logPhi.unsqueeze(1))
        .add(sigma.mul(new Scalar(2.0)).log().add(error.abs())); // the residual (Laplace) part
    return loss.mul(weight.unsqueeze(1)).div(new Scalar((double) kept)).sum();
  }

  @Override
  public V8DetectionLoss.GroundTruth groundTruth(HeadOutput branch, Targets targets) {
    return detection.groundTruth(branch, targets);
  }

  @Override
  public java.util.List<String> itemNames() {
    if (flow == null) {
      return V8PoseLoss.POSE_ITEMS;
    }
    java.util.List<String> names = new java.util.ArrayList<>(V8PoseLoss.POSE_ITEMS);
    names.add("rle_loss");
    return java.util.List.copyOf(names);
  }

  @Override
  public void acrossRanks(UnaryOperator<Tensor> sumOverRanks, int worldSize) {
    V8PoseLoss.oneRankOnly(sumOverRanks);
  }

  @Override
  public void updateEpoch() {
    detection.updateEpoch();
  }
}
