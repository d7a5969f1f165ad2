package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' {@code RealNVP} of the YOLO26 pose head ({@code flow_model}): six coupling layers over a keypoint's 2-D
 * residual, each with a scale net {@code s.i} (Linear 2-64, SiLU, Linear 64-64, SiLU, Linear 64-2, Tanh) and a
 * translation net {@code t.i} (the same without the Tanh), and the buffers {@code loc}, {@code cov} (a standard
 * normal prior) and {@code mask} (alternating {@code [0, 1]} / {@code [1, 0]}). It only shapes the training loss
 * (residual log-likelihood, through {@link #logProb}); inference never runs it and {@link Pose#fuse()} drops it.
 * Built here so that pose checkpoints load whole and fresh models draw Python's initial weights.
 */
public final class RealNvp extends Block {
  private static final int COUPLINGS = 6;
  private final Sequential scale;
  private final Sequential shift;

  RealNvp() {
    super("RealNVP");
    register_buffer("loc", torch.zeros(2));
    register_buffer("cov", torch.eye(2));
    float[] alternating = new float[COUPLINGS * 2];
    for (int i = 0; i < COUPLINGS; i++) {
      alternating[2 * i + (i % 2 == 0 ? 1 : 0)] = 1f;
    }
    register_buffer("mask", torch.tensor(alternating).view(COUPLINGS, 2).clone());
    Sequential s = new Sequential("ModuleList");
    for (int i = 0; i < COUPLINGS; i++) {
      s.append(new Mlp(true));
    }
    Sequential t = new Sequential("ModuleList");
    for (int i = 0; i < COUPLINGS; i++) {
      t.append(new Mlp(false));
    }
    this.scale = add("s", s);
    this.shift = add("t", t);
    // Ultralytics' init_weights: every Linear weight re-drawn Xavier-uniform with gain 0.01, in module order
    try (NoGradGuard g = new NoGradGuard()) {
      for (Sequential list : new Sequential[] {s, t}) {
        for (int i = 0; i < COUPLINGS; i++) {
          ((Mlp) list.get(i)).xavier(0.01);
        }
      }
    }
  }

  /** As Python's module, which has no forward: the loss calls {@link #logProb}. */
  @Override
  public Tensor forward(Tensor x) {
    throw new UnsupportedOperationException("RealNVP has no forward pass; the RLE loss calls logProb(residuals)");
  }

  /**
   * Ultralytics' {@code RealNVP.log_prob}: the log-density of {@code (N, 2)} residuals under the flow, i.e. the
   * prior's log-density of their image through the inverse couplings (last to first) plus that map's log
   * Jacobian determinant. {@code (N)}.
   */
  public Tensor logProb(Tensor x) {
    checkArgument(x.dim() == 2 && x.size(1) == 2, "RealNVP.logProb: residuals have shape %s, expected (N, 2)",
        java.util.Arrays.toString(x.sizes().vec().get()));
    Tensor mask = buffer("mask").to(x.scalar_type());
    Tensor z = x;
    Tensor logDet = torch.zeros(new long[] {x.size(0)}, x.options());
    for (int i = COUPLINGS - 1; i >= 0; i--) {
      Tensor keep = mask.get(i);
      Tensor free = keep.neg().add(new Scalar(1.0));
      Tensor fixed = z.mul(keep);
      Tensor s = ((Mlp) scale.get(i)).forward(fixed).mul(free);
      Tensor t = ((Mlp) shift.get(i)).forward(fixed).mul(free);
      z = free.mul(z.sub(t)).mul(s.neg().exp()).add(fixed);
      logDet = logDet.sub(s.sum(new long[] {1}, false, new ScalarTypeOptional()));
    }
    return priorLogProb(z).add(logDet);
  }

  /** The log-density of the prior, a normal with mean {@code loc} and covariance {@code cov}, at each row of z. */
  private Tensor priorLogProb(Tensor z) {
    Tensor loc = buffer("loc").to(z.scalar_type());
    Tensor chol = torch.linalg_cholesky(buffer("cov").to(z.scalar_type()));
    // squared Mahalanobis distance through the Cholesky factor, as torch.distributions does
    Tensor white = torch.linalg_solve_triangular(chol, z.sub(loc).t(), false, true, false);
    Tensor mahalanobis = white.pow(new Scalar(2)).sum(new long[] {0}, false, new ScalarTypeOptional());
    Tensor halfLogDet = chol.diagonal(0, 0, 1).log().sum();
    double log2Pi = Math.log(2 * Math.PI);
    return mahalanobis.add(new Scalar(2 * log2Pi)).mul(new Scalar(-0.5)).sub(halfLogDet);
  }

  /** A buffer of this module by name (an owning handle: the dict's reference may be freed with it). */
  private Tensor buffer(String name) {
    StringTensorDict dict = named_buffers(false);
    for (long i = 0; i < dict.size(); i++) {
      if (dict.get(i).key().getString().equals(name)) {
        return new Tensor(dict.get(i).value());
      }
    }
    throw new IllegalStateException("RealNVP has no buffer '" + name + "'");
  }

  /** One coupling net: Linear(2, 64), SiLU, Linear(64, 64), SiLU, Linear(64, 2) and, for a scale net, Tanh. */
  private static final class Mlp extends Block {
    private final LinearImpl[] linears = new LinearImpl[3];
    private final boolean tanh;

    Mlp(boolean tanh) {
      super("Sequential");
      this.tanh = tanh;
      linears[0] = add("0", new LinearImpl(2, 64));
      linears[1] = add("2", new LinearImpl(64, 64));
      linears[2] = add("4", new LinearImpl(64, 2));
    }

    void xavier(double gain) {
      for (LinearImpl l : linears) {
        torch.xavier_uniform_(l.weight(), gain);
      }
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor y = linears[2].forward(torch.silu(linears[1].forward(torch.silu(linears[0].forward(x)))));
      return tanh ? y.tanh() : y;
    }

    @Override
    protected int functionalLeaves() {
      return tanh ? 3 : 2; // the SiLUs (one instance each) and the Tanh
    }
  }
}
