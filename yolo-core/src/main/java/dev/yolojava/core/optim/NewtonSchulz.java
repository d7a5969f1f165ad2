package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Muon's quintic Newton–Schulz iteration (Ultralytics' {@code zeropower_via_newtonschulz5}): five steps with fixed
 * coefficients in bfloat16, mapping a matrix {@code G = U S V^T} to roughly {@code U S' V^T} with {@code S'} in about
 * [0.5, 1.5] — an approximate orthogonalisation, not an exact one.
 */
public final class NewtonSchulz {
  static final double A = 3.4445;
  static final double B = -4.7750;
  static final double C = 2.0315;
  static final int STEPS = 5;
  static final double EPS = 1e-7;

  private NewtonSchulz() {}

  /** The orthogonalised bfloat16 matrix, shaped like {@code g} (2-D). */
  public static Tensor orthogonalize(Tensor g) {
    checkArgument(g.dim() == 2, "Newton-Schulz needs a matrix, got a %s-D tensor", g.dim());
    Tensor x = g.to(torch.ScalarType.BFloat16);
    x = x.div(x.norm().add(new Scalar(EPS))); // top singular value <= 1
    boolean tall = g.size(0) > g.size(1);
    if (tall) {
      x = x.t(); // iterate on the smaller Gram matrix
    }
    for (int i = 0; i < STEPS; i++) {
      Tensor a = x.matmul(x.t());
      // Python's `b * A + c * A @ A` multiplies by c before the matmul (same precedence, left to right)
      Tensor b = a.mul(new Scalar(B)).add(a.mul(new Scalar(C)).matmul(a));
      x = x.mul(new Scalar(A)).add(b.matmul(x));
    }
    return tall ? x.t() : x;
  }
}
