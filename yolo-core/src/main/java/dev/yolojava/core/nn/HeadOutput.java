package dev.yolojava.core.nn;

import dev.yolojava.runtime.Scopes;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Raw output of one detection branch, as Ultralytics 8.4's {@code Detect.forward_head} returns it and
 * {@code v8DetectionLoss} consumes it (before any decoding or sigmoid).
 *
 * @param boxes {@code (B, 4 * reg_max, A)} box logits (DFL bins; or ltrb distances in grid units when reg_max = 1)
 * @param scores {@code (B, nc, A)} class logits
 * @param feats the {@code nl} input feature maps {@code (B, C_i, H_i, W_i)}; anchors and strides follow from
 *     their sizes ({@code A = sum H_i * W_i}, levels in order P3, P4, P5)
 * @param masks {@code (B, nm, A)} mask coefficients of a segmentation head ({@code mask_coefficient}), else null
 * @param keypoints {@code (B, nkpt * ndim, A)} raw keypoint outputs of a pose head ({@code kpts}: per keypoint x, y
 *     offsets and, when {@code ndim == 3}, a visibility logit), else null
 * @param keypointSigmas {@code (B, nkpt * 2, A)} raw x, y spreads per keypoint of a YOLO26 pose head in training
 *     ({@code kpts_sigma}, logits of the residual scale the RLE loss reads), else null
 */
public record HeadOutput(Tensor boxes, Tensor scores, List<Tensor> feats, Tensor masks, Tensor keypoints,
    Tensor keypointSigmas) {
  public HeadOutput {
    feats = List.copyOf(feats);
  }

  /** A detection branch's output (no mask coefficients). */
  public HeadOutput(Tensor boxes, Tensor scores, List<Tensor> feats) {
    this(boxes, scores, feats, null, null, null);
  }

  /** This output with a segmentation head's mask coefficients. */
  public HeadOutput withMasks(Tensor maskCoefficients) {
    return new HeadOutput(boxes, scores, feats, maskCoefficients, keypoints, keypointSigmas);
  }

  /** This output with a pose head's raw keypoints and (YOLO26 in training; else null) their raw spreads. */
  public HeadOutput withKeypoints(Tensor rawKeypoints, Tensor rawSigmas) {
    return new HeadOutput(boxes, scores, feats, masks, rawKeypoints, rawSigmas);
  }

  void retain() {
    boxes.retainReference();
    scores.retainReference();
    feats.forEach(Tensor::retainReference);
    if (masks != null) {
      masks.retainReference();
    }
    if (keypoints != null) {
      keypoints.retainReference();
    }
    if (keypointSigmas != null) {
      keypointSigmas.retainReference();
    }
  }

  void handOver() {
    Scopes.handOver(boxes);
    Scopes.handOver(scores);
    feats.forEach(Scopes::handOver);
    if (masks != null) {
      Scopes.handOver(masks);
    }
    if (keypoints != null) {
      Scopes.handOver(keypoints);
    }
    if (keypointSigmas != null) {
      Scopes.handOver(keypointSigmas);
    }
  }
}
