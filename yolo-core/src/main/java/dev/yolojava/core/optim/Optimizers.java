package dev.yolojava.core.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;

/**
 * Builds optimizers the way Ultralytics 8.4's {@code build_optimizer} does. Groups, in order: weights with
 * {@code decay}, norm weights without, biases without; under MuSGD a fourth, Muon group (every parameter with two or
 * more dimensions, with {@code decay}), and each of the four split into boosted (lr x3, see
 * {@link ParamGrouping#boosted}) and plain halves, giving eight groups. SGD and MuSGD use Nesterov momentum; the Adam
 * family gets {@code betas=(momentum, 0.999)}.
 */
public final class Optimizers {
  private Optimizers() {}

  /** The result of {@link #build}: the optimizer and Ultralytics' one-line summary of it. */
  public record Built(TrainOptimizer optimizer, String summary) {}

  /**
   * @param model the model whose parameters to optimise
   * @param choice resolved optimizer, lr and momentum
   * @param decay the already scaled weight decay ({@link GradientAccumulation#scaledWeightDecay})
   */
  public static Built build(Module model, OptimizerChoice choice, double decay) {
    return build(model, choice, decay, false);
  }

  /**
   * As {@link #build(Module, OptimizerChoice, double)}; with {@code flat}, SGD, Adam and AdamW over parameters that
   * qualify (one device and dtype, dense) run as a flat optimizer: the trainable parameters' data,
   * gradients and state each move into one buffer, and a step is a few ops per group. Their gradients must then be
   * zeroed with {@link TrainOptimizer#zeroGrad} (never replaced).
   */
  public static Built build(Module model, OptimizerChoice choice, double decay, boolean flat) {
    boolean muon = choice.type() == OptimizerType.MUSGD;
    Map<ParamRole, List<NamedParam>> byRole = ParamGrouping.byRole(ParamGrouping.classify(model, muon));
    List<ParamGroup> groups = new ArrayList<>();
    ParamRole[] order =
        muon
            ? new ParamRole[] {ParamRole.WEIGHT, ParamRole.NORM, ParamRole.BIAS, ParamRole.MUON}
            : new ParamRole[] {ParamRole.WEIGHT, ParamRole.NORM, ParamRole.BIAS};
    for (ParamRole role : order) {
      double wd = role == ParamRole.WEIGHT || role == ParamRole.MUON ? decay : 0.0;
      List<NamedParam> params = byRole.get(role);
      if (muon) {
        List<NamedParam> boosted = new ArrayList<>();
        List<NamedParam> plain = new ArrayList<>();
        params.forEach(p -> (ParamGrouping.boosted(p.key()) ? boosted : plain).add(p));
        groups.add(group(choice, role, boosted, choice.lr() * ParamGrouping.BOOST, wd));
        groups.add(group(choice, role, plain, choice.lr(), wd));
      } else {
        groups.add(group(choice, role, params, choice.lr(), wd));
      }
    }
    int decayed = (muon ? byRole.get(ParamRole.MUON) : byRole.get(ParamRole.WEIGHT)).size();
    String summary =
        String.format(
            "%s(lr=%s, momentum=%s) with parameter groups %d weight(decay=0.0), %d weight(decay=%s), %d bias(decay=0.0)",
            choice.type().className(),
            PyFloat.repr(choice.lr()),
            PyFloat.repr(choice.momentum()),
            byRole.get(ParamRole.NORM).size(),
            decayed,
            PyFloat.repr(decay),
            byRole.get(ParamRole.BIAS).size());
    TrainOptimizer opt = flat && FlatOptimizer.handles(choice.type()) && FlatOptimizer.supports(groups)
        ? new FlatOptimizer(choice.type(), groups)
        : create(choice.type(), groups);
    return new Built(opt, summary);
  }

  private static ParamGroup group(
      OptimizerChoice c, ParamRole role, List<NamedParam> params, double lr, double wd) {
    boolean nesterov = c.type() == OptimizerType.SGD || c.type() == OptimizerType.MUSGD;
    return new ParamGroup(role, params, lr, c.momentum(), wd, nesterov, role == ParamRole.MUON);
  }

  /** The shared gradient buffer of a flat optimizer (see {@link #build(Module, OptimizerChoice, double, boolean)}), or null. */
  public static FlatGrads flatGrads(TrainOptimizer optimizer) {
    return optimizer instanceof FlatOptimizer f ? f.grads() : null;
  }

  /** Whether a flat optimizer's parameters and gradients still all live in its buffers (true for other optimizers). */
  public static boolean flatIntact(TrainOptimizer optimizer) {
    return !(optimizer instanceof FlatOptimizer f) || f.intact();
  }

  /**
   * An optimizer of {@code type} over explicit groups: libtorch's for SGD, Adam, AdamW and RMSprop, Java tensor ops
   * for NAdam, RAdam, Adamax and MuSGD (with Ultralytics' weights muon 0.2, sgd 1.0).
   */
  public static TrainOptimizer create(OptimizerType type, List<ParamGroup> groups) {
    return switch (type) {
      case SGD, ADAM, ADAMW, RMSPROP -> new LibtorchOptimizer(type, groups);
      case NADAM -> new NAdam(groups);
      case RADAM -> new RAdam(groups);
      case ADAMAX -> new Adamax(groups);
      case MUSGD -> new MuSgd(groups, MuSgd.ULTRALYTICS_MUON, MuSgd.ULTRALYTICS_SGD);
    };
  }
}
