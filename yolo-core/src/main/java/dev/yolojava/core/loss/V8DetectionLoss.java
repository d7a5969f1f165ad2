package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.runtime.Scopes;
import dev.yolojava.core.ops.Tensors;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4.90 {@code v8DetectionLoss}: task-aligned assignment of the padded ground truth to
 * the anchors, then {@code box} (CIoU), {@code cls} (BCE with logits over all anchors and classes)
 * and {@code dfl} (distribution focal loss, or L1 on normalised ltrb for {@code reg_max = 1})
 * terms, each divided by the sum of target scores and multiplied by its gain. Batched on the
 * predictions' device.
 */
public final class V8DetectionLoss implements DetectionLoss, BranchLoss {
  private final HeadSpec head;
  private final LossHyperParameters hyp;
  private final TaskAlignedAssigner assigner;
  private final BoxLoss boxLoss;
  private final int topk;
  private Grid cachedGrid;
  private java.util.function.UnaryOperator<Tensor> sumOverRanks; // null: normalise over this rank's batch
  private int worldSize = 1;

  /**
   * @param topk assigner candidates per box (Ultralytics: 10; the end-to-end one-to-one branch: 7)
   * @param topk2 anchors kept per box after resolving conflicts (equal to {@code topk} to skip;
   *     one-to-one: 1)
   */
  public V8DetectionLoss(HeadSpec head, LossHyperParameters hyp, int topk, int topk2) {
    this.head = head;
    this.hyp = hyp;
    this.assigner = TaskAlignedAssigner.forDetection(topk, topk2, head.nc(), head.strides());
    this.boxLoss = new BoxLoss(head.regMax());
    this.topk = topk;
  }

  @Override
  public java.util.List<String> itemNames() {
    return DETECTION_ITEMS;
  }

  @Override
  public void acrossRanks(java.util.function.UnaryOperator<Tensor> sumOverRanks, int worldSize) {
    checkArgument(worldSize >= 1, "world size is %s, expected >= 1", worldSize);
    this.sumOverRanks = sumOverRanks;
    this.worldSize = sumOverRanks == null ? 1 : worldSize;
  }

  /** The loss of the one-to-many branch (the only one of a YOLOv8/YOLO11 head). */
  @Override
  public LossResult compute(DetectOutput preds, Targets targets) {
    checkArgument(
        preds.oneToMany() != null,
        "predictions have no one-to-many branch (fused end-to-end model?)");
    return compute(preds.oneToMany(), targets);
  }

  /** The loss of one head branch ({@code boxes}, {@code scores}, {@code feats}). */
  public LossResult compute(HeadOutput branch, Targets targets) {
    return compute(branch, targets, null);
  }

  /**
   * As {@link #compute(HeadOutput, Targets)} with the step's ground truth already laid out by {@link #groundTruth}
   * of a loss for the same head (null: lay it out here).
   */
  @Override
  public LossResult compute(HeadOutput branch, Targets targets, GroundTruth shared) {
    LossResult r;
    try (PointerScope scope = new PointerScope()) {
      Tensor terms = terms(branch, targets, shared).values();
      long batch = branch.scores().size(0) * worldSize; // the global batch when normalised across ranks
      Tensor loss = terms.mul(new Scalar(batch));
      Tensor items = terms.detach();
      loss.retainReference();
      items.retainReference();
      r = new LossResult(loss, items);
    }
    return new LossResult(Scopes.handOver(r.loss()), Scopes.handOver(r.items()));
  }

  /**
   * The detection terms of a branch and the assignment they came from (a segmentation loss reads which object each
   * foreground anchor learns from).
   *
   * @param values {@code (3)} box, cls, dfl with gains applied, before the batch-size factor
   * @param imgsz {@code (2)} input height and width in pixels
   * @param anchors the branch's anchor points and strides
   */
  record Terms(Tensor values, Assignment assignment, Tensor imgsz, Anchors anchors) {}

  /** {@link Terms} of one branch, on this rank alone or normalised across ranks as set. */
  Terms terms(HeadOutput branch, Targets targets, GroundTruth shared) {
    Tensor boxes = branch.boxes();
    Tensor scoresRaw = branch.scores();
    checkArgument(
        boxes.dim() == 3
            && boxes.size(1) == 4L * head.regMax()
            && scoresRaw.dim() == 3
            && scoresRaw.size(1) == head.nc(),
        "head outputs boxes %s and scores %s, expected (B, %s, A) and (B, %s, A)",
        shape(boxes),
        shape(scoresRaw),
        4 * head.regMax(),
        head.nc());
    LossProfile.start();
    Tensor predDist = boxes.permute(0, 2, 1).contiguous();
    Tensor predScores = scoresRaw.permute(0, 2, 1).contiguous();
    Grid grid = grid(branch);
    Anchors anchors = grid.anchors();
    checkArgument(
        anchors.count() == predScores.size(1),
        "feature maps give %s anchors but the head outputs %s",
        anchors.count(),
        predScores.size(1));
    long batch = predScores.size(0);
    Tensor imgsz = grid.imgsz();
    GroundTruth gt =
        shared != null && shared.gridKey().equals(grid.key()) ? shared : groundTruth(grid, branch, targets);
    Tensor gtLabels = gt.labels();
    Tensor gtBboxes = gt.bboxes();
    LossProfile.mark("prep");
    Tensor predBboxes = decode(anchors.points(), predDist);
    LossProfile.mark("decode");
    Assignment a =
        assigner.assign(
            predScores.detach().sigmoid(),
            predBboxes.detach().mul(anchors.strides()).to(gtBboxes.scalar_type()),
            gtLabels,
            gtBboxes,
            gt.mask(),
            gt.candidates(),
            gt.candidateBound());

    Tensor scoreSum = a.targetScores().sum();
    if (sumOverRanks != null) {
      scoreSum = sumOverRanks.apply(scoreSum.clone());
    }
    Tensor targetScoresSum = scoreSum.clamp_min(new Scalar(1.0));
    LossProfile.mark("assign.targets");
    Tensor bce =
        torch.binary_cross_entropy_with_logits(
            predScores,
            a.targetScores().to(predScores.scalar_type()),
            new TensorOptional(),
            new TensorOptional(),
            0);
    if (grid.classWeights() != null) { // cls_pw
      bce = bce.mul(grid.classWeights());
    }
    Tensor cls = bce.sum().div(targetScoresSum);
    LossProfile.mark("bce");

    // The foreground anchors (as fg_mask selects them) in index order, then non-foreground ones with weight 0 up to
    // a bound the host knows (each box takes at most topk anchors): no wait for the device to count them.
    long bound = Math.max(1, Math.min(batch * anchors.count(), (long) topk * targets.count()));
    Tensor fgFlat = a.fgMask().flatten();
    Tensor fgIdx = torch.sort(fgFlat.to(torch.ScalarType.Byte), new BoolOptional(true), 0, true).get1()
        .narrow(0, 0, bound);
    Tensor[] b =
        boxLoss.compute(
            predDist,
            predBboxes,
            anchors.points(),
            a.targetBboxes().div(anchors.strides()),
            a.targetScores(),
            targetScoresSum,
            fgIdx,
            fgFlat.index_select(0, fgIdx),
            imgsz,
            anchors.strides());
    Tensor box = b[0];
    Tensor dist = b[1];
    LossProfile.mark("box_dfl");
    return new Terms(torch.stack(new TensorVector(box, cls, dist)).mul(grid.gains()), a, imgsz, anchors);
  }

  /**
   * The step's ground truth on {@code branch}'s grid: padded boxes in input pixels, their mask, and the assigner's
   * candidate pairs. It depends on the targets, the grid and the assigner's widening only, so an end-to-end head's
   * two branches (same head, assigners differing in {@code topk} alone) share one.
   */
  @Override
  public GroundTruth groundTruth(HeadOutput branch, Targets targets) {
    return groundTruth(grid(branch), branch, targets);
  }

  private GroundTruth groundTruth(Grid grid, HeadOutput branch, Targets targets) {
    double[] strides = head.strides();
    Tensor feat0 = branch.feats().get(0);
    Tensor gt = targets.padded(branch.scores().size(0), grid.imgsz());
    TensorVector split = gt.split(new long[] {1, 4}, 2);
    Tensor gtLabels = split.get(0);
    Tensor gtBboxes = split.get(1);
    Tensor maskGt =
        gtBboxes
            .sum(new long[] {2}, true, new ScalarTypeOptional())
            .gt(new Scalar(0.0))
            .to(gtBboxes.scalar_type());
    long bound = candidateBound(targets, branch.feats(), strides, feat0.size(2) * strides[0],
        feat0.size(3) * strides[0], assigner.widenedSize());
    return new GroundTruth(grid.key(), gtLabels, gtBboxes, maskGt, bound,
        assigner.candidates(grid.anchorPixels(), gtBboxes, maskGt));
  }

  /** Ground truth laid out for one head; see {@link #groundTruth}. */
  record GroundTruth(String gridKey, Tensor labels, Tensor bboxes, Tensor mask, long candidateBound,
      TaskAlignedAssigner.Candidates candidates) {}

  /**
   * The anchors (grid units and pixels), input size and gains for {@code branch}'s grid. They depend on the feature map
   * sizes, dtypes and device only, so they are kept from the last call (released when the grid changes, as with
   * rect validation batches) instead of being rebuilt, about 40 small launches, for every branch of every step.
   */
  private synchronized Grid grid(HeadOutput branch) {
    List<Tensor> feats = branch.feats();
    Tensor feat0 = feats.get(0);
    Tensor scores = branch.scores();
    StringBuilder key = new StringBuilder(scores.scalar_type().intern() + "/" + feat0.scalar_type().intern() + "@"
        + feat0.device().str().getString());
    for (Tensor f : feats) {
      key.append(' ').append(f.size(2)).append('x').append(f.size(3));
    }
    String k = key.toString();
    if (cachedGrid != null && cachedGrid.key().equals(k)) {
      return cachedGrid;
    }
    if (cachedGrid != null) {
      cachedGrid.release();
    }
    double[] strides = head.strides();
    try (PointerScope scope = new PointerScope()) {
      Anchors anchors = Anchors.of(feats, strides);
      Tensor imgsz = Tensors.constant(scores,
          (float) (feat0.size(2) * strides[0]), (float) (feat0.size(3) * strides[0]));
      Tensor gains = Tensors.constant(scores, (float) hyp.box(), (float) hyp.cls(), (float) hyp.dfl());
      Tensor weights = null;
      if (hyp.classWeights() != null) {
        checkArgument(hyp.classWeights().length == head.nc(), "%s class weights for a head of %s classes",
            hyp.classWeights().length, head.nc());
        float[] w = new float[head.nc()];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) hyp.classWeights()[i];
        }
        weights = Tensors.constant(scores, w).to(torch.ScalarType.Float).view(1, 1, -1);
      }
      cachedGrid = new Grid(k, anchors, anchors.points().mul(anchors.strides()), imgsz, gains, weights);
      cachedGrid.retain();
    }
    return cachedGrid;
  }

  /** {@code gains}: the box, cls and dfl gains in the scores' dtype. */
  private record Grid(String key, Anchors anchors, Tensor anchorPixels, Tensor imgsz, Tensor gains,
      Tensor classWeights) {
    void retain() {
      tensors().forEach(Tensor::retainReference);
    }

    void release() {
      tensors().forEach(Tensor::releaseReference);
    }

    private List<Tensor> tensors() {
      List<Tensor> all = new java.util.ArrayList<>(List.of(anchors.points(), anchors.strides(), anchorPixels, imgsz,
          gains));
      if (classWeights != null) {
        all.add(classWeights);
      }
      return all;
    }
  }


  /**
   * Ultralytics' {@code bbox_decode}: DFL expectation over the bins (or raw ltrb), then distances
   * to xyxy.
   */
  Tensor decode(Tensor anchorPoints, Tensor predDist) {
    Tensor ltrb = predDist;
    int regMax = head.regMax();
    if (regMax > 1) {
      long b = predDist.size(0);
      long a = predDist.size(1);
      Tensor proj = torch.arange(new Scalar(regMax), predDist.options());
      ltrb = predDist.view(b, a, 4, regMax).softmax(3).matmul(proj);
    }
    return Boxes.distToBox(ltrb, anchorPoints);
  }

  /**
   * An upper bound, from the host's targets, on the (box, anchor) pairs whose anchor centre lies inside a box in
   * the assigner's test: each box widened to at least {@code widen} and grown by a pixel, its grid points counted
   * per level. Negative when the targets are not on the host (the assigner then scores every pair).
   */
  static long candidateBound(Targets targets, java.util.List<Tensor> feats, double[] strides, double height,
      double width, double widen) {
    if (!targets.bboxes().device().is_cpu()) {
      return -1;
    }
    long n = targets.count();
    if (n == 0) {
      return 0;
    }
    float[] xywh = Tensors.toFloatArray(targets.bboxes());
    long total = 0;
    for (int i = 0; i < n; i++) {
      double cx = xywh[4 * i] * width;
      double cy = xywh[4 * i + 1] * height;
      double hw = Math.max(xywh[4 * i + 2] * width, widen) / 2 + 1;
      double hh = Math.max(xywh[4 * i + 3] * height, widen) / 2 + 1;
      for (int l = 0; l < feats.size(); l++) {
        total += gridPointsInside(cx - hw, cx + hw, strides[l], feats.get(l).size(3))
            * gridPointsInside(cy - hh, cy + hh, strides[l], feats.get(l).size(2));
      }
    }
    return total;
  }

  /** How many of the centres {@code (i + 0.5) * stride}, {@code 0 <= i < size}, lie in {@code [lo, hi]}. */
  private static long gridPointsInside(double lo, double hi, double stride, long size) {
    long first = Math.max(0, (long) Math.ceil(lo / stride - 0.5));
    long last = Math.min(size - 1, (long) Math.floor(hi / stride - 0.5));
    return Math.max(0, last - first + 1);
  }

  /** The head this loss was built for. */
  public HeadSpec head() {
    return head;
  }

  /** The hyper-parameters in use. */
  public LossHyperParameters hyperParameters() {
    return hyp;
  }

  private static String shape(Tensor t) {
    return Arrays.toString(t.sizes().vec().get());
  }
}
