package dev.yolojava.core.engine;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.HeadOutput;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** Casts mixed-precision head outputs for an fp32 loss. */
final class LossInputs {
  private LossInputs() {}

  /**
   * The head's box and score logits (and a task head's mask coefficients, keypoints and spreads) in fp32. The feature maps only give the loss their grid sizes (and dtype, for
   * the anchors), so they are replaced by empty fp32 tensors of the same spatial shape instead of being copied.
   */
  static DetectOutput toFloat(DetectOutput out) {
    return new DetectOutput(toFloat(out.oneToMany()), toFloat(out.oneToOne()), toFloat(out.proto()),
        toFloat(out.semantic()));
  }

  private static HeadOutput toFloat(HeadOutput h) {
    if (h == null) {
      return null;
    }
    List<Tensor> shapes = new ArrayList<>(h.feats().size());
    for (Tensor f : h.feats()) {
      shapes.add(torch.empty(new long[] {1, 1, f.size(2), f.size(3)},
          new TensorOptions().dtype(new org.bytedeco.pytorch.ScalarTypeOptional(torch.ScalarType.Float))
              .device(new org.bytedeco.pytorch.DeviceOptional(f.device())), null));
    }
    return new HeadOutput(h.boxes().to(torch.ScalarType.Float), h.scores().to(torch.ScalarType.Float), shapes,
        toFloat(h.masks()), toFloat(h.keypoints()), toFloat(h.keypointSigmas()));
  }

  private static Tensor toFloat(Tensor t) {
    return t == null ? null : t.to(torch.ScalarType.Float);
  }
}
