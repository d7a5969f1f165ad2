package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * SGD, Adam and AdamW with libtorch's update rules, over parameters that all live in one buffer (each trainable
 * parameter's data and gradient is a view of a flat tensor, its state too), so a step is about ten tensor ops per
 * group instead of five to ten per parameter: libtorch's optimizers launch ~1,500 tiny kernels per step for yolov8n.
 * The ops are libtorch's own, element for element, so results are the same bits (Adam's bias corrections come from
 * Java's {@code Math.pow}, which may differ from C's {@code pow} in the last bit of a double: then rarely one float).
 *
 * <p>{@link #stepUnless} skips a step on the device: the new values are computed and then kept or dropped by the
 * flag, so an AMP step needs no wait for the device. Adam's bias correction needs the count of steps applied; the
 * previous step's flag is read at the next step (by then long computed).
 */
final class FlatOptimizer extends TrainOptimizer {
  private static final double ADAM_EPS = 1e-8; // libtorch's and PyTorch's default

  private final FlatGrads grads;
  private final List<Tensor> trainable;
  private final List<Tensor> paramViews = new ArrayList<>();
  private final Map<String, Integer> indexByKey = new HashMap<>();
  private final long[][] ranges; // per group: {offset, length}
  private final double[] beta1; // per group, fixed at construction as libtorch's betas
  private final Tensor params;
  private final Tensor first; // SGD: momentum_buffer; Adam: exp_avg
  private final Tensor second; // Adam: exp_avg_sq; null for SGD
  private long applied; // steps applied so far (Adam's bias-correction count)
  private PendingFlag lastSkip; // the previous step's skip flag, until read
  private boolean hasState; // libtorch keeps no state before the first applied step

  static boolean handles(OptimizerType type) {
    return type == OptimizerType.SGD || type == OptimizerType.ADAM || type == OptimizerType.ADAMW;
  }

  /** Whether the groups' trainable parameters can share one buffer (one device and dtype, dense). */
  static boolean supports(List<ParamGroup> groups) {
    return FlatGrads.supports(trainable(groups));
  }

  private static List<Tensor> trainable(List<ParamGroup> groups) {
    List<Tensor> out = new ArrayList<>();
    groups.forEach(g -> g.tensors().stream().filter(Tensor::requires_grad).forEach(out::add));
    return out;
  }

  /** Moves every trainable parameter's data into one buffer and points its gradient at another. */
  FlatOptimizer(OptimizerType type, List<ParamGroup> groups) {
    super(type, groups);
    checkArgument(handles(type), "flat optimizer: %s is not SGD, Adam or AdamW", type.argName());
    checkArgument(supports(groups), "flat optimizer: the parameters are not all dense, of one device and dtype");
    this.trainable = trainable(groups);
    this.grads = FlatGrads.attach(trainable); // its layout (group order) is also the parameters' and the state's
    this.ranges = new long[groups.size()][];
    this.beta1 = new double[groups.size()];
    int i = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      ParamGroup g = groups.get(gi);
      beta1[gi] = g.momentum();
      int first = i;
      for (NamedParam p : g.params()) {
        if (p.tensor().requires_grad()) {
          indexByKey.put(p.key(), i++);
        }
      }
      long start = first < trainable.size() ? grads.offset(first) : grads.flat().numel();
      long end = i < trainable.size() ? grads.offset(i) : grads.flat().numel();
      ranges[gi] = new long[] {start, end - start};
    }
    try (NoGradGuard ng = new NoGradGuard(); PointerScope s = new PointerScope()) {
      Tensor flat = grads.flat();
      params = retain(torch.empty_like(flat));
      first = retain(torch.zeros_like(flat));
      second = type == OptimizerType.SGD ? null : retain(torch.zeros_like(flat));
      for (int k = 0; k < trainable.size(); k++) {
        Tensor p = trainable.get(k);
        Tensor v = viewOf(params, k);
        v.copy_(p.detach());
        p.__dispatch_set_data(v);
        paramViews.add(retain(v));
      }
    }
  }

  /** The gradient buffer every trainable parameter's {@code .grad} is a view of. */
  FlatGrads grads() {
    return grads;
  }

  /** Whether every parameter's data and gradient still live in the shared buffers. */
  boolean intact() {
    try (PointerScope s = new PointerScope()) {
      for (int k = 0; k < trainable.size(); k++) {
        if (trainable.get(k).data_ptr().address() != paramViews.get(k).data_ptr().address()) {
          return false;
        }
      }
    }
    return grads.intact();
  }

  private Tensor viewOf(Tensor flat, int k) {
    return grads.viewIn(flat, k);
  }

  @Override
  public void step() {
    stepUnless(null);
  }

  /** Applies one step, or (on the device, no wait) keeps every value as it was when {@code skip} is set. */
  @Override
  void stepUnless(PendingFlag skip) {
    settleLastStep();
    long t = applied + 1;
    try (NoGradGuard ng = new NoGradGuard(); PointerScope s = new PointerScope()) {
      Tensor flag = skip == null ? null : skip.device();
      for (int gi = 0; gi < groups().size(); gi++) {
        if (ranges[gi][1] == 0) {
          continue;
        }
        if (type() == OptimizerType.SGD) {
          sgd(gi, flag);
        } else {
          adam(gi, t, flag);
        }
      }
    }
    if (skip == null) {
      applied++;
      hasState = true;
    } else {
      lastSkip = skip;
    }
  }

  /** Counts the previous step once its flag is known. */
  private void settleLastStep() {
    if (lastSkip != null) {
      if (!lastSkip.get()) {
        applied++;
        hasState = true;
      }
      lastSkip = null;
    }
  }

  private Tensor part(Tensor flat, int gi) {
    return flat.narrow(0, ranges[gi][0], ranges[gi][1]);
  }

  /** libtorch's SGD: L2 decay, momentum (dampening 0), optional Nesterov. */
  private void sgd(int gi, Tensor skip) {
    ParamGroup g = groups().get(gi);
    Tensor p = part(params, gi);
    Tensor d = g.weightDecay() != 0 ? part(grads.flat(), gi).add(p, s(g.weightDecay())) : part(grads.flat(), gi);
    Tensor buf = null;
    Tensor nextBuf = null;
    Tensor update = d;
    if (g.momentum() != 0) {
      buf = part(first, gi);
      nextBuf = hasState ? buf.mul(s(g.momentum())).add_(d) : d.clone(); // libtorch starts the buffer as d
      update = g.nesterov() ? d.add(nextBuf, s(g.momentum())) : nextBuf;
    }
    commit(p, p.add(update, s(-g.lr())), skip);
    if (buf != null) {
      commit(buf, nextBuf, skip);
    }
  }

  /** libtorch's Adam (L2 decay into the gradient) and AdamW (decoupled decay of the weights), no amsgrad. */
  private void adam(int gi, long t, Tensor skip) {
    ParamGroup g = groups().get(gi);
    double lr = g.lr();
    double wd = g.weightDecay();
    double b1 = beta1[gi];
    double b2 = OptimizerType.ADAM_BETA2;
    Tensor p = part(params, gi);
    Tensor grad = part(grads.flat(), gi);
    Tensor d = type() == OptimizerType.ADAM && wd != 0 ? grad.add(p, s(wd)) : grad;
    Tensor next = type() == OptimizerType.ADAMW && wd != 0 ? p.mul(s(1 - lr * wd)) : p.clone();
    double bc1 = 1 - Math.pow(b1, t);
    double bc2 = 1 - Math.pow(b2, t);
    Tensor m1 = part(first, gi);
    Tensor m2 = part(second, gi);
    Tensor n1 = m1.mul(s(b1)).add_(d, s(1 - b1));
    Tensor n2 = m2.mul(s(b2)).addcmul_(d, d, s(1 - b2));
    Tensor denom = n2.sqrt().div_(s(Math.sqrt(bc2))).add_(s(ADAM_EPS));
    next.addcdiv_(n1, denom, s(-(lr / bc1)));
    commit(p, next, skip);
    commit(m1, n1, skip);
    commit(m2, n2, skip);
  }

  /** {@code dst = skip ? dst : value}, or a plain copy without a flag. */
  private static void commit(Tensor dst, Tensor value, Tensor skip) {
    if (skip == null) {
      dst.copy_(value);
    } else {
      torch.where_out(dst, skip, dst, value);
    }
  }

  /** Keeps the gradient views (zeroes the buffer) instead of dropping them. */
  @Override
  public void zeroGrad() {
    grads.zero();
  }

  @Override
  protected Map<String, Map<String, Tensor>> exportParamStates() {
    settleLastStep();
    Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
    if (!hasState) {
      return out;
    }
    try (PointerScope s = new PointerScope()) {
      Tensor firstHost = first.cpu(); // one copy each, sliced on the host
      Tensor secondHost = second == null ? null : second.cpu();
      for (ParamGroup g : groups()) {
        for (NamedParam p : g.params()) {
          Integer k = indexByKey.get(p.key());
          if (k == null) {
            continue;
          }
          Map<String, Tensor> m = new LinkedHashMap<>();
          if (type() == OptimizerType.SGD) {
            if (g.momentum() == 0) {
              continue; // libtorch keeps no state for plain SGD
            }
            m.put("momentum_buffer", retain(viewOf(firstHost, k).clone()));
          } else {
            m.put("step", retain(torch.scalar_tensor(s((double) applied))));
            m.put("exp_avg", retain(viewOf(firstHost, k).clone()));
            m.put("exp_avg_sq", retain(viewOf(secondHost, k).clone()));
          }
          out.put(p.key(), m);
        }
      }
    }
    return out;
  }

  @Override
  protected void importParamStates(Map<String, Map<String, Tensor>> states, Map<String, Tensor> byKey) {
    settleLastStep();
    // the imported state replaces the whole state, as libtorch's load does
    long step = 0;
    try (NoGradGuard ng = new NoGradGuard(); PointerScope s = new PointerScope()) {
      first.zero_();
      if (second != null) {
        second.zero_();
      }
      for (Map.Entry<String, Map<String, Tensor>> e : states.entrySet()) {
        Integer k = indexByKey.get(e.getKey());
        checkArgument(k != null, "optimizer state for '%s', which is not a trainable parameter", e.getKey());
        for (Map.Entry<String, Tensor> v : e.getValue().entrySet()) {
          switch (v.getKey()) {
            case "step" -> step = Math.max(step, (long) v.getValue().item_double());
            case "momentum_buffer", "exp_avg" -> importInto(first, k, e.getKey(), v);
            case "exp_avg_sq" -> {
              checkArgument(second != null, "optimizer state '%s' of '%s' does not belong to SGD", v.getKey(),
                  e.getKey());
              importInto(second, k, e.getKey(), v);
            }
            default -> throw new IllegalArgumentException(String.format(
                "optimizer state '%s' of '%s': expected step, momentum_buffer, exp_avg or exp_avg_sq", v.getKey(),
                e.getKey()));
          }
        }
      }
    }
    applied = step;
    hasState = !states.isEmpty();
  }

  private void importInto(Tensor flat, int k, String key, Map.Entry<String, Tensor> v) {
    Tensor view = viewOf(flat, k);
    checkArgument(java.util.Arrays.equals(view.sizes().vec().get(), v.getValue().sizes().vec().get()),
        "optimizer state '%s' of '%s' has shape %s, the parameter %s", v.getKey(), key,
        java.util.Arrays.toString(v.getValue().sizes().vec().get()), java.util.Arrays.toString(view.sizes().vec().get()));
    view.copy_(v.getValue());
  }

  private static Tensor retain(Tensor t) {
    t.retainReference();
    return t;
  }

  private static Scalar s(double v) {
    return new Scalar(v);
  }

  /** Frees the state and leaves the parameters without gradients; their data stays where it is. */
  @Override
  public void close() {
    grads.close();
    paramViews.forEach(Tensor::releaseReference);
    paramViews.clear();
    params.releaseReference();
    first.releaseReference();
    if (second != null) {
      second.releaseReference();
    }
  }
}
