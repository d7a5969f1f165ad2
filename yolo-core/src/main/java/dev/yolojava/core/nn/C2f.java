package dev.yolojava.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics {@code C2f} (CSP bottleneck with two convolutions) and its subclass {@code C3k2}: {@code cv1}
 * splits into two halves of width {@code c = int(c2 * e)}, each of the {@code n} blocks in {@code m} refines the
 * last chunk, and {@code cv2} fuses all {@code 2 + n} chunks.
 */
public final class C2f extends Block {
  private final int hidden;
  private final Conv cv1;
  private final Conv cv2;
  private final List<Block> blocks = new ArrayList<>();

  private C2f(String type, int c1, int c2, int n, double e, IntFunction<Block> inner) {
    super(type);
    hidden = (int) (c2 * e);
    cv1 = add("cv1", new Conv(c1, 2 * hidden, 1, 1));
    cv2 = add("cv2", new Conv((2 + n) * hidden, c2, 1, 1));
    Sequential m = add("m", new Sequential("ModuleList"));
    for (int i = 0; i < n; i++) {
      blocks.add(m.append(inner.apply(hidden)));
    }
  }

  /** {@code C2f(c1, c2, n, shortcut, g, e)}: plain 3x3 bottlenecks with e = 1. */
  public static C2f c2f(int c1, int c2, int n, boolean shortcut, int g, double e) {
    return new C2f("C2f", c1, c2, n, e, c -> new Bottleneck(c, c, shortcut, g, 3, 3, 1.0));
  }

  /**
   * {@code C3k2(c1, c2, n, c3k, e, attn, g, shortcut)}: each inner block is a {@link C3k} (when {@code c3k}), a
   * bottleneck followed by a {@link PsaBlock} (when {@code attn}, YOLO26's last stage), or a plain bottleneck.
   */
  public static C2f c3k2(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut) {
    return new C2f(
        "C3k2",
        c1,
        c2,
        n,
        e,
        c -> {
          if (attn) {
            Sequential s = new Sequential("Sequential");
            s.append(new Bottleneck(c, c, shortcut, g));
            s.append(new PsaBlock(c, 0.5, Math.max(c / 64, 1), true));
            return s;
          }
          return c3k ? new C3k(c, c, 2, shortcut, g, 0.5, 3) : new Bottleneck(c, c, shortcut, g);
        });
  }

  @Override
  public String trace(GraphSink g, String x) {
    List<String> ys = new ArrayList<>(g.split(cv1.trace(g, x), new long[] {hidden, hidden}, 1));
    for (Block b : blocks) {
      ys.add(b.trace(g, ys.get(ys.size() - 1)));
    }
    return cv2.trace(g, g.concat(ys, 1));
  }

  @Override
  public Tensor forward(Tensor x) {
    TensorVector chunks = cv1.forward(x).chunk(2, 1);
    List<Tensor> ys = new ArrayList<>(List.of(chunks.get(0), chunks.get(1)));
    for (Block b : blocks) {
      ys.add(b.forward(ys.get(ys.size() - 1)));
    }
    return cv2.forward(torch.cat(new TensorVector(ys.toArray(new Tensor[0])), 1));
  }
}
