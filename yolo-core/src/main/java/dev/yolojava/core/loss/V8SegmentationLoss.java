package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.runtime.Scopes;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4's {@code v8SegmentationLoss} for YOLOv8/YOLO11 segmentation heads: the detection terms of
 * {@link V8DetectionLoss} and a mask term. For every foreground anchor, the mask its coefficients make with the
 * image's prototypes is compared (binary cross-entropy on logits) with the mask of the object the assigner gave it,
 * inside that object's box only, averaged over the box and divided by the box's normalised area; the sum over
 * anchors is divided by their count and weighted by the box gain.
 *
 * <p>Items: {@code box, seg, cls, dfl, semantic} (the last is YOLO26's and 0 here), as Ultralytics returns them. One
 * rank's loss: normalising across data-parallel ranks comes with segmentation training.
 */
public final class V8SegmentationLoss implements DetectionLoss {
  private final V8DetectionLoss detection;
  private final double boxGain;
  private final boolean overlap;

  /** @param overlap the targets' masks are one map per image ({@code overlap_mask=True}, the default) */
  public V8SegmentationLoss(HeadSpec head, LossHyperParameters hyp, boolean overlap) {
    this.detection = new V8DetectionLoss(head, hyp, 10, 10);
    this.boxGain = hyp.box();
    this.overlap = overlap;
  }

  @Override
  public LossResult compute(DetectOutput preds, Targets targets) {
    HeadOutput branch = preds.oneToMany();
    checkArgument(branch != null && branch.masks() != null && preds.proto() != null,
        "segmentation loss: the predictions have no mask coefficients or prototypes (a detection head?)");
    checkArgument(targets.masks() != null, "segmentation loss: the targets have no masks");
    checkArgument(!preds.endToEnd(), "segmentation loss: end-to-end (YOLO26) segmentation heads need the"
        + " end-to-end loss, which this build does not have yet");
    LossResult r;
    try (PointerScope scope = new PointerScope()) {
      V8DetectionLoss.Terms t = detection.terms(branch, targets, null);
      Tensor seg = maskLoss(t.assignment(), branch.masks(), preds.proto(), targets, t.imgsz())
          .mul(new Scalar(boxGain));
      Tensor det = t.values();
      Tensor terms = torch.stack(new TensorVector(det.get(0), seg, det.get(1), det.get(2),
          torch.zeros_like(seg)));
      Tensor loss = terms.mul(new Scalar(branch.scores().size(0)));
      Tensor items = terms.detach();
      loss.retainReference();
      items.retainReference();
      r = new LossResult(loss, items);
    }
    return new LossResult(Scopes.handOver(r.loss()), Scopes.handOver(r.items()));
  }

  /** Ultralytics' segmentation {@code loss_names}. */
  @Override
  public java.util.List<String> itemNames() {
    return java.util.List.of("box_loss", "seg_loss", "cls_loss", "dfl_loss", "sem_loss");
  }

  /** {@code calculate_segmentation_loss}: the mean over foreground anchors of their box-normalised mask loss. */
  private Tensor maskLoss(Assignment a, Tensor coefficients, Tensor proto, Targets targets, Tensor imgsz) {
    long batch = proto.size(0);
    long mh = proto.size(2);
    long mw = proto.size(3);
    Tensor masks = targets.masks().to(proto.device(), torch.ScalarType.Float);
    if (masks.size(1) != mh || masks.size(2) != mw) { // masks at another ratio: the prototypes follow them
      proto = torch.upsample_bilinear2d(proto, new long[] {masks.size(1), masks.size(2)}, false,
          new org.bytedeco.pytorch.DoubleOptional(), new org.bytedeco.pytorch.DoubleOptional());
      mh = masks.size(1);
      mw = masks.size(2);
    }
    Tensor whwh = torch.stack(new TensorVector(imgsz.get(1), imgsz.get(0), imgsz.get(1), imgsz.get(0)));
    Tensor normalised = a.targetBboxes().div(whwh.to(a.targetBboxes().scalar_type()));
    TensorVector xyxy = normalised.unbind(2);
    Tensor area = xyxy.get(2).sub(xyxy.get(0)).mul(xyxy.get(3).sub(xyxy.get(1)));
    Tensor maskBoxes = normalised.mul(torch.tensor(new float[] {mw, mh, mw, mh}).to(normalised.device(), normalised.scalar_type()));
    Tensor perAnchor = coefficients.permute(0, 2, 1); // (B, A, nm)
    Tensor objectsBefore = null; // non-overlap masks: index of each image's first object in the (n, H, W) stack
    if (!overlap) {
      Tensor counts = torch.bincount(targets.batchIdx().flatten().to(torch.ScalarType.Long), new TensorOptional(),
          batch);
      objectsBefore = counts.cumsum(0).sub(counts);
    }
    Tensor total = proto.sum().mul(new Scalar(0.0)).add(coefficients.sum().mul(new Scalar(0.0)));
    long foreground = 0;
    for (long i = 0; i < batch; i++) {
      Tensor fg = a.fgMask().get(i);
      Tensor idx = fg.nonzero().flatten();
      if (idx.numel() == 0) {
        continue; // Ultralytics adds zero-weighted sums instead, which the start value above already holds
      }
      foreground += idx.numel();
      Tensor object = a.targetGtIdx().get(i).index_select(0, idx);
      Tensor gt;
      if (overlap) {
        gt = masks.get(i).unsqueeze(0).eq(object.add(new Scalar(1)).view(-1, 1, 1).to(masks.scalar_type()))
            .to(torch.ScalarType.Float);
      } else {
        gt = masks.index_select(0, object.add(objectsBefore.get(i)));
      }
      Tensor pred = torch.einsum("in,nhw->ihw", new TensorVector(perAnchor.get(i).index_select(0, idx),
          proto.get(i)));
      Tensor bce = torch.binary_cross_entropy_with_logits(pred, gt, new TensorOptional(), new TensorOptional(), 0);
      Tensor inBox = dev.yolojava.core.ops.MaskOps.crop(bce, maskBoxes.get(i).index_select(0, idx)).mean(new long[] {1, 2}, false,
          new org.bytedeco.pytorch.ScalarTypeOptional());
      total = total.add(inBox.div(area.get(i).index_select(0, idx)).sum());
    }
    return foreground == 0 ? total : total.div(new Scalar((double) foreground));
  }

  @Override
  public void updateEpoch() {
    detection.updateEpoch();
  }
}
