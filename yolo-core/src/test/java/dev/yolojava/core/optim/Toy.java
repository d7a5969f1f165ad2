package dev.yolojava.core.optim;

import dev.yolojava.core.ops.Tensors;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Tiny parameters and groups for optimizer tests. */
final class Toy {
  private Toy() {}

  static Tensor param(float... values) {
    return Tensors.fromFloats(values, values.length).requires_grad_(true);
  }

  static Tensor param(float[] values, long... shape) {
    return Tensors.fromFloats(values, shape).requires_grad_(true);
  }

  static void setGrad(Tensor p, float... g) {
    p.mutable_grad().put(Tensors.fromFloats(g, Tensors.shape(p)));
  }

  static float[] floats(Tensor t) {
    Tensor c = t.detach().to(torch.ScalarType.Float).contiguous();
    float[] out = new float[(int) c.numel()];
    c.data_ptr_float().get(out);
    return out;
  }

  static ParamGroup group(ParamRole role, String key, Tensor p, double lr, double momentum, double wd) {
    return new ParamGroup(role, List.of(new NamedParam(key, p, role)), lr, momentum, wd, true, false);
  }
}
