package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics {@code SPPF(c1, c2, k, n, shortcut)}: {@code cv1} (1x1 to {@code c1 / 2}, no activation), {@code n}
 * chained k x k stride-1 max-pools, {@code cv2} over the {@code n + 1} concatenated maps, and a residual when
 * {@code shortcut} and {@code c1 == c2} (YOLO26 uses {@code [1024, 5, 3, True]}).
 */
public final class Sppf extends Block {
  private final Conv cv1;
  private final Conv cv2;
  private final int k;
  private final int n;
  private final boolean residual;

  public Sppf(int c1, int c2, int k, int n, boolean shortcut) {
    super("SPPF");
    checkArgument(k > 0 && k % 2 == 1, "SPPF: pool kernel is %s, expected an odd size", k);
    checkArgument(n >= 1, "SPPF: pool count n is %s, expected >= 1", n);
    int hidden = c1 / 2;
    cv1 = add("cv1", new Conv(c1, hidden, 1, 1, -1, 1, 1, false));
    cv2 = add("cv2", new Conv(hidden * (n + 1), c2, 1, 1));
    this.k = k;
    this.n = n;
    this.residual = shortcut && c1 == c2;
  }

  @Override
  public String trace(GraphSink g, String x) {
    java.util.List<String> ys = new java.util.ArrayList<>();
    ys.add(cv1.trace(g, x));
    for (int i = 1; i <= n; i++) {
      ys.add(g.maxPool(ys.get(i - 1), k, 1, k / 2));
    }
    String y = cv2.trace(g, g.concat(ys, 1));
    return residual ? g.binary("Add", y, x) : y;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor[] ys = new Tensor[n + 1];
    ys[0] = cv1.forward(x);
    long[] kernel = {k, k};
    long[] stride = {1, 1};
    long[] pad = {k / 2, k / 2};
    long[] dilation = {1, 1};
    for (int i = 1; i <= n; i++) {
      ys[i] = torch.max_pool2d(ys[i - 1], kernel, stride, pad, dilation, false);
    }
    Tensor y = cv2.forward(torch.cat(new TensorVector(ys), 1));
    return residual ? y.add(x) : y;
  }

  @Override
  protected int functionalLeaves() {
    return 1; // nn.MaxPool2d
  }
}
