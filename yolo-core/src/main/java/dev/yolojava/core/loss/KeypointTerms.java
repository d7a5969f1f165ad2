package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.core.ops.Tensors;
import java.util.Arrays;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The keypoint terms Ultralytics' {@code v8PoseLoss} and {@code PoseLoss26} share: each foreground anchor's
 * predicted keypoints against those of the object the assigner gave it, all in grid units of the anchor's level.
 * {@code pose} is {@code KeypointLoss}, one minus an OKS-like similarity per labelled keypoint (per-keypoint sigmas,
 * the box area as scale), scaled up for objects with few labelled keypoints; {@code kobj} is the BCE of the
 * visibility logits against "labelled".
 */
final class KeypointTerms {
  /** Ultralytics' {@code OKS_SIGMA}: COCO's 17 person keypoints. */
  static final float[] OKS_SIGMA = {
    0.026f, 0.025f, 0.025f, 0.035f, 0.035f, 0.079f, 0.079f, 0.072f, 0.072f, 0.062f, 0.062f, 0.107f, 0.107f, 0.087f,
    0.087f, 0.089f, 0.089f
  };

  private final int nkpt;
  private final int ndim;
  private final float[] sigmas;

  /** @param kptShape the head's {@code [nkpt, ndim]} */
  KeypointTerms(int[] kptShape) {
    checkArgument(kptShape != null && kptShape.length == 2 && kptShape[0] >= 1
        && (kptShape[1] == 2 || kptShape[1] == 3),
        "kpt_shape is %s, expected [keypoints, 2 or 3]", Arrays.toString(kptShape));
    this.nkpt = kptShape[0];
    this.ndim = kptShape[1];
    this.sigmas = coco() ? OKS_SIGMA.clone() : uniform(nkpt, 1f / nkpt);
  }

  /** COCO's person keypoints ({@code kpt_shape == [17, 3]}), for which Ultralytics uses per-keypoint weights. */
  boolean coco() {
    return nkpt == 17 && ndim == 3;
  }

  int nkpt() {
    return nkpt;
  }

  static float[] uniform(int n, float value) {
    float[] v = new float[n];
    Arrays.fill(v, value);
    return v;
  }

  /**
   * The foreground anchors' keypoints, in grid units of each anchor's level.
   *
   * @param pred {@code (N, nkpt, ndim)} decoded predictions (x, y and the raw visibility logit)
   * @param sigmas {@code (N, nkpt, 2)} raw spreads of a YOLO26 head in training, else null
   * @param gt {@code (N, nkpt, ndim)} the assigned objects' keypoints
   * @param labelled {@code (N, nkpt)} bool: the keypoint is labelled (visibility != 0; all for {@code ndim == 2})
   * @param area {@code (N, 1)} the assigned box's area
   */
  record Foreground(Tensor pred, Tensor sigmas, Tensor gt, Tensor labelled, Tensor area) {}

  /**
   * Selects the foreground anchors of an assignment (batch-major, as Ultralytics' boolean masks), or null when there
   * are none.
   *
   * @param yolo26 decode as {@code Pose26} ({@code raw + anchor}) instead of {@code Pose} ({@code 2 raw + anchor -
   *     0.5})
   */
  Foreground foreground(Assignment a, Anchors anchors, Targets targets, Tensor imgsz, HeadOutput branch,
      boolean yolo26) {
    Tensor raw = branch.keypoints();
    checkArgument(raw != null && raw.dim() == 3 && raw.size(1) == (long) nkpt * ndim,
        "head outputs keypoints %s, expected (B, %s, A) for kpt_shape [%s, %s]",
        raw == null ? "none" : Arrays.toString(Tensors.shape(raw)), nkpt * ndim, nkpt, ndim);
    checkArgument(targets.keypoints() != null, "pose loss: the targets have no keypoints");
    checkArgument(targets.keypoints().size(1) == nkpt && targets.keypoints().size(2) == ndim,
        "target keypoints have shape %s, expected (n, %s, %s) as the head's kpt_shape",
        Arrays.toString(Tensors.shape(targets.keypoints())), nkpt, ndim);
    Tensor fg = a.fgMask().flatten().nonzero().flatten();
    if (fg.numel() == 0) {
      return null;
    }
    long batch = raw.size(0);
    long count = raw.size(2);
    Tensor anchor = fg.remainder(new Scalar(count));
    Tensor image = fg.floor_divide(new Scalar(count));
    Tensor stride = anchors.strides().index_select(0, anchor).view(-1, 1, 1); // (N, 1, 1)

    Tensor padded = targets.paddedKeypoints(batch, imgsz.to(raw.scalar_type())); // (B, M, nkpt, ndim) pixels
    long perImage = padded.size(1);
    Tensor object = image.mul(new Scalar(perImage)).add(a.targetGtIdx().flatten().index_select(0, fg));
    Tensor gt = padded.view(-1, nkpt, ndim).index_select(0, object);
    Tensor scale = torch.cat(new TensorVector(stride.expand(-1, nkpt, 2),
        torch.ones(new long[] {fg.numel(), nkpt, ndim - 2}, gt.options())), 2);
    gt = gt.div(scale);

    Tensor box = a.targetBboxes().view(-1, 4).index_select(0, fg).div(stride.view(-1, 1));
    Tensor area = box.narrow(1, 2, 1).sub(box.narrow(1, 0, 1)).mul(box.narrow(1, 3, 1).sub(box.narrow(1, 1, 1)));

    Tensor pred = raw.permute(0, 2, 1).reshape(batch * count, nkpt, ndim).index_select(0, fg);
    Tensor xy = pred.narrow(2, 0, 2);
    Tensor offset = anchors.points().index_select(0, anchor).view(-1, 1, 2);
    xy = yolo26 ? xy.add(offset) : xy.mul(new Scalar(2.0)).add(offset.sub(new Scalar(0.5)));
    pred = ndim == 3 ? torch.cat(new TensorVector(xy, pred.narrow(2, 2, 1)), 2) : xy;

    Tensor spreads = null;
    if (branch.keypointSigmas() != null) {
      spreads = branch.keypointSigmas().permute(0, 2, 1).reshape(batch * count, nkpt, 2).index_select(0, fg);
    }
    Tensor labelled = ndim == 3 ? gt.select(2, 2).ne(new Scalar(0.0))
        : torch.ones(new long[] {fg.numel(), nkpt}, gt.options()).to(torch.ScalarType.Bool);
    return new Foreground(pred, spreads, gt, labelled, area);
  }

  /** {@code KeypointLoss}: the mean over (anchor, keypoint) of {@code 1 - exp(-e)} on labelled keypoints. */
  Tensor location(Foreground k) {
    Tensor d = k.pred().select(2, 0).sub(k.gt().select(2, 0)).pow(new Scalar(2))
        .add(k.pred().select(2, 1).sub(k.gt().select(2, 1)).pow(new Scalar(2)));
    Tensor labelled = k.labelled().to(d.scalar_type());
    Tensor factor = labelled.sum(new long[] {1}, false, new ScalarTypeOptional()).add(new Scalar(1e-9))
        .reciprocal().mul(new Scalar((double) nkpt));
    // cocoeval's scale: (2 sigma)^2 * area * 2
    Tensor s = Tensors.constant(d, sigmas).mul(new Scalar(2.0)).pow(new Scalar(2));
    Tensor e = d.div(s.mul(k.area().add(new Scalar(1e-9))).mul(new Scalar(2.0)));
    return factor.view(-1, 1).mul(e.neg().exp().neg().add(new Scalar(1.0)).mul(labelled)).mean();
  }

  /** The visibility BCE (mean over anchors and keypoints); zero for heads without visibility. */
  Tensor visibility(Foreground k) {
    if (ndim != 3) {
      return k.pred().sum().mul(new Scalar(0.0));
    }
    Tensor logits = k.pred().select(2, 2);
    return torch.binary_cross_entropy_with_logits(logits, k.labelled().to(logits.scalar_type()),
        new TensorOptional(), new TensorOptional(), 1);
  }
}
