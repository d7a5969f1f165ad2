package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * PyTorch's {@code torch.amp.GradScaler} for mixed-precision training, from plain tensor ops: the loss is multiplied
 * by the scale; {@link #unscale} multiplies every gradient by the float32 {@code 1 / scale} and records on the device
 * whether any is inf/NaN; {@link #step} skips the optimizer step if so; {@link #update} halves the scale after a
 * skipped step, or doubles it after {@code growthInterval} consecutive clean steps. A disabled scaler (CPU training,
 * {@code amp=False}) passes everything through and always steps.
 *
 * <p>Nothing here waits for the device inside a step when the optimizer skips on the device
 * ({@link FlatOptimizer}): the flag travels to the host in the background and {@link #update}'s bookkeeping is
 * settled when the scale is next needed (the next {@link #scale}, by when the flag is long computed). Other
 * optimizers read the flag in {@link #step}, as PyTorch does.
 */
public final class GradScaler implements AutoCloseable {
  public static final double INIT_SCALE = 65536.0;
  public static final double GROWTH_FACTOR = 2.0;
  public static final double BACKOFF_FACTOR = 0.5;
  public static final int GROWTH_INTERVAL = 2000;

  private enum Stage {
    READY,
    UNSCALED,
    STEPPED
  }

  private final boolean enabled;
  private final double growthFactor;
  private final double backoffFactor;
  private final int growthInterval;
  private double scale;
  private int growthTracker;
  private Stage stage = Stage.READY;
  private PendingFlag foundInf; // from unscale, until update
  private PendingFlag toSettle; // from the last update, until its outcome is applied to the scale
  private long skippedSteps;
  private FlatGrads flatGrads; // when set, the optimizer's gradients are all views of it

  /** PyTorch's defaults: scale 65536, growth 2 every 2000 clean steps, backoff 0.5. */
  public GradScaler(boolean enabled) {
    this(enabled, INIT_SCALE, GROWTH_FACTOR, BACKOFF_FACTOR, GROWTH_INTERVAL);
  }

  public GradScaler(
      boolean enabled, double initScale, double growthFactor, double backoffFactor, int growthInterval) {
    checkArgument(initScale > 0, "init_scale is %s, expected > 0", initScale);
    checkArgument(growthFactor > 1, "growth_factor is %s, expected > 1", growthFactor);
    checkArgument(backoffFactor > 0 && backoffFactor < 1, "backoff_factor is %s, expected in (0, 1)", backoffFactor);
    checkArgument(growthInterval > 0, "growth_interval is %s, expected > 0", growthInterval);
    this.enabled = enabled;
    this.scale = initScale;
    this.growthFactor = growthFactor;
    this.backoffFactor = backoffFactor;
    this.growthInterval = growthInterval;
  }

  /** Unscales and checks {@code grads} as a whole instead of parameter by parameter (null: per parameter). */
  public void useFlatGrads(FlatGrads grads) {
    this.flatGrads = grads;
  }

  public boolean enabled() {
    return enabled;
  }

  /** The current scale (1 when disabled, like {@code get_scale()}). */
  public double getScale() {
    settle();
    return enabled ? scale : 1.0;
  }

  /** Consecutive clean steps since the last scale change. */
  public int growthTracker() {
    settle();
    return growthTracker;
  }

  /** Steps skipped for inf/NaN gradients since this scaler was made. */
  public long skippedSteps() {
    settle();
    return skippedSteps;
  }

  /** {@code loss * scale} (a new tensor in the caller's scope), or {@code loss} itself when disabled. */
  public Tensor scale(Tensor loss) {
    settle();
    return enabled ? loss.mul(new Scalar(scale)) : loss;
  }

  /**
   * Divides the gradients by the scale in place (so clipping sees true gradients) and records whether any gradient
   * is inf/NaN. At most once between updates.
   */
  public void unscale(TrainOptimizer optimizer) {
    if (!enabled) {
      return;
    }
    checkState(stage == Stage.READY, "unscale() has already been called on this optimizer since the last update()");
    settle();
    // PyTorch computes 1/scale in double and uses it as float32.
    Scalar inv = new Scalar((double) (float) (1.0 / scale));
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope s = new PointerScope()) {
      Tensor flag = flatGrads != null ? unscaleFlat(inv) : unscaleEach(optimizer, inv);
      foundInf = new PendingFlag(flag);
    }
    stage = Stage.UNSCALED;
  }

  /** One check and one multiply over the shared gradient buffer; returns the found-inf flag. */
  private Tensor unscaleFlat(Scalar inv) {
    Tensor all = flatGrads.flat();
    Tensor flag = all.isfinite().all().logical_not();
    all.mul_(inv);
    return flag;
  }

  /** Gradient by gradient; returns the found-inf flag. */
  private static Tensor unscaleEach(TrainOptimizer optimizer, Scalar inv) {
    List<Tensor> finite = new ArrayList<>();
    for (Tensor p : optimizer.parameters()) {
      Tensor g = p.grad();
      if (g.defined()) {
        finite.add(g.isfinite().all());
        g.mul_(inv);
      }
    }
    return finite.isEmpty()
        ? torch.zeros(new long[0]).to(torch.ScalarType.Bool)
        : torch.stack(new TensorVector(finite.toArray(new Tensor[0]))).all().logical_not();
  }

  /**
   * Unscales if not done yet, then runs {@code optimizer.step()} unless a gradient was inf/NaN: decided on the
   * device by a flat optimizer, else by reading the flag. See
   * {@link #skippedSteps} for the outcome.
   */
  public void step(TrainOptimizer optimizer) {
    if (!enabled) {
      optimizer.step();
      return;
    }
    checkState(stage != Stage.STEPPED, "step() has already been called since the last update()");
    if (stage == Stage.READY) {
      unscale(optimizer);
    }
    stage = Stage.STEPPED;
    optimizer.stepUnless(foundInf);
  }

  /**
   * Backs off after a skipped step, or grows the scale after {@code growthInterval} clean steps in a row; applied
   * once the step's flag is on the host (at the latest when the scale is next read).
   */
  public void update() {
    if (!enabled) {
      return;
    }
    checkState(stage != Stage.READY, "No inf checks were recorded prior to update()");
    settle();
    toSettle = foundInf;
    foundInf = null;
    stage = Stage.READY;
  }

  /** Applies the last update's outcome, reading its flag (by now usually on the host already). */
  private void settle() {
    if (toSettle == null) {
      return;
    }
    boolean inf = toSettle.get();
    toSettle.close();
    toSettle = null;
    if (inf) {
      scale *= backoffFactor;
      growthTracker = 0;
      skippedSteps++;
    } else if (growthTracker + 1 == growthInterval) {
      double grown = scale * growthFactor;
      if (Float.isFinite((float) grown)) { // the scale is a float32 tensor in PyTorch
        scale = grown;
      }
      growthTracker = 0;
    } else {
      growthTracker++;
    }
  }

  /** PyTorch's {@code GradScaler.state_dict()} entries (empty when disabled). */
  public Map<String, Object> stateDict() {
    settle();
    Map<String, Object> out = new LinkedHashMap<>();
    if (enabled) {
      out.put("scale", scale);
      out.put("growth_factor", growthFactor);
      out.put("backoff_factor", backoffFactor);
      out.put("growth_interval", growthInterval);
      out.put("_growth_tracker", growthTracker);
    }
    return out;
  }

  /** Restores {@code scale} and {@code _growth_tracker} from {@link #stateDict()} (or a PyTorch checkpoint's). */
  public void loadStateDict(Map<String, ?> state) {
    if (!enabled) {
      return;
    }
    checkArgument(
        state.get("scale") instanceof Number && state.get("_growth_tracker") instanceof Number,
        "GradScaler state needs numeric 'scale' and '_growth_tracker', got %s",
        state);
    settle();
    double s = ((Number) state.get("scale")).doubleValue();
    checkArgument(s > 0 && Double.isFinite(s), "GradScaler state: scale is %s, expected finite > 0", s);
    scale = s;
    growthTracker = ((Number) state.get("_growth_tracker")).intValue();
  }

  @Override
  public void close() {
    settle();
    if (foundInf != null) {
      foundInf.close();
      foundInf = null;
    }
  }
}
