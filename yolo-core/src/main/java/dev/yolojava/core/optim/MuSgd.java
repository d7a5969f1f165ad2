package dev.yolojava.core.optim;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics' {@code MuSGD} (the YOLO26 default for long runs). Groups with {@code useMuon} get two updates per
 * step: the Muon one (momentum by lerp, Nesterov blend, Newton–Schulz orthogonalisation of the update flattened to
 * {@code (out, -1)}, scaled by {@code sqrt(max(1, rows/cols))}) with lr times {@code muon}, then an SGD-with-momentum
 * one (L2 decay on the already-updated weights, its own buffer) with lr times {@code sgd}. Other groups get plain SGD
 * with momentum. Ultralytics builds it with {@code muon=0.2, sgd=1.0}.
 */
final class MuSgd extends TensorOptimizer {
  /** Ultralytics' weights in {@code build_optimizer}. */
  static final double ULTRALYTICS_MUON = 0.2;

  static final double ULTRALYTICS_SGD = 1.0;

  private final double muon;
  private final double sgd;

  MuSgd(List<ParamGroup> groups, double muon, double sgd) {
    super(OptimizerType.MUSGD, groups);
    this.muon = muon;
    this.sgd = sgd;
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, State st) {
    double lr = g.lr();
    double m = g.momentum();
    if (g.useMuon()) {
      Tensor buf = st.buffer("momentum_buffer", param);
      Tensor sgdBuf = st.buffer("momentum_buffer_SGD", param);
      param.add_(muonUpdate(grad, buf, m, g.nesterov()).reshape(param.sizes()), s(-(lr * muon)));
      Tensor gr = g.weightDecay() != 0 ? grad.add(param, s(g.weightDecay())) : grad;
      sgdBuf.mul_(s(m)).add_(gr);
      Tensor step = g.nesterov() ? gr.add(sgdBuf, s(m)) : sgdBuf;
      param.add_(step, s(-(lr * sgd)));
    } else {
      Tensor gr = g.weightDecay() != 0 ? grad.add(param, s(g.weightDecay())) : grad;
      Tensor buf = st.buffer("momentum_buffer", param);
      buf.mul_(s(m)).add_(gr);
      Tensor step = g.nesterov() ? gr.add(buf, s(m)) : buf;
      param.add_(step, s(-lr));
    }
  }

  /** Ultralytics' {@code muon_update}: updates {@code momentum} in place, returns the orthogonalised update. */
  static Tensor muonUpdate(Tensor grad, Tensor momentum, double beta, boolean nesterov) {
    momentum.lerp_(grad, s(1 - beta));
    Tensor update = nesterov ? grad.lerp(momentum, s(beta)) : momentum;
    if (update.dim() == 4) { // conv filters: (out, in * kh * kw)
      update = update.view(update.size(0), -1);
    }
    update = NewtonSchulz.orthogonalize(update);
    update = update.mul(s(Math.pow(Math.max(1.0, (double) grad.size(-2) / grad.size(-1)), 0.5)));
    return update;
  }
}
