package dev.yolojava.core.optim;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * PyTorch's {@code NAdam} (defaults eps 1e-8, momentum_decay 4e-3, L2 weight decay added to the gradient), following
 * its single-tensor path; {@code mu_product} is a float32 running product as PyTorch keeps it.
 */
final class NAdam extends TensorOptimizer {
  static final double EPS = 1e-8;
  static final double MOMENTUM_DECAY = 4e-3;

  NAdam(List<ParamGroup> groups) {
    super(OptimizerType.NADAM, groups);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, State st) {
    double beta1 = g.momentum();
    double beta2 = OptimizerType.ADAM_BETA2;
    double lr = g.lr();
    long step = st.nextStep();
    double bc2 = 1 - Math.pow(beta2, step);
    if (g.weightDecay() != 0) {
      grad = grad.add(param, s(g.weightDecay()));
    }
    double mu = beta1 * (1. - 0.5 * Math.pow(0.96, step * MOMENTUM_DECAY));
    double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (step + 1) * MOMENTUM_DECAY));
    float muProduct = (float) st.scalar("mu_product", 1.0) * (float) mu; // float32 tensor *= mu
    st.scalars.put("mu_product", (double) muProduct);

    Tensor expAvg = st.buffer("exp_avg", param);
    Tensor expAvgSq = st.buffer("exp_avg_sq", param);
    expAvg.lerp_(grad, s(1 - beta1));
    expAvgSq.mul_(s(beta2)).addcmul_(grad, grad, s(1 - beta2));
    Tensor denom = expAvgSq.div(s(bc2)).sqrt();
    double muProductNext = muProduct * muNext;
    denom.add_(s(EPS));
    param.addcdiv_(grad, denom, s(-lr * (1. - mu) / (1. - muProduct)));
    param.addcdiv_(expAvg, denom, s((-lr * muNext) / (1. - muProductNext)));
  }
}
