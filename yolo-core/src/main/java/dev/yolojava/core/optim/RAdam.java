package dev.yolojava.core.optim;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * PyTorch's {@code RAdam} (eps 1e-8, L2 weight decay added to the gradient), following its single-tensor path:
 * plain bias-corrected momentum until the variance estimate's length {@code rho_t} exceeds 5, then the rectified
 * adaptive step.
 */
final class RAdam extends TensorOptimizer {
  static final double EPS = 1e-8;

  RAdam(List<ParamGroup> groups) {
    super(OptimizerType.RADAM, groups);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, State st) {
    double beta1 = g.momentum();
    double beta2 = OptimizerType.ADAM_BETA2;
    double lr = g.lr();
    long step = st.nextStep();
    if (g.weightDecay() != 0) {
      grad = grad.add(param, s(g.weightDecay()));
    }
    Tensor expAvg = st.buffer("exp_avg", param);
    Tensor expAvgSq = st.buffer("exp_avg_sq", param);
    expAvg.lerp_(grad, s(1 - beta1));
    expAvgSq.mul_(s(beta2)).addcmul_(grad, grad, s(1 - beta2));
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    Tensor corrected = expAvg.div(s(bc1));
    double rhoInf = 2 / (1 - beta2) - 1;
    double rhoT = rhoInf - 2 * step * Math.pow(beta2, step) / bc2;
    if (rhoT > 5.0) {
      double rect = Math.pow((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5);
      // Python's `scalar / tensor` is `tensor.reciprocal() * scalar`
      Tensor adaptive = expAvgSq.sqrt().add_(s(EPS)).reciprocal().mul(s(Math.pow(bc2, 0.5)));
      param.add_(corrected.mul(s(lr)).mul(adaptive).mul(s(rect)), s(-1.0));
    } else {
      param.add_(corrected.mul(s(lr)), s(-1.0));
    }
  }
}
