package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * A training optimizer over Ultralytics-style {@link ParamGroup}s. {@link #step()} reads each group's current
 * {@code lr} and {@code momentum}, so warmup and schedules just set them on {@link #groups()} between steps.
 * Parameters without a gradient are skipped, as PyTorch does.
 */
public abstract class TrainOptimizer implements AutoCloseable {
  private final OptimizerType type;
  private final List<ParamGroup> groups;

  protected TrainOptimizer(OptimizerType type, List<ParamGroup> groups) {
    checkArgument(!groups.isEmpty(), "%s: no parameter groups", type.argName());
    Set<String> seen = new HashSet<>();
    for (ParamGroup g : groups) {
      for (NamedParam p : g.params()) {
        checkArgument(seen.add(p.key()), "%s: parameter '%s' appears in more than one group", type.argName(), p.key());
      }
    }
    this.type = type;
    this.groups = List.copyOf(groups);
  }

  public final OptimizerType type() {
    return type;
  }

  public final List<ParamGroup> groups() {
    return groups;
  }

  /** All parameters of all groups, in group order. */
  public final List<Tensor> parameters() {
    List<Tensor> out = new ArrayList<>();
    groups.forEach(g -> out.addAll(g.tensors()));
    return out;
  }

  /** Applies one update to every parameter that has a gradient. */
  public abstract void step();

  /**
   * Steps unless {@code skip} (null: never) is set; this default reads the flag, waiting for the device (the flat
   * optimizer decides on the device instead).
   */
  void stepUnless(PendingFlag skip) {
    if (skip == null || !skip.get()) {
      step();
    }
  }

  /** Drops all gradients ({@code zero_grad(set_to_none=True)}, PyTorch's default). */
  public void zeroGrad() {
    try (PointerScope s = new PointerScope()) {
      for (Tensor p : parameters()) {
        if (p.grad().defined()) {
          p.mutable_grad().put(new Tensor());
        }
      }
    }
  }

  /** A detached CPU copy of the optimizer state, for checkpoints. */
  public final OptimizerState exportState() {
    List<OptimizerState.GroupState> gs = new ArrayList<>();
    groups.forEach(g -> gs.add(new OptimizerState.GroupState(g.role(), g.lr(), g.momentum())));
    return new OptimizerState(type, gs, exportParamStates());
  }

  /**
   * Restores a state exported by an optimizer of the same type over the same groups (e.g. from a checkpoint of the
   * same model): groups' {@code lr}/{@code momentum} and every parameter's state, copied to the parameter's device.
   */
  public final void importState(OptimizerState state) {
    checkArgument(
        state.type() == type, "optimizer state is for %s, this optimizer is %s", state.type().argName(), type.argName());
    checkArgument(
        state.groups().size() == groups.size(),
        "optimizer state has %s parameter groups, this optimizer has %s",
        state.groups().size(),
        groups.size());
    Map<String, Tensor> byKey = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      checkArgument(
          state.groups().get(i).role() == groups.get(i).role(),
          "optimizer state group %s is '%s', expected '%s'",
          i,
          state.groups().get(i).role().groupName(),
          groups.get(i).role().groupName());
      groups.get(i).params().forEach(p -> byKey.put(p.key(), p.tensor()));
    }
    for (String key : state.params().keySet()) {
      checkArgument(byKey.containsKey(key), "optimizer state has parameter '%s', which this optimizer lacks", key);
    }
    for (int i = 0; i < groups.size(); i++) {
      groups.get(i).setLr(state.groups().get(i).lr());
      groups.get(i).setMomentum(state.groups().get(i).momentum());
    }
    importParamStates(state.params(), byKey);
  }

  /** Per parameter key, CPU copies of its state tensors, each {@code retainReference()}d for the caller. */
  protected abstract Map<String, Map<String, Tensor>> exportParamStates();

  /** Replaces the state of the given parameters ({@code params} maps every key of {@code states} to its tensor). */
  protected abstract void importParamStates(Map<String, Map<String, Tensor>> states, Map<String, Tensor> params);

  /** Frees the optimizer's state. */
  @Override
  public abstract void close();

  @Override
  public String toString() {
    return type.className() + groups;
  }
}
