package dev.yolojava.core.optim;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** PyTorch's {@code Adamax} (eps 1e-8, L2 weight decay added to the gradient), single-tensor path. */
final class Adamax extends TensorOptimizer {
  static final double EPS = 1e-8;

  Adamax(List<ParamGroup> groups) {
    super(OptimizerType.ADAMAX, groups);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, State st) {
    double beta1 = g.momentum();
    double beta2 = OptimizerType.ADAM_BETA2;
    long step = st.nextStep();
    if (g.weightDecay() != 0) {
      grad = grad.add(param, s(g.weightDecay()));
    }
    Tensor expAvg = st.buffer("exp_avg", param);
    Tensor expInf = st.buffer("exp_inf", param);
    expAvg.lerp_(grad, s(1 - beta1));
    expInf.copy_(torch.maximum(expInf.mul_(s(beta2)), grad.abs().add_(s(EPS))));
    double clr = g.lr() / (1 - Math.pow(beta1, step));
    param.addcdiv_(expAvg, expInf, s(-clr));
  }
}
