package dev.yolojava.core.engine;

import dev.yolojava.cuda.Device;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * What predict and val need from a model: a batch of letterboxed images in, raw detections out. The eager
 * {@link YoloModel} is one implementation; exported runtimes (ONNX Runtime, TensorRT) are others, so the same
 * pre- and post-processing serves all of them.
 */
public interface InferenceBackend {
  /**
   * Runs inference on {@code images}: {@code [B, 3, H, W]} RGB in {@code [0, 1]}, already on {@link #device()} in
   * fp16 when {@link #isHalf()}, else fp32. Returns {@code [B, 4 + nc, N]} (boxes xywh then class scores, for NMS)
   * or, when {@link #endToEnd()}, {@code [B, maxDet, 6]} rows {@code x1 y1 x2 y2 conf cls}; in input pixels.
   */
  Tensor forward(Tensor images);

  /** Where inputs must be; the backend's outputs live there too. */
  Device device();

  /** Whether inputs are fp16. */
  boolean isHalf();

  /** True for YOLO26-style one-to-one heads whose output needs no NMS. */
  boolean endToEnd();

  /** The letterbox alignment (largest stride, at least 32). */
  int maxStride();

  /** Class names, index = class id. */
  List<String> names();

  /**
   * A fixed input size {@code [h, w]} the backend was built for (static exports), or {@code null} when any
   * stride-aligned size works.
   */
  default int[] fixedImgsz() {
    return null;
  }

  /**
   * A pose model's {@code [keypoints, dims]}: {@link #forward}'s rows then carry each anchor's decoded keypoints after
   * the class scores ({@code [B, 4 + nc + k * d, N]}; end-to-end: after {@code cls}); null for other models.
   */
  default int[] keypointShape() {
    return null;
  }

  /**
   * Whether this is a segmentation model: {@link #forwardSegment} then gives its predictions (each row's mask
   * coefficients after the class scores) and its prototypes.
   */
  default boolean segments() {
    return false;
  }

  /**
   * A segmentation model's {@code {predictions, prototypes}}: {@link #forward}'s layout with each anchor's mask
   * coefficients appended, and {@code [B, nm, H/4, W/4]} prototypes, both on {@link #device()}.
   */
  default Tensor[] forwardSegment(Tensor images) {
    throw new UnsupportedOperationException("this model is not a segmentation model");
  }

  /** The batch size a static export was built for, or 0 when any batch size works. */
  default int fixedBatch() {
    return 0;
  }
}
