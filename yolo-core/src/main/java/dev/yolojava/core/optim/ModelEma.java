package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.StateDicts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics' {@code ModelEMA}: an exponential moving average of a model's whole state dict (parameters and
 * buffers, BatchNorm running statistics included), kept as detached copies on the model's device. Update {@code n}
 * uses {@code d = decay * (1 - exp(-n / tau))} and, for every floating-point entry, {@code v = v * d + (1 - d) * m};
 * integer entries ({@code num_batches_tracked}) keep the values copied at construction, as Ultralytics' deep copy
 * does.
 */
public final class ModelEma implements AutoCloseable {
  public static final double DEFAULT_DECAY = 0.9999;
  public static final double DEFAULT_TAU = 2000;

  private final double decay;
  private final double tau;
  private final LinkedHashMap<String, Tensor> ema = new LinkedHashMap<>();
  private final List<String> averaged = new ArrayList<>();
  private long updates;

  /** With Ultralytics' defaults: decay 0.9999, tau 2000, no updates yet. */
  public ModelEma(Module model) {
    this(model, DEFAULT_DECAY, DEFAULT_TAU, 0);
  }

  public ModelEma(Module model, double decay, double tau, long updates) {
    checkArgument(decay >= 0 && decay < 1, "EMA decay is %s, expected in [0, 1)", decay);
    checkArgument(tau > 0, "EMA tau is %s, expected > 0", tau);
    checkArgument(updates >= 0, "EMA updates is %s, expected >= 0", updates);
    this.decay = decay;
    this.tau = tau;
    this.updates = updates;
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      for (Map.Entry<String, Tensor> e : StateDicts.of(model).entrySet()) {
        Tensor copy = e.getValue().detach().clone();
        copy.retainReference();
        ema.put(e.getKey(), copy);
        if (copy.is_floating_point()) {
          averaged.add(e.getKey());
        }
      }
    }
  }

  /** The ramped decay of update number {@code n}: {@code decay * (1 - exp(-n / tau))}. */
  public double decayAt(long n) {
    return decay * (1 - Math.exp(-n / tau));
  }

  /** Number of updates so far (saved in checkpoints as {@code updates}). */
  public long updates() {
    return updates;
  }

  /** Folds the model's current state into the average. */
  public void update(Module model) {
    updates++;
    double d = decayAt(updates);
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      LinkedHashMap<String, Tensor> msd = StateDicts.of(model);
      for (String k : averaged) {
        Tensor m = msd.get(k);
        checkArgument(m != null, "EMA update: model has no state entry '%s'", k);
        Tensor v = ema.get(k);
        v.mul_(new Scalar(d));
        v.add_(m.detach().mul(new Scalar(1 - d)));
      }
    }
  }

  /**
   * The averaged state under Ultralytics keys, in state-dict order. The tensors are this object's own (valid until
   * {@link #close()}); copy them to keep them.
   */
  public Map<String, Tensor> stateDict() {
    return Collections.unmodifiableMap(ema);
  }

  /** Copies the averaged state into {@code target} (e.g. an eval copy of the model for validation or saving). */
  public void copyTo(Module target) {
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      LinkedHashMap<String, Tensor> dst = StateDicts.of(target);
      for (Map.Entry<String, Tensor> e : ema.entrySet()) {
        Tensor t = dst.get(e.getKey());
        checkArgument(t != null, "EMA copy: target has no state entry '%s'", e.getKey());
        t.copy_(e.getValue());
      }
    }
  }

  /** Resume: replaces the average with a checkpoint's EMA state (same keys) and its update count. */
  public void load(Map<String, Tensor> state, long updates) {
    checkArgument(updates >= 0, "EMA updates is %s, expected >= 0", updates);
    for (String k : ema.keySet()) {
      checkArgument(state.containsKey(k), "EMA state lacks '%s'", k);
    }
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      ema.forEach((k, v) -> v.copy_(state.get(k)));
    }
    this.updates = updates;
  }

  @Override
  public void close() {
    ema.values().forEach(Tensor::releaseReference);
    ema.clear();
    averaged.clear();
  }
}
