package dev.yolojava.core.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * An optimizer's resumable state: each group's current {@code lr}/{@code momentum} and, per parameter key, the
 * state tensors under PyTorch's names ({@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}, {@code step}
 * as a 0-d float tensor, ...). Tensors are detached CPU copies owned by this object; {@link #close()} frees them.
 */
public final class OptimizerState implements AutoCloseable {
  /** A group's hyper-parameters at export time. */
  public record GroupState(ParamRole role, double lr, double momentum) {}

  private final OptimizerType type;
  private final List<GroupState> groups;
  private final Map<String, Map<String, Tensor>> params;

  /**
   * @param params per parameter key, state name to tensor; the tensors become owned by this object (call
   *     {@code retainReference()} on them first if they were made inside a {@code PointerScope})
   */
  public OptimizerState(OptimizerType type, List<GroupState> groups, Map<String, Map<String, Tensor>> params) {
    this.type = type;
    this.groups = List.copyOf(groups);
    Map<String, Map<String, Tensor>> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.params = Collections.unmodifiableMap(copy);
  }

  public OptimizerType type() {
    return type;
  }

  public List<GroupState> groups() {
    return groups;
  }

  /** Parameter key to state name to tensor, for parameters that have state (those that have been stepped). */
  public Map<String, Map<String, Tensor>> params() {
    return params;
  }

  @Override
  public void close() {
    params.values().forEach(m -> m.values().forEach(Tensor::releaseReference));
  }
}
