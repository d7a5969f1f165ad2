package dev.yolojava.core.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics {@code C3k}: a C3 block (two 1x1 branches {@code cv1}/{@code cv2}, {@code n} k x k bottlenecks in
 * {@code m} on the first, fused by {@code cv3}); used inside {@code C3k2} when {@code c3k} is set.
 */
public final class C3k extends Block {
  private final Conv cv1;
  private final Conv cv2;
  private final Conv cv3;
  private final Sequential m;

  public C3k(int c1, int c2, int n, boolean shortcut, int g, double e, int k) {
    super("C3k");
    int hidden = (int) (c2 * e);
    cv1 = add("cv1", new Conv(c1, hidden, 1, 1));
    cv2 = add("cv2", new Conv(c1, hidden, 1, 1));
    cv3 = add("cv3", new Conv(2 * hidden, c2, 1, 1));
    m = add("m", new Sequential("Sequential"));
    for (int i = 0; i < n; i++) {
      m.append(new Bottleneck(hidden, hidden, shortcut, g, k, k, 1.0));
    }
  }

  @Override
  public String trace(GraphSink g, String x) {
    return cv3.trace(g, g.concat(java.util.List.of(m.trace(g, cv1.trace(g, x)), cv2.trace(g, x)), 1));
  }

  @Override
  public Tensor forward(Tensor x) {
    return cv3.forward(torch.cat(new TensorVector(m.forward(cv1.forward(x)), cv2.forward(x)), 1));
  }
}
