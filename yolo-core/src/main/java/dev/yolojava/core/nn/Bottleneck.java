package dev.yolojava.core.nn;

import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics {@code Bottleneck}: {@code cv1} (k1) then {@code cv2} (k2, groups g) with hidden width
 * {@code int(c2 * e)}, plus a residual when {@code shortcut} and {@code c1 == c2}.
 */
public final class Bottleneck extends Block {
  private final Conv cv1;
  private final Conv cv2;
  private final boolean residual;

  public Bottleneck(int c1, int c2, boolean shortcut, int g, int k1, int k2, double e) {
    super("Bottleneck");
    int hidden = (int) (c2 * e);
    cv1 = add("cv1", new Conv(c1, hidden, k1, 1));
    cv2 = add("cv2", new Conv(hidden, c2, k2, 1, -1, g, 1, true));
    residual = shortcut && c1 == c2;
  }

  /** Ultralytics' defaults: 3x3 kernels, e = 0.5. */
  public Bottleneck(int c1, int c2, boolean shortcut, int g) {
    this(c1, c2, shortcut, g, 3, 3, 0.5);
  }

  @Override
  public String trace(GraphSink g, String x) {
    String y = cv2.trace(g, cv1.trace(g, x));
    return residual ? g.binary("Add", x, y) : y;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = cv2.forward(cv1.forward(x));
    return residual ? x.add(y) : y;
  }
}
