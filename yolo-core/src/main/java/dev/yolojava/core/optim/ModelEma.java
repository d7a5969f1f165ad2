package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.StateDicts;
import dev.yolojava.core.ops.Tensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

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
  private Tensor flat; // the averaged entries' shared buffer, or null when they are separate tensors
  private TensorVector modelViews; // the model's averaged tensors as 1-D views, in the same order (cached)
  private Module viewsOf; // the model those views belong to: training updates its tensors in place

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
      LinkedHashMap<String, Tensor> msd = StateDicts.of(model);
      List<Tensor> floats = new ArrayList<>();
      for (Map.Entry<String, Tensor> e : msd.entrySet()) {
        if (e.getValue().is_floating_point()) {
          averaged.add(e.getKey());
          floats.add(e.getValue());
        }
      }
      // the averaged entries share one buffer (each a view with its model tensor's strides): an update is then a
      // few ops over all of them instead of three per entry
      flat = Tensors.denseAlike(floats) ? flatCopy(floats) : null;
      long off = 0;
      for (Map.Entry<String, Tensor> e : msd.entrySet()) {
        Tensor m = e.getValue().detach();
        Tensor copy;
        if (flat != null && m.is_floating_point()) { // the averaged entries, in the order flatCopy laid them out
          copy = flat.narrow(0, off, m.numel()).as_strided(m.sizes(), m.strides());
          off += m.numel();
        } else {
          copy = m.clone();
        }
        copy.retainReference();
        ema.put(e.getKey(), copy);
      }
    }
  }

  /** The model's averaged tensors copied, in memory order, into one new buffer. */
  private static Tensor flatCopy(List<Tensor> floats) {
    Tensor f = torch.cat(new TensorVector(memoryOrder(floats).toArray(new Tensor[0])));
    f.retainReference();
    return f;
  }

  /** 1-D views of densely laid out tensors in their memory order (no copy). */
  private static List<Tensor> memoryOrder(List<Tensor> ts) {
    List<Tensor> out = new ArrayList<>(ts.size());
    for (Tensor t : ts) {
      out.add(t.detach().as_strided(new long[] {t.numel()}, new long[] {1}, new LongOptional(t.storage_offset())));
    }
    return out;
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
      if (flat != null && modelViews != null && model != viewsOf) { // another model: look its tensors up again
        modelViews.releaseReference();
        modelViews = null;
      }
      if (flat != null && modelViews == null) {
        LinkedHashMap<String, Tensor> msd = StateDicts.of(model);
        List<Tensor> floats = new ArrayList<>();
        for (String k : averaged) {
          Tensor m = msd.get(k);
          checkArgument(m != null, "EMA update: model has no state entry '%s'", k);
          floats.add(m);
        }
        if (Tensors.denseAlike(floats) && sameLayout(floats)) {
          // the model's tensors are updated in place by training, so these views stay current
          modelViews = new TensorVector(memoryOrder(floats).toArray(new Tensor[0]));
          modelViews.retainReference(); // outlives this scope; the vector holds its own references to the tensors
          viewsOf = model;
        } else {
          flatFallback();
        }
      }
      if (flat != null) {
        flat.mul_(new Scalar(d));
        flat.add_(torch.cat(modelViews), new Scalar(1 - d));
        return;
      }
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

  /** Whether the model's tensors are laid out as the averaged views (same sizes and strides, in order). */
  private boolean sameLayout(List<Tensor> floats) {
    for (int i = 0; i < floats.size(); i++) {
      Tensor v = ema.get(averaged.get(i));
      Tensor m = floats.get(i);
      if (!java.util.Arrays.equals(v.sizes().vec().get(), m.sizes().vec().get())
          || !java.util.Arrays.equals(v.strides().vec().get(), m.strides().vec().get())) {
        return false;
      }
    }
    return true;
  }

  /** Gives every averaged entry its own tensor again (the model's layout changed, e.g. to channels-last). */
  private void flatFallback() {
    for (String k : averaged) {
      Tensor own = ema.get(k).clone();
      own.retainReference();
      ema.put(k, own).releaseReference();
    }
    flat.releaseReference();
    flat = null;
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
    if (flat != null) {
      flat.releaseReference();
      flat = null;
    }
    if (modelViews != null) {
      modelViews.releaseReference();
      modelViews = null;
    }
  }
}
