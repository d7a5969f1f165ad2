package dev.yolojava.core.export;

import java.util.List;

/**
 * What an exported model (ONNX, TensorRT) says about itself: its metadata and, when the input has fixed H and W,
 * that size. Each runtime parses its own metadata format into this.
 *
 * @param names class names, by id
 * @param stride the model's stride from the metadata
 * @param endToEnd whether the model outputs final detections ({@code end2end})
 * @param fixedImgsz the input's fixed {@code [h, w]}, or null when it is dynamic
 */
public record ExportedModelInfo(List<String> names, int stride, boolean endToEnd, int[] fixedImgsz) {
  /** Builds the info from an input shape's H and W, where a non-positive dimension means dynamic. */
  public static ExportedModelInfo of(List<String> names, int stride, boolean endToEnd, long inputH, long inputW) {
    int[] fixed = inputH > 0 && inputW > 0 ? new int[] {(int) inputH, (int) inputW} : null;
    return new ExportedModelInfo(names, stride, endToEnd, fixed);
  }

  /** The stride letterboxing must honour: at least 32, like the PyTorch models. */
  public int maxStride() {
    return Math.max(32, stride);
  }

  /** A copy of the fixed {@code [h, w]}, so callers cannot change it; null when dynamic. */
  @Override
  public int[] fixedImgsz() {
    return fixedImgsz == null ? null : fixedImgsz.clone();
  }
}
