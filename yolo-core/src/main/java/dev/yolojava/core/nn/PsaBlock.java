package dev.yolojava.core.nn;

import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics {@code PSABlock(c, attn_ratio, num_heads, shortcut)}: {@link Attention} then a two-layer 1x1
 * feed-forward {@code ffn} (expand x2 with SiLU, project back without), each with a residual when {@code shortcut}.
 */
public final class PsaBlock extends Block {
  private final Attention attn;
  private final Sequential ffn;
  private final boolean residual;

  public PsaBlock(int c, double attnRatio, int numHeads, boolean shortcut) {
    super("PSABlock");
    attn = add("attn", new Attention(c, numHeads, attnRatio));
    ffn = add("ffn", new Sequential("Sequential"));
    ffn.append(new Conv(c, 2 * c, 1, 1));
    ffn.append(new Conv(2 * c, c, 1, 1, -1, 1, 1, false));
    residual = shortcut;
  }

  @Override
  public String trace(GraphSink g, String x) {
    String a = attn.trace(g, x);
    String y = residual ? g.binary("Add", x, a) : a;
    String f = ffn.trace(g, y);
    return residual ? g.binary("Add", y, f) : f;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = residual ? x.add(attn.forward(x)) : attn.forward(x);
    return residual ? y.add(ffn.forward(y)) : ffn.forward(y);
  }
}
