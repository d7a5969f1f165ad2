package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class NewtonSchulzTest {

  /** {@code U diag(s) V^T} with orthonormal U, V from QR of seeded random matrices. */
  private static Tensor withSingularValues(long rows, long cols, float[] s) {
    torch.manual_seed(7);
    long k = Math.min(rows, cols);
    Tensor u = torch.linalg_qr(torch.randn(rows, k)).get0();
    Tensor v = torch.linalg_qr(torch.randn(cols, k)).get0();
    Tensor diag = torch.diag(Toy.param(s).detach());
    return u.matmul(diag).matmul(v.t());
  }

  private static float[] spread(int n) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) (0.05 * Math.pow(100, i / (n - 1.0))); // 0.05 .. 5: condition number 100
    }
    return s;
  }

  private static void assertNearOne(Tensor singularValues) {
    for (float v : Toy.floats(singularValues)) {
      assertThat(v).isBetween(0.6f, 1.3f);
    }
  }

  @Test
  void wideMatrixBecomesNearlyOrthogonal() {
    try (PointerScope scope = new PointerScope()) {
      Tensor g = withSingularValues(16, 32, spread(16));
      float[] before = Toy.floats(torch.linalg_svdvals(g));
      assertThat(before[0] / before[15]).isGreaterThan(99f);
      Tensor x = NewtonSchulz.orthogonalize(g);
      assertThat(x.scalar_type().value).isEqualTo(torch.ScalarType.BFloat16.value);
      assertThat(x.size(0)).isEqualTo(16);
      assertThat(x.size(1)).isEqualTo(32);
      // every singular value lands near 1 (Muon's quintic aims at roughly [0.7, 1.2], not exactly 1)
      assertNearOne(torch.linalg_svdvals(x.to(torch.ScalarType.Float)));
    }
  }

  @Test
  void tallMatrixIsTransposedAroundTheIteration() {
    try (PointerScope scope = new PointerScope()) {
      Tensor g = withSingularValues(24, 8, spread(8));
      Tensor x = NewtonSchulz.orthogonalize(g);
      assertThat(x.size(0)).isEqualTo(24);
      assertThat(x.size(1)).isEqualTo(8);
      Tensor xf = x.to(torch.ScalarType.Float);
      assertNearOne(torch.linalg_svdvals(xf));
      // same left/right singular directions: X^T G is symmetric positive definite when X ~ U V^T
      Tensor m = xf.t().matmul(g);
      assertThat(Toy.floats(m.sub(m.t()).abs().max())[0]).isLessThan(0.05f * Toy.floats(m.abs().max())[0]);
    }
  }

  @Test
  void rejectsNonMatrices() {
    try (PointerScope scope = new PointerScope()) {
      assertThatThrownBy(() -> NewtonSchulz.orthogonalize(Toy.param(1f, 2f)))
          .hasMessage("Newton-Schulz needs a matrix, got a 1-D tensor");
    }
  }
}
