package dev.yolojava.core.engine;

import dev.yolojava.cuda.Device;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * What classification predict and val need of a model: the eager {@link Classifier} or an exported one (ONNX Runtime).
 */
public interface ClassifyBackend {
  /** Class names by id. */
  List<String> names();

  /** The image size to predict at when none is given (the size the model was trained or exported at). */
  int imgsz();

  Device device();

  boolean isHalf();

  /** Class probabilities {@code (B, nc)} in fp32 for a batch on {@link #device()}, in the caller's scope. */
  Tensor probs(Tensor input);

  /** Logits {@code (B, nc)} in fp32 where the model has them (the eager one), else null (the loss then uses probs). */
  default Tensor logits(Tensor input) {
    return null;
  }
}
