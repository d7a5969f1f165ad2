package dev.yolojava.core.nn;

import org.bytedeco.pytorch.Tensor;

/**
 * Raw detection-head outputs used for the training loss. For YOLOv8/YOLO11 only {@link #oneToMany()} is set (the
 * dict {@code {boxes, scores, feats}} that {@code v8DetectionLoss} takes). For end-to-end heads (YOLO26) both are
 * set, like Ultralytics' {@code {"one2many": ..., "one2one": ...}} consumed by {@code E2ELoss}; the one-to-one
 * branch runs on detached features so its loss does not reach the backbone.
 *
 * @param oneToMany the one-to-many branch ({@code cv2}/{@code cv3}); null only for an end-to-end model after
 *     {@link DetectionModel#fuse()}, which removes that branch
 * @param oneToOne the one-to-one branch ({@code one2one_cv2}/{@code one2one_cv3}), or null if not end-to-end
 * @param proto {@code (B, nm, H/4, W/4)} mask prototypes of a segmentation head (shared by both branches; the
 *     one-to-one loss reads them detached, as Ultralytics does), else null
 * @param semantic {@code (B, nc, H/8, W/8)} semantic logits of YOLO26's prototype module in training, else null
 */
public record DetectOutput(HeadOutput oneToMany, HeadOutput oneToOne, Tensor proto, Tensor semantic) {
  /** A detection head's output (no prototypes). */
  public DetectOutput(HeadOutput oneToMany, HeadOutput oneToOne) {
    this(oneToMany, oneToOne, null, null);
  }

  /** True when the one-to-one (end-to-end) branch is present. */
  public boolean endToEnd() {
    return oneToOne != null;
  }

  /** The branch used for inference: one-to-one for end-to-end heads, else one-to-many. */
  public HeadOutput inferenceBranch() {
    return oneToOne != null ? oneToOne : oneToMany;
  }
}
