package dev.yolojava.core.nn;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics {@code DFL} (distribution focal loss integral): turns {@code reg_max} logits per box side into the
 * expected distance with a fixed 1x1 convolution whose weights are {@code 0, 1, ..., reg_max - 1} and never train.
 */
public final class Dfl extends Block {
  private final int bins;
  private final Conv2dImpl conv;

  public Dfl(int bins) {
    super("DFL");
    this.bins = bins;
    Conv2dOptions o = new Conv2dOptions(bins, 1, new LongPointer(1L, 1L));
    o.bias().put(false);
    conv = add("conv", new Conv2dImpl(o));
    try (NoGradGuard g = new NoGradGuard()) {
      conv.weight().copy_(torch.arange(new Scalar(bins)).view(1, bins, 1, 1));
    }
    conv.weight().requires_grad_(false);
  }

  @Override
  public String trace(GraphSink g, String x) {
    String p = g.softmax(g.transpose(g.reshape(x, new long[] {0, 4, bins, -1}), new long[] {0, 2, 1, 3}), 1);
    return g.reshape(g.conv(p, conv.weight(), null, new long[] {1, 1, 0, 1, 1}), new long[] {0, 4, -1});
  }

  /** {@code (B, 4 * bins, A)} logits to {@code (B, 4, A)} distances in grid units. */
  @Override
  public Tensor forward(Tensor x) {
    long b = x.size(0);
    long a = x.size(2);
    return conv.forward(x.view(b, 4, bins, a).transpose(2, 1).softmax(1)).view(b, 4, a);
  }
}
