package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4's {@code Pose} and {@code Pose26} heads: the {@link Detect} head plus, per level, a keypoint branch.
 * {@code Pose}: {@code cv4.i} = two 3x3 Convs and a 1x1 Conv2d to {@code nkpt * ndim}. {@code Pose26}: {@code cv4.i}
 * = two 3x3 Convs, then {@code cv4_kpts.i} (1x1 to the keypoints) and, for training only, {@code cv4_sigma.i} (1x1
 * to two spreads per keypoint), and a {@link RealNvp} {@code flow_model} for its residual log-likelihood loss.
 * End-to-end heads add copies ({@code one2one_cv4}, ...).
 *
 * <p>Keypoints decode to input pixels: {@code Pose} as {@code (2 * raw + anchor - 0.5) * stride}, {@code Pose26} as
 * {@code (raw + anchor) * stride}, the visibility ({@code ndim == 3}) as a sigmoid. Eval output:
 * {@code (B, 4 + nc + nkpt * ndim, A)} or, end-to-end, {@code (B, 300, 6 + nkpt * ndim)}.
 */
public final class Pose extends Detect {
  private final int nkpt;
  private final int ndim;
  private final boolean yolo26;
  private Sequential cv4;
  private final Sequential o2oCv4;
  private Sequential cv4Kpts;
  private final Sequential o2oCv4Kpts;
  private Sequential cv4Sigma;
  private Sequential o2oCv4Sigma;
  private RealNvp flow;

  /** @param kptShape {@code [nkpt, ndim]}: keypoints per object and 2 (x, y) or 3 (x, y, visibility) values each */
  public Pose(int nc, int[] kptShape, int regMax, boolean endToEnd, boolean legacy, int[] ch, boolean yolo26) {
    super(yolo26 ? "Pose26" : "Pose", nc, regMax, endToEnd, legacy, ch);
    checkArgument(kptShape.length == 2 && kptShape[0] >= 1 && (kptShape[1] == 2 || kptShape[1] == 3),
        "%s: kpt_shape is %s, expected [keypoints, 2 or 3]", type(), java.util.Arrays.toString(kptShape));
    this.nkpt = kptShape[0];
    this.ndim = kptShape[1];
    this.yolo26 = yolo26;
    int nk = nkpt * ndim;
    // torch's generator draws in Python's order. Pose26.__init__ first runs Pose's, whose cv4 (with its 1x1 to the
    // keypoints) it then replaces: build that one too, so that the flow model and the new branches draw what they
    // draw in Python (the replaced branch itself is dropped), in the slot order Python's attributes keep
    int c4 = Math.max(ch[0] / 4, nk);
    Sequential first = branches(ch, c4, nk);
    Sequential firstCopy = hasOneToOne() && !yolo26 ? copyOf(first, () -> branches(ch, c4, nk)) : null;
    if (!yolo26) {
      cv4 = add("cv4", first);
      o2oCv4 = firstCopy == null ? null : add("one2one_cv4", firstCopy);
      cv4Kpts = o2oCv4Kpts = null;
      return;
    }
    RealNvp flowModel = new RealNvp();
    int c4b = Math.max(ch[0] / 4, nkpt * (ndim + 2));
    Sequential trunk = branches(ch, c4b, 0);
    Sequential kpts = conv1x1s(ch.length, c4b, nk);
    Sequential sigma = conv1x1s(ch.length, c4b, nkpt * 2);
    cv4 = add("cv4", trunk);
    o2oCv4 = hasOneToOne() ? add("one2one_cv4", copyOf(trunk, () -> branches(ch, c4b, 0))) : null;
    flow = add("flow_model", flowModel);
    cv4Kpts = add("cv4_kpts", kpts);
    cv4Sigma = add("cv4_sigma", sigma);
    o2oCv4Kpts = hasOneToOne() ? add("one2one_cv4_kpts", copyOf(kpts, () -> conv1x1s(ch.length, c4b, nk))) : null;
    o2oCv4Sigma =
        hasOneToOne() ? add("one2one_cv4_sigma", copyOf(sigma, () -> conv1x1s(ch.length, c4b, nkpt * 2))) : null;
  }

  /** Per level two 3x3 Convs and, when {@code out > 0}, a 1x1 Conv2d to {@code out} channels. */
  private static Sequential branches(int[] ch, int c4, int out) {
    Sequential list = new Sequential("ModuleList");
    for (int x : ch) {
      Sequential s = list.append(new Sequential("Sequential"));
      s.append(new Conv(x, c4, 3, 1));
      s.append(new Conv(c4, c4, 3, 1));
      if (out > 0) {
        s.append(new Conv2dImpl(new Conv2dOptions(c4, out, new LongPointer(1L, 1L))));
      }
    }
    return list;
  }

  private static Sequential conv1x1s(int levels, int c4, int out) {
    Sequential list = new Sequential("ModuleList");
    for (int i = 0; i < levels; i++) {
      list.append(new Conv2dImpl(new Conv2dOptions(c4, out, new LongPointer(1L, 1L))));
    }
    return list;
  }

  /** {@code [nkpt, ndim]}. */
  public int[] kptShape() {
    return new int[] {nkpt, ndim};
  }

  /** The flow model of the YOLO26 head's RLE loss; null for YOLOv8 heads and after {@link #fuse()}. */
  public RealNvp flowModel() {
    return flow;
  }

  /** The YOLO26 head (keypoints decoded without the 2x scale; residual log-likelihood loss). */
  public boolean yolo26() {
    return yolo26;
  }

  @Override
  protected HeadOutput branch(List<Tensor> feats, boolean oneToOne) {
    HeadOutput h = super.branch(feats, oneToOne);
    Sequential trunk = oneToOne ? o2oCv4 : cv4;
    long bs = feats.get(0).size(0);
    // spreads only in training, as Ultralytics: they feed the RLE loss alone, and fuse() drops their branches
    Sequential sigmaHead = yolo26 && is_training() ? (oneToOne ? o2oCv4Sigma : cv4Sigma) : null;
    Tensor[] kpts = new Tensor[feats.size()];
    Tensor[] sigmas = sigmaHead == null ? null : new Tensor[feats.size()];
    for (int i = 0; i < kpts.length; i++) {
      Tensor f = ((Sequential) trunk.get(i)).forward(feats.get(i));
      if (sigmas != null) {
        sigmas[i] = ((Conv2dImpl) sigmaHead.get(i)).forward(f).view(bs, nkpt * 2L, -1);
      }
      if (yolo26) {
        f = ((Conv2dImpl) (oneToOne ? o2oCv4Kpts : cv4Kpts).get(i)).forward(f);
      }
      kpts[i] = f.view(bs, (long) nkpt * ndim, -1);
    }
    return h.withKeypoints(torch.cat(new TensorVector(kpts), 2),
        sigmas == null ? null : torch.cat(new TensorVector(sigmas), 2));
  }

  @Override
  protected Tensor withExtras(Tensor decoded, DetectOutput raw) {
    HeadOutput h = raw.inferenceBranch();
    return torch.cat(new TensorVector(decoded, decodeKeypoints(h.keypoints(), h.feats())), 1);
  }

  /** Raw {@code (B, nkpt * ndim, A)} keypoints to input pixels (and visibility probabilities), same shape. */
  Tensor decodeKeypoints(Tensor raw, List<Tensor> feats) {
    Tensor[] grid = BoxDecoder.anchors(feats, strides()); // (2, A) in grid units, (1, A)
    long bs = raw.size(0);
    Tensor y = raw.view(bs, nkpt, ndim, -1);
    Tensor xy = y.narrow(2, 0, 2);
    Tensor offset = yolo26 ? grid[0] : grid[0].sub(new Scalar(0.5));
    Tensor a = (yolo26 ? xy : xy.mul(new Scalar(2.0))).add(offset).mul(grid[1]);
    if (ndim == 3) {
      a = torch.cat(new TensorVector(a, y.narrow(2, 2, 1).sigmoid()), 2);
    }
    return a.view(bs, (long) nkpt * ndim, -1);
  }

  /** The inference branch's keypoints decoded as {@link #decodeKeypoints} does, in the traced graph. */
  @Override
  protected String traceExtras(GraphSink g, List<String> feats, String[] grid) {
    boolean o2o = endToEnd(); // the branch Detect's trace takes
    Sequential trunk = o2o ? o2oCv4 : cv4;
    List<String> raw = new java.util.ArrayList<>();
    for (int i = 0; i < feats.size(); i++) {
      String f = ((Sequential) trunk.get(i)).trace(g, feats.get(i));
      if (yolo26) {
        f = Conv.traceConv2d(g, f, (Conv2dImpl) (o2o ? o2oCv4Kpts : cv4Kpts).get(i));
      }
      raw.add(g.reshape(f, new long[] {0, (long) nkpt * ndim, -1}));
    }
    String y = g.reshape(g.concat(raw, 2), new long[] {0, nkpt, ndim, -1});
    List<String> parts = ndim == 3 ? g.split(y, new long[] {2, 1}, 2) : List.of(y);
    String xy = yolo26 ? parts.get(0) : g.binary("Mul", parts.get(0), g.scalar(2.0));
    String offset = yolo26 ? grid[0] : g.binary("Sub", grid[0], g.scalar(0.5));
    String a = g.binary("Mul", g.binary("Add", xy, offset), grid[1]);
    if (ndim == 3) {
      a = g.concat(List.of(a, g.unary("Sigmoid", parts.get(1))), 2);
    }
    return g.reshape(a, new long[] {0, (long) nkpt * ndim, -1});
  }

  @Override
  protected int extraRows() {
    return nkpt * ndim;
  }

  /**
   * Ultralytics' {@code Pose.fuse()}, called for end-to-end heads only: drops the one-to-many branches and, for
   * YOLO26, the training-only spreads and flow model.
   */
  @Override
  public void fuse() {
    boolean dropsOneToMany = endToEnd() && cv4 != null;
    super.fuse();
    if (!dropsOneToMany) {
      return;
    }
    removeBlock("cv4", cv4);
    cv4 = null;
    if (yolo26) {
      removeBlock("cv4_kpts", cv4Kpts);
      removeBlock("cv4_sigma", cv4Sigma);
      removeBlock("flow_model", flow);
      removeBlock("one2one_cv4_sigma", o2oCv4Sigma);
      cv4Kpts = cv4Sigma = o2oCv4Sigma = null;
      flow = null;
    }
  }

  @Override
  protected int functionalLeaves() {
    return super.functionalLeaves() + (hasOneToOne() ? 1 : 0); // the deep-copied cv4's own SiLU
  }
}
