package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.TensorRef;
import dev.yolojava.core.optim.OptimizerState;
import dev.yolojava.core.optim.OptimizerType;
import dev.yolojava.core.optim.ParamRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * What {@code resume=True} restores from a training {@code last.pt} that {@link TrainRun} wrote: the EMA weights
 * (which also seed the model, as Ultralytics resumes), the EMA update count, optimizer and GradScaler state, the
 * finished epoch, the best fitness and the run's own arguments.
 */
final class ResumeState {
  final Checkpoint ckpt;
  final int startEpoch;
  final double bestFitness;
  final long emaUpdates;

  private ResumeState(Checkpoint ckpt) {
    this.ckpt = ckpt;
    this.startEpoch = ckpt.epoch().orElse(-1) + 1;
    this.bestFitness = ckpt.bestFitness().orElse(Double.NEGATIVE_INFINITY);
    Object updates = ckpt.root().get("updates");
    this.emaUpdates = updates instanceof Number n ? n.longValue() : 0;
  }

  static ResumeState load(Path lastPt) {
    checkArgument(Files.isRegularFile(lastPt), "resume: checkpoint %s not found", lastPt);
    try {
      Checkpoint ckpt = Checkpoint.load(lastPt);
      checkArgument(ckpt.epoch().isPresent() && ckpt.epoch().getAsInt() >= 0,
          "resume: %s is a final checkpoint (epoch -1), not a training checkpoint; nothing to resume", lastPt);
      checkArgument(ckpt.root().get("optimizer") instanceof Map,
          "resume: %s holds no optimizer state; only last.pt of an unfinished run can be resumed", lastPt);
      return new ResumeState(ckpt);
    } catch (IOException e) {
      throw new UncheckedIOException("resume: cannot read " + lastPt, e);
    }
  }

  /** The weights (EMA) by state-dict key, float32. */
  Map<String, Tensor> weights() {
    return ckpt.stateDict();
  }

  /** The optimizer state as saved by {@link TrainRun}: parameter keys, per-key tensors and the groups' lr/momentum. */
  OptimizerState optimizer() {
    Map<?, ?> opt = (Map<?, ?>) ckpt.root().get("optimizer");
    OptimizerType type = OptimizerType.parse(String.valueOf(opt.get("type")));
    List<?> keys = (List<?>) opt.get("param_keys");
    Map<?, ?> state = (Map<?, ?>) opt.get("state");
    Map<String, Map<String, Tensor>> params = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Map<?, ?> entry = (Map<?, ?>) state.get(i);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : entry.entrySet()) {
        Tensor t = ckpt.tensor(keys.get(i) + "." + e.getKey(), (TensorRef) e.getValue());
        t.retainReference();
        tensors.put(String.valueOf(e.getKey()), t);
      }
      params.put(String.valueOf(keys.get(i)), tensors);
    }
    List<OptimizerState.GroupState> groups = new ArrayList<>();
    for (Object g : (List<?>) opt.get("param_groups")) {
      Map<?, ?> m = (Map<?, ?>) g;
      groups.add(new OptimizerState.GroupState(
          ParamRole.valueOf(String.valueOf(m.get("param_group")).toUpperCase(Locale.ROOT)),
          ((Number) m.get("lr")).doubleValue(), ((Number) m.get("momentum")).doubleValue()));
    }
    return new OptimizerState(type, groups, params);
  }

  /** The GradScaler state ({@code scale}, {@code _growth_tracker}, ...). */
  Map<String, ?> scaler() {
    Object s = ((Map<?, ?>) ckpt.root().get("optimizer")).get("scaler");
    Map<String, Object> out = new LinkedHashMap<>();
    if (s instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    return out;
  }
}
