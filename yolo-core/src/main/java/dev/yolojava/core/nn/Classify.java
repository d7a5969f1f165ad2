package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' classification head {@code Classify}: a {@code Conv} to 1280 channels (EfficientNet-B0's width),
 * global average pooling, dropout (p = 0 in every Ultralytics YAML, so not computed) and a {@code Linear} to the
 * classes. {@link #forward} returns logits; the model applies the softmax in eval mode, as the Python head does.
 * State-dict keys: {@code conv.conv.weight}, {@code conv.bn.*}, {@code linear.weight}, {@code linear.bias}.
 */
public final class Classify extends Block {
  /** Ultralytics' {@code c_}: the head's hidden width whatever the backbone. */
  static final int HIDDEN = 1280;

  private final Conv conv;
  private final LinearImpl linear;
  private final int nc;
  private volatile double dropout; // Ultralytics' Dropout p: 0 in the YAMLs, the trainer's dropout= key sets it

  Classify(int c1, int nc, int k, int s, int p, int g) {
    super("Classify");
    checkArgument(nc > 0, "Classify: nc is %s, expected > 0", nc);
    this.nc = nc;
    this.conv = add("conv", new Conv(c1, HIDDEN, k, s, p, g, 1, true));
    this.linear = add("linear", new LinearImpl(HIDDEN, nc));
  }

  /** Number of classes. */
  public int nc() {
    return nc;
  }

  /** Ultralytics' {@code dropout=} for classifiers: the head's Dropout probability, applied in training only. */
  public void setDropout(double p) {
    checkArgument(p >= 0 && p < 1, "dropout is %s, expected 0 <= p < 1", p);
    this.dropout = p;
  }

  public double dropout() {
    return dropout;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor pooled = torch.adaptive_avg_pool2d(conv.forward(x), new long[] {1, 1}).flatten(1, -1);
    if (dropout > 0 && is_training()) {
      pooled = torch.dropout(pooled, dropout, true);
    }
    return linear.forward(pooled);
  }

  /** Several inputs are concatenated along channels first, as the Python head does with a list. */
  @Override
  public Tensor forward(List<Tensor> inputs) {
    if (inputs.size() == 1) {
      return forward(inputs.get(0));
    }
    TensorVector v = new TensorVector(inputs.toArray(new Tensor[0]));
    return forward(torch.cat(v, 1));
  }

  /** Eval-mode graph: the logits' softmax over classes, {@code (B, nc)} (the export output Ultralytics writes). */
  @Override
  public String trace(GraphSink g, List<String> inputs) {
    String x = inputs.size() == 1 ? inputs.get(0) : g.concat(inputs, 1);
    String pooled = g.unary("GlobalAveragePool", conv.trace(g, x)); // (B, 1280, 1, 1)
    String logits;
    try (NoGradGuard ng = new NoGradGuard()) {
      // the Linear as a 1x1 convolution on the pooled map: one op, no Flatten/Gemm pair to keep in step
      Tensor w = linear.weight().view(nc, HIDDEN, 1, 1);
      logits = g.conv(pooled, w, linear.bias(), new long[] {1, 1, 0, 1, 1});
    }
    return g.softmax(g.reshape(logits, new long[] {-1, nc}), 1);
  }

  @Override
  public String trace(GraphSink g, String x) {
    return trace(g, List.of(x));
  }

  @Override
  protected int functionalLeaves() {
    return 2; // nn.AdaptiveAvgPool2d and nn.Dropout
  }
}
