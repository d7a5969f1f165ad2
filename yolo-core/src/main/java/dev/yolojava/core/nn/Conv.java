package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.math.IntMath;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics {@code Conv}: Conv2d without bias, BatchNorm2d (eps 1e-3, momentum 0.03 as Ultralytics'
 * {@code initialize_weights} sets them) and SiLU (or no activation). Children: {@code conv}, {@code bn}.
 * {@link #depthwise} builds {@code DWConv} (groups = gcd(c1, c2)).
 */
public final class Conv extends Block {
  static final double BN_EPS = 1e-3;
  static final double BN_MOMENTUM = 0.03;

  private final int c1;
  private final int c2;
  private final boolean act;
  private final long[] geometry; // kernel, stride, padding, groups, dilation
  private Conv2dImpl conv;
  private BatchNorm2dImpl bn;
  private BatchNormSync sync; // data-parallel training with SyncBatchNorm, else null
  // Ultralytics' initialize_weights sets 1e-3 / 0.03 on detection models; classifiers keep torch's 1e-5 / 0.1
  private double bnEps = BN_EPS;
  private double bnMomentum = BN_MOMENTUM;

  /**
   * @param k square kernel size
   * @param s stride
   * @param p padding, or -1 for Ultralytics' {@code autopad} ("same" for odd kernels, accounting for dilation)
   * @param g groups
   * @param d dilation
   * @param act SiLU when true, identity otherwise
   */
  public Conv(int c1, int c2, int k, int s, int p, int g, int d, boolean act) {
    this("Conv", c1, c2, k, s, p, g, d, act);
  }

  /** {@code Conv(c1, c2, k, s)} with auto padding, one group and SiLU. */
  public Conv(int c1, int c2, int k, int s) {
    this(c1, c2, k, s, -1, 1, 1, true);
  }

  private Conv(String type, int c1, int c2, int k, int s, int p, int g, int d, boolean act) {
    super(type);
    checkArgument(c1 > 0 && c2 > 0, "%s: channels are %s -> %s, expected > 0", type, c1, c2);
    checkArgument(k > 0 && s > 0 && d > 0, "%s: kernel %s, stride %s, dilation %s must be > 0", type, k, s, d);
    checkArgument(
        g > 0 && c1 % g == 0 && c2 % g == 0, "%s: groups %s must divide channels %s and %s", type, g, c1, c2);
    this.c1 = c1;
    this.c2 = c2;
    this.act = act;
    this.geometry = new long[] {k, s, p >= 0 ? p : autopad(k, d), g, d};
    conv = add("conv", newConv2d(false));
    BatchNormOptions bo = new BatchNormOptions(c2);
    bo.eps().put(BN_EPS);
    bo.momentum().put(BN_MOMENTUM);
    bn = add("bn", new BatchNorm2dImpl(bo));
  }

  /**
   * Gives the BatchNorm PyTorch's own eps 1e-5 and momentum 0.1, as in Ultralytics' classification models (which,
   * unlike its detection models, never call {@code initialize_weights}).
   */
  void useTorchBatchNormDefaults() {
    bnEps = 1e-5;
    bnMomentum = 0.1;
    if (bn != null) {
      bn.options().eps().put(bnEps);
      bn.options().momentum().put(bnMomentum);
    }
  }

  /** Ultralytics {@code DWConv}: a Conv with {@code groups = gcd(c1, c2)}. */
  public static Conv depthwise(int c1, int c2, int k, int s, int d, boolean act) {
    return new Conv("DWConv", c1, c2, k, s, -1, IntMath.gcd(c1, c2), d, act);
  }

  private Conv2dImpl newConv2d(boolean bias) {
    long k = geometry[0];
    long s = geometry[1];
    long pad = geometry[2];
    long d = geometry[4];
    Conv2dOptions o = new Conv2dOptions(c1, c2, new LongPointer(k, k));
    o.stride().put(new long[] {s, s});
    o.padding().put(new LongPointer(pad, pad));
    o.dilation().put(new long[] {d, d});
    o.groups().put(geometry[3]);
    o.bias().put(bias);
    return new Conv2dImpl(o);
  }

  static int autopad(int k, int d) {
    int effective = d > 1 ? d * (k - 1) + 1 : k;
    return effective / 2;
  }

  /** Input channels. */
  public int inChannels() {
    return c1;
  }

  /** Output channels. */
  public int outChannels() {
    return c2;
  }

  /** Whether the SiLU activation is applied. */
  public boolean hasActivation() {
    return act;
  }

  /** True once the BatchNorm has been folded into the convolution. */
  public boolean isFused() {
    return bn == null;
  }

  @Override
  public void syncBatchNorm(BatchNormSync sync) {
    this.sync = sync;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = conv.forward(x);
    if (bn != null && sync != null && is_training()) {
      y = sync.forward(y, bn.weight(), bn.bias(), bn.running_mean(), bn.running_var(), bnEps, bnMomentum);
    } else if (bn != null) {
      y = bn.forward(y);
    }
    return act ? torch.silu(y) : y;
  }

  /**
   * Folds the BatchNorm (running statistics) into the convolution weight and a new bias, as Ultralytics'
   * {@code fuse_conv_and_bn} does; the fused parameters do not require gradients.
   */
  @Override
  public void fuse() {
    if (bn == null) {
      return;
    }
    Conv2dImpl fused = newConv2d(true);
    Tensor w = conv.weight();
    fused.to(w.device(), w.scalar_type(), false);
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor std = bn.running_var().add(new Scalar(bnEps)).sqrt();
      Tensor scale = bn.weight().div(std);
      fused.weight().copy_(w.mul(scale.view(-1, 1, 1, 1)));
      fused.bias().copy_(bn.bias().sub(bn.weight().mul(bn.running_mean()).div(std)));
    }
    fused.weight().requires_grad_(false);
    fused.bias().requires_grad_(false);
    unregister_module("conv");
    unregister_module("bn");
    dropRawChild();
    dropRawChild();
    conv = add("conv", fused);
    bn = null;
  }

  @Override
  public String trace(GraphSink g, String x) {
    String y;
    if (bn == null) {
      y = g.conv(x, conv.weight(), conv.bias(), geometry);
    } else {
      try (NoGradGuard ng = new NoGradGuard()) {
        // the same folding as fuse(), without changing the model
        Tensor std = bn.running_var().add(new Scalar(bnEps)).sqrt();
        Tensor scale = bn.weight().div(std);
        Tensor w = conv.weight().mul(scale.view(-1, 1, 1, 1));
        Tensor b = bn.bias().sub(bn.weight().mul(bn.running_mean()).div(std));
        y = g.conv(x, w, b, geometry);
      }
    }
    return act ? g.silu(y) : y;
  }

  /** A plain {@code Conv2d} child (the 1x1, stride-1, ungrouped head output layers). */
  static String traceConv2d(GraphSink g, String x, Conv2dImpl c) {
    Tensor w = c.weight();
    checkArgument(w.size(2) == 1 && w.size(3) == 1, "plain Conv2d export supports 1x1 kernels, got %sx%s", w.size(2), w.size(3));
    Tensor bias = c.bias().defined() ? c.bias() : null;
    return g.conv(x, w, bias, new long[] {1, 1, 0, 1, 1});
  }

  @Override
  public boolean usesSilu() {
    return act;
  }

  @Override
  protected int functionalLeaves() {
    return act ? 0 : 1; // nn.Identity; SiLU is one shared instance, counted by the model
  }
}
