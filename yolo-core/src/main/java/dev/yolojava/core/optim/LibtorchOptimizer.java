package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerOptions;
import org.bytedeco.pytorch.OptimizerParamGroup;
import org.bytedeco.pytorch.RMSprop;
import org.bytedeco.pytorch.RMSpropOptions;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * SGD, Adam, AdamW and RMSprop run by libtorch's own C++ optimizers (same update rules as PyTorch's Python ones:
 * coupled L2 decay for SGD/Adam/RMSprop, decoupled for AdamW; eps 1e-8; RMSprop alpha 0.99). Before every step the
 * groups' {@code lr} and {@code momentum} are written into libtorch's per-group options.
 */
final class LibtorchOptimizer extends TrainOptimizer {
  private final Optimizer optimizer;

  LibtorchOptimizer(OptimizerType type, List<ParamGroup> groups) {
    super(type, groups);
    checkArgument(
        type == OptimizerType.SGD
            || type == OptimizerType.ADAM
            || type == OptimizerType.ADAMW
            || type == OptimizerType.RMSPROP,
        "libtorch has no %s optimizer",
        type.argName());
    ParamGroup first = groups.get(0);
    Optimizer opt =
        switch (type) {
          case SGD -> new SGD(vector(first), (SGDOptions) options(first));
          case ADAM -> new Adam(vector(first), (AdamOptions) options(first));
          case ADAMW -> new AdamW(vector(first), (AdamWOptions) options(first));
          default -> new RMSprop(vector(first), (RMSpropOptions) options(first));
        };
    for (ParamGroup g : groups.subList(1, groups.size())) {
      // the group takes ownership of its options object
      opt.add_param_group(new OptimizerParamGroup(vector(g), options(g)));
    }
    this.optimizer = opt;
  }

  private static TensorVector vector(ParamGroup g) {
    return new TensorVector(g.tensors().toArray(new Tensor[0]));
  }

  private OptimizerOptions options(ParamGroup g) {
    switch (type()) {
      case SGD -> {
        SGDOptions o = new SGDOptions(g.lr());
        o.momentum().put(g.momentum());
        o.nesterov().put(g.nesterov());
        o.weight_decay().put(g.weightDecay());
        return o;
      }
      case ADAM -> {
        AdamOptions o = new AdamOptions(g.lr());
        AdamBetas.set(o.betas(), g.momentum(), OptimizerType.ADAM_BETA2);
        o.weight_decay().put(g.weightDecay());
        return o;
      }
      case ADAMW -> {
        AdamWOptions o = new AdamWOptions(g.lr());
        AdamBetas.set(o.betas(), g.momentum(), OptimizerType.ADAM_BETA2);
        o.weight_decay().put(g.weightDecay());
        return o;
      }
      default -> {
        RMSpropOptions o = new RMSpropOptions(g.lr());
        o.momentum().put(g.momentum());
        o.weight_decay().put(g.weightDecay());
        return o;
      }
    }
  }

  @Override
  public void step() {
    try (PointerScope s = new PointerScope()) {
      syncOptions();
      optimizer.step();
    }
  }

  /** Options are re-read each time: loading a state replaces libtorch's option objects. */
  private void syncOptions() {
    for (int i = 0; i < groups().size(); i++) {
      ParamGroup g = groups().get(i);
      OptimizerOptions base = optimizer.param_groups().get(i).options();
      base.set_lr(g.lr());
      // The stored options are of the optimizer's own subclass (single inheritance, same address).
      switch (type()) {
        case SGD -> new SGDOptions(base).momentum().put(g.momentum());
        case RMSPROP -> new RMSpropOptions(base).momentum().put(g.momentum());
        default -> {} // Adam family: Ultralytics never changes betas
      }
    }
  }

  @Override
  public void zeroGrad() {
    optimizer.zero_grad(true);
  }

  @Override
  protected Map<String, Map<String, Tensor>> exportParamStates() {
    return LibtorchArchives.exportState(optimizer, groups());
  }

  @Override
  protected void importParamStates(Map<String, Map<String, Tensor>> states, Map<String, Tensor> params) {
    LibtorchArchives.importState(optimizer, states, params);
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
