package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Adam's betas are a {@code std::tuple<double, double>}, which libstdc++ lays out last element first: a two-step
 * update (where beta1 and beta2 matter, unlike the first step) pins the order.
 */
class AdamBetasTest {
  @Test
  void defaultsReadBackInTupleOrder() {
    AdamWOptions o = new AdamWOptions(0.1);
    assertThat(AdamBetas.beta1(o.betas())).isEqualTo(0.9);
    assertThat(AdamBetas.beta2(o.betas())).isEqualTo(0.999);
  }

  @Test
  void twoAdamWStepsMatchHandComputation() {
    Tensor p = torch.ones(1).requires_grad_(true);
    ParamGroup g = new ParamGroup(ParamRole.WEIGHT, List.of(new NamedParam("w", p, ParamRole.WEIGHT)), 0.1, 0.5, 0.0,
        false, false);
    try (TrainOptimizer opt = Optimizers.create(OptimizerType.ADAMW, List.of(g))) {
      double[] grads = {1.0, -3.0};
      for (double gr : grads) {
        opt.zeroGrad();
        p.mul(new org.bytedeco.pytorch.Scalar(gr)).sum().backward(); // d/dp = gr
        opt.step();
      }
    }
    // beta1 0.5, beta2 0.999, eps 1e-8, lr 0.1
    double m1 = 0.5 * 1.0;
    double v1 = 0.001 * 1.0;
    double x1 = 1.0 - 0.1 * (m1 / 0.5) / (Math.sqrt(v1 / 0.001) + 1e-8);
    double m2 = 0.5 * m1 + 0.5 * -3.0;
    double v2 = 0.999 * v1 + 0.001 * 9.0;
    double x2 = x1 - 0.1 * (m2 / (1 - 0.25)) / (Math.sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
    assertThat(p.item_double()).isCloseTo(x2, within(1e-6));
  }
}
