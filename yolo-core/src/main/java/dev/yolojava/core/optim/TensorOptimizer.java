package dev.yolojava.core.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Base of the optimizers libtorch lacks, written as tensor ops in Java (one short loop over parameters; every
 * element-wise operation runs on the parameter's device). Per-parameter state lives here, keyed by parameter key:
 * tensors plus Java-side scalars (step counts and the like), so stepping never reads a device value back.
 */
abstract class TensorOptimizer extends TrainOptimizer {
  /** State entries kept as Java numbers while training and exported as 0-d tensors. */
  static final Set<String> SCALARS = Set.of("step", "mu_product");

  private final Map<String, State> states = new HashMap<>();

  protected TensorOptimizer(OptimizerType type, List<ParamGroup> groups) {
    super(type, groups);
  }

  /** One parameter's state: named tensors (owned, released on close) and scalars exported as 0-d tensors. */
  protected static final class State {
    final Map<String, Tensor> tensors = new LinkedHashMap<>();
    final Map<String, Double> scalars = new LinkedHashMap<>();

    /** The named buffer, created as zeros shaped like {@code param} on first use. */
    Tensor buffer(String name, Tensor param) {
      return tensors.computeIfAbsent(
          name,
          n -> {
            Tensor t = torch.zeros_like(param);
            t.retainReference();
            return t;
          });
    }

    double scalar(String name, double initial) {
      return scalars.getOrDefault(name, initial);
    }

    /** Increments and returns the step count. */
    long nextStep() {
      double s = scalar("step", 0) + 1;
      scalars.put("step", s);
      return (long) s;
    }

    void release() {
      tensors.values().forEach(Tensor::releaseReference);
      tensors.clear();
      scalars.clear();
    }
  }

  @Override
  public final void step() {
    try (NoGradGuard ng = new NoGradGuard()) {
      for (ParamGroup g : groups()) {
        for (NamedParam p : g.params()) {
          try (PointerScope s = new PointerScope()) {
            Tensor grad = p.tensor().grad();
            if (!grad.defined()) {
              continue;
            }
            update(g, p.tensor(), grad, states.computeIfAbsent(p.key(), k -> new State()));
          }
        }
      }
    }
  }

  /**
   * Updates {@code param} in place from {@code grad} (never modify {@code grad}: it may be needed again, e.g. for
   * logging). Runs inside a {@code PointerScope} that frees every temporary.
   */
  protected abstract void update(ParamGroup group, Tensor param, Tensor grad, State state);

  static Scalar s(double v) {
    return new Scalar(v);
  }

  @Override
  protected final Map<String, Map<String, Tensor>> exportParamStates() {
    Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
    for (ParamGroup g : groups()) {
      for (NamedParam p : g.params()) {
        State st = states.get(p.key());
        if (st == null) {
          continue;
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        try (PointerScope s = new PointerScope()) {
          st.scalars.forEach((k, v) -> m.put(k, retain(torch.scalar_tensor(s(v)))));
          st.tensors.forEach((k, v) -> m.put(k, retain(v.detach().cpu().clone())));
        }
        out.put(p.key(), m);
      }
    }
    return out;
  }

  @Override
  protected final void importParamStates(Map<String, Map<String, Tensor>> in, Map<String, Tensor> params) {
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      for (Map.Entry<String, Map<String, Tensor>> e : in.entrySet()) {
        Tensor param = params.get(e.getKey());
        State st = new State();
        for (Map.Entry<String, Tensor> v : e.getValue().entrySet()) {
          Tensor t = v.getValue();
          if (SCALARS.contains(v.getKey())) {
            st.scalars.put(v.getKey(), t.item_double());
          } else {
            Tensor copy = t.to(param.device(), param.scalar_type()).clone();
            copy.retainReference();
            st.tensors.put(v.getKey(), copy);
          }
        }
        State old = states.put(e.getKey(), st);
        if (old != null) {
          old.release();
        }
      }
    }
  }

  private static Tensor retain(Tensor t) {
    t.retainReference();
    return t;
  }

  @Override
  public void close() {
    states.values().forEach(State::release);
    states.clear();
  }
}
