package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Single and multi-step updates against hand-computed values (SGD, Adam, AdamW, RMSprop, MuSGD) and against a NumPy
 * float32 re-implementation of PyTorch's single-tensor NAdam, RAdam and Adamax (expected values printed by it).
 */
class OptimizerStepTest {
  private static final float TOL = 1e-6f;

  private static TrainOptimizer one(OptimizerType type, Tensor p, double lr, double momentum, double wd) {
    return Optimizers.create(type, List.of(Toy.group(ParamRole.WEIGHT, "w", p, lr, momentum, wd)));
  }

  @Test
  void sgdNesterovTwoStepsWithWarmupStyleChanges() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f, 2f, -1f);
      try (TrainOptimizer opt = one(OptimizerType.SGD, p, 0.1, 0.9, 0.01)) {
        Toy.setGrad(p, 0.5f, -1f, 2f);
        opt.step(); // g' = g + 0.01 p; p -= 0.1 * 1.9 g'
        assertThat(Toy.floats(p)).containsExactly(new float[] {0.9031f, 2.1862f, -1.3781f}, within(TOL));
        opt.groups().get(0).setLr(0.05);
        opt.groups().get(0).setMomentum(0.5);
        Toy.setGrad(p, 1f, 1f, 1f);
        opt.step(); // buf = 0.5 buf + g'; p -= 0.05 (g' + 0.5 buf)
        assertThat(Toy.floats(p))
            .containsExactly(new float[] {0.821047675f, 2.12181035f, -1.476941425f}, within(TOL));
      }
    }
  }

  @Test
  void adamWDecaysDecoupledAndAdamCoupled() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f, 2f, -1f);
      try (TrainOptimizer opt = one(OptimizerType.ADAMW, p, 0.01, 0.9, 0.1)) {
        Toy.setGrad(p, 0.5f, -1f, 2f);
        opt.step(); // p *= 1 - 0.001; bias-corrected first step moves by lr * sign(g)
        assertThat(Toy.floats(p)).containsExactly(new float[] {0.989f, 2.008f, -1.009f}, within(TOL));
      }
      Tensor q = Toy.param(1f, 2f, -1f);
      try (TrainOptimizer opt = one(OptimizerType.ADAM, q, 0.01, 0.9, 0.1)) {
        Toy.setGrad(q, 0.5f, -1f, 2f);
        opt.step(); // g' = g + 0.1 p = [0.6, -0.8, 1.9]
        assertThat(Toy.floats(q)).containsExactly(new float[] {0.99f, 2.01f, -1.01f}, within(TOL));
      }
    }
  }

  @Test
  void rmspropFollowsGroupMomentum() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f, 2f, -1f);
      try (TrainOptimizer opt = one(OptimizerType.RMSPROP, p, 0.01, 0.9, 0)) {
        Toy.setGrad(p, 0.5f, -1f, 2f);
        opt.step(); // sq = 0.01 g^2, buf = g / (0.1 |g|) = 10 sign(g)
        assertThat(Toy.floats(p)).containsExactly(new float[] {0.9f, 2.1f, -1.1f}, within(TOL));
        opt.groups().get(0).setMomentum(0.5);
        opt.step(); // sq = 0.0199 g^2, buf = (5 + 1 / sqrt(0.0199)) sign(g)
        float d = (float) (0.01 * (5 + 1 / Math.sqrt(0.0199)));
        assertThat(Toy.floats(p)).containsExactly(new float[] {0.9f - d, 2.1f + d, -1.1f - d}, within(TOL));
      }
    }
  }

  /** Steps with gradient {@code w + p} (a quadratic bowl), as the NumPy reference does. */
  private static float[] bowl(OptimizerType type, int steps) {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(0.5f, -1.5f, 2.0f, 0.25f);
      Tensor w = Toy.param(1f, -2f, 0.5f, 3f).detach();
      try (TrainOptimizer opt = one(type, p, 0.01, 0.9, 0.01)) {
        for (int i = 0; i < steps; i++) {
          p.mutable_grad().put(w.add(p.detach()));
          opt.step();
        }
      }
      return Toy.floats(p);
    }
  }

  @Test
  void nadamMatchesReference() {
    assertThat(bowl(OptimizerType.NADAM, 1))
        .containsExactly(new float[] {0.48943549f, -1.48943543f, 1.98943543f, 0.23943548f}, within(TOL));
    assertThat(bowl(OptimizerType.NADAM, 8))
        .containsExactly(new float[] {0.43634805f, -1.43609226f, 1.93616760f, 0.18610752f}, within(TOL));
  }

  @Test
  void radamMatchesReferenceBeforeAndAfterRectification() {
    // rho_t passes 5 at step 6: steps 1-5 are plain momentum, 6-8 rectified
    assertThat(bowl(OptimizerType.RADAM, 5))
        .containsExactly(new float[] {0.42557338f, -1.32617307f, 1.87537873f, 0.08915445f}, within(TOL));
    assertThat(bowl(OptimizerType.RADAM, 8))
        .containsExactly(new float[] {0.42460424f, -1.32520390f, 1.87440956f, 0.08818530f}, within(TOL));
  }

  @Test
  void adamaxMatchesReference() {
    assertThat(bowl(OptimizerType.ADAMAX, 3))
        .containsExactly(new float[] {0.47007722f, -1.47001588f, 1.97003400f, 0.22001959f}, within(TOL));
  }

  @Test
  void muSgdAddsOrthogonalisedMuonStepToSgdStep() {
    try (PointerScope scope = new PointerScope()) {
      float[] w0 = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.25f, 0.05f, 0.6f, -0.1f, 0.2f, 0.35f, -0.3f};
      float[] g0 = {1f, -0.5f, 0.25f, 2f, 0.1f, -1f, 0.6f, 0.3f, -0.7f, 1.5f, -0.2f, 0.4f};
      Tensor w = Toy.param(w0, 3, 4);
      Tensor b = Toy.param(0.1f, -0.2f, 0.3f);
      ParamGroup muon =
          new ParamGroup(ParamRole.MUON, List.of(new NamedParam("w", w, ParamRole.MUON)), 0.1, 0.9, 0.01, true, true);
      ParamGroup bias = Toy.group(ParamRole.BIAS, "b", b, 0.1, 0.9, 0);
      try (TrainOptimizer opt = Optimizers.create(OptimizerType.MUSGD, List.of(muon, bias))) {
        Toy.setGrad(w, g0);
        Toy.setGrad(b, 1f, -1f, 0.5f);
        opt.step();
        // bias: SGD with Nesterov momentum, first step p -= lr * 1.9 g
        assertThat(Toy.floats(b)).containsExactly(new float[] {-0.09f, -0.01f, 0.205f}, within(TOL));
        // weights: Muon on the Nesterov blend 0.19 g (rows < cols: no extra scale), then SGD with decay on the result
        Tensor g = Toy.param(g0, 3, 4).detach();
        Tensor ortho = NewtonSchulz.orthogonalize(g.mul(new Scalar(0.19))).to(org.bytedeco.pytorch.global.torch.ScalarType.Float);
        Tensor w1 = Toy.param(w0, 3, 4).detach().sub(ortho.mul(new Scalar(0.1 * 0.2)));
        Tensor gr = g.add(w1.mul(new Scalar(0.01)));
        Tensor expected = w1.sub(gr.mul(new Scalar(0.1 * 1.9)));
        assertThat(Toy.floats(w)).containsExactly(Toy.floats(expected), within(1e-4f));
        float[] sgdOnly = Toy.floats(Toy.param(w0, 3, 4).detach().sub(g.add(Toy.param(w0, 3, 4).detach().mul(new Scalar(0.01))).mul(new Scalar(0.19))));
        assertThat(maxAbsDiff(Toy.floats(w), sgdOnly)).isGreaterThan(5e-3f); // the Muon part moved it
        try (OptimizerState st = opt.exportState()) {
          assertThat(st.params().get("w")).containsOnlyKeys("momentum_buffer", "momentum_buffer_SGD");
          assertThat(Toy.floats(st.params().get("w").get("momentum_buffer")))
              .containsExactly(Toy.floats(g.mul(new Scalar(0.1))), within(TOL));
          assertThat(st.params().get("b")).containsOnlyKeys("momentum_buffer");
        }
      }
    }
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void parametersWithoutGradientsAreSkippedAndZeroGradDropsGradients() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f, 2f);
      try (TrainOptimizer opt = one(OptimizerType.NADAM, p, 0.1, 0.9, 0.0)) {
        opt.step();
        assertThat(Toy.floats(p)).containsExactly(1f, 2f);
        Toy.setGrad(p, 1f, 1f);
        opt.zeroGrad();
        assertThat(p.grad().defined()).isFalse();
      }
    }
  }
}
