package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics {@code C2PSA(c1, c2, n, e)}: {@code cv1} splits into two halves of {@code int(c1 * e)} channels,
 * {@code n} {@link PsaBlock}s (heads = channels / 64) refine the second, {@code cv2} fuses both. Requires
 * {@code c1 == c2}.
 */
public final class C2Psa extends Block {
  private final int hidden;
  private final Conv cv1;
  private final Conv cv2;
  private final Sequential m;

  public C2Psa(int c1, int c2, int n, double e) {
    super("C2PSA");
    checkArgument(c1 == c2, "C2PSA: input channels %s must equal output channels %s", c1, c2);
    hidden = (int) (c1 * e);
    checkArgument(
        hidden >= 64, "C2PSA: hidden width is %s, expected >= 64 (one attention head per 64 channels)", hidden);
    cv1 = add("cv1", new Conv(c1, 2 * hidden, 1, 1));
    cv2 = add("cv2", new Conv(2 * hidden, c1, 1, 1));
    m = add("m", new Sequential("Sequential"));
    for (int i = 0; i < n; i++) {
      m.append(new PsaBlock(hidden, 0.5, hidden / 64, true));
    }
  }

  @Override
  public String trace(GraphSink g, String x) {
    java.util.List<String> ab = g.split(cv1.trace(g, x), new long[] {hidden, hidden}, 1);
    return cv2.trace(g, g.concat(java.util.List.of(ab.get(0), m.trace(g, ab.get(1))), 1));
  }

  @Override
  public Tensor forward(Tensor x) {
    TensorVector ab = cv1.forward(x).split(new long[] {hidden, hidden}, 1);
    return cv2.forward(torch.cat(new TensorVector(ab.get(0), m.forward(ab.get(1))), 1));
  }
}
