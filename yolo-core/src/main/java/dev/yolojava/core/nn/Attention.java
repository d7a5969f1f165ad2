package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Ultralytics {@code Attention(dim, num_heads, attn_ratio)}: multi-head self-attention over the H x W positions
 * with one 1x1 {@code qkv} convolution, a 3x3 depthwise positional encoding {@code pe} on the values, and a 1x1
 * {@code proj}; none of the three has an activation.
 */
public final class Attention extends Block {
  private final int heads;
  private final int headDim;
  private final int keyDim;
  private final double scale;
  private final Conv qkv;
  private final Conv proj;
  private final Conv pe;

  public Attention(int dim, int numHeads, double attnRatio) {
    super("Attention");
    checkArgument(
        numHeads >= 1 && dim % numHeads == 0,
        "Attention: %s heads must be >= 1 and divide the %s channels",
        numHeads,
        dim);
    heads = numHeads;
    headDim = dim / numHeads;
    keyDim = (int) (headDim * attnRatio);
    checkArgument(keyDim >= 1, "Attention: key dim is %s (head dim %s x %s), expected >= 1", keyDim, headDim, attnRatio);
    scale = Math.pow(keyDim, -0.5);
    int h = dim + 2 * keyDim * numHeads;
    qkv = add("qkv", new Conv(dim, h, 1, 1, -1, 1, 1, false));
    proj = add("proj", new Conv(dim, dim, 1, 1, -1, 1, 1, false));
    pe = add("pe", new Conv(dim, dim, 3, 1, -1, dim, 1, false));
  }

  @Override
  public String trace(GraphSink g, String x) {
    String parts = g.reshape(qkv.trace(g, x), new long[] {0, heads, 2L * keyDim + headDim, -1});
    java.util.List<String> qkvParts = g.split(parts, new long[] {keyDim, keyDim, headDim}, 2);
    String q = g.binary("Mul", qkvParts.get(0), g.scalar(scale));
    String attn = g.softmax(g.binary("MatMul", g.transpose(q, new long[] {0, 1, 3, 2}), qkvParts.get(1)), -1);
    String v = qkvParts.get(2);
    String y = g.reshapeLike(g.binary("MatMul", v, g.transpose(attn, new long[] {0, 1, 3, 2})), x);
    y = g.binary("Add", y, pe.trace(g, g.reshapeLike(v, x)));
    return proj.trace(g, y);
  }

  @Override
  public Tensor forward(Tensor x) {
    long b = x.size(0);
    long c = x.size(1);
    long hgt = x.size(2);
    long wid = x.size(3);
    long n = hgt * wid;
    TensorVector qkvParts =
        qkv.forward(x).view(b, heads, 2L * keyDim + headDim, n).split(new long[] {keyDim, keyDim, headDim}, 2);
    Tensor q = qkvParts.get(0);
    Tensor k = qkvParts.get(1);
    Tensor v = qkvParts.get(2);
    Tensor attn = q.mul(new Scalar(scale)).transpose(-2, -1).matmul(k).softmax(-1);
    Tensor y = v.matmul(attn.transpose(-2, -1)).view(b, c, hgt, wid).add(pe.forward(v.reshape(b, c, hgt, wid)));
    return proj.forward(y);
  }
}
