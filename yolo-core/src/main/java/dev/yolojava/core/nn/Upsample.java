package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** {@code nn.Upsample(None, scale, "nearest")}: nearest-neighbour upsampling by an integer factor. */
public final class Upsample extends Block {
  private final int scale;

  public Upsample(int scale) {
    super("Upsample");
    checkArgument(scale >= 1, "nn.Upsample: scale factor is %s, expected an integer >= 1", scale);
    this.scale = scale;
  }

  @Override
  public String trace(GraphSink g, String x) {
    return g.upsample(x, scale);
  }

  @Override
  public Tensor forward(Tensor x) {
    long[] size = {x.size(2) * scale, x.size(3) * scale};
    return torch.upsample_nearest2d(x, size, new DoubleOptional(scale), new DoubleOptional(scale));
  }
}
