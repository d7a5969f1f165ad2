package dev.yolojava.core.optim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringSharedModuleDict;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * Splits a model's parameters into Ultralytics' groups the way 8.4's {@code build_optimizer} does: walking modules in
 * {@code named_modules()} order and each module's own parameters, a parameter is MUON when MuSGD is used and it has
 * two or more dimensions, else BIAS when its name contains {@code bias}, else NORM when its module is a normalisation
 * layer (a libtorch {@code torch::nn::*Norm*} module) or its name contains {@code logit_scale}, else WEIGHT.
 * Frozen parameters (e.g. the DFL's) are included, as in Ultralytics; they simply never get gradients.
 */
public final class ParamGrouping {
  /**
   * MuSGD gives these parameters three times the lr (the YOLO26 head's class branch {@code model.23.cv3} and
   * semantic-segmentation heads), matched anywhere in the key like Python's {@code re.search}.
   */
  static final Pattern BOOSTED = Pattern.compile("(?=.*23)(?=.*cv3)|proto\\.semseg|SemanticSegment");

  /** Factor applied to the lr of {@link #BOOSTED} parameters under MuSGD. */
  static final double BOOST = 3.0;

  private ParamGrouping() {}

  /** Every parameter of {@code model} with its role, in Ultralytics' order. */
  public static List<NamedParam> classify(Module model, boolean muon) {
    List<NamedParam> out = new ArrayList<>();
    walk(model, "", muon, out);
    return out;
  }

  /** Parameters by role, each list in model order. */
  public static Map<ParamRole, List<NamedParam>> byRole(List<NamedParam> params) {
    Map<ParamRole, List<NamedParam>> out = new EnumMap<>(ParamRole.class);
    for (ParamRole r : ParamRole.values()) {
      out.put(r, new ArrayList<>());
    }
    params.forEach(p -> out.get(p.role()).add(p));
    return out;
  }

  /** Whether MuSGD boosts this parameter's lr. */
  public static boolean boosted(String key) {
    return BOOSTED.matcher(key).find();
  }

  private static void walk(Module m, String prefix, boolean muon, List<NamedParam> out) {
    boolean norm = isNorm(m);
    StringTensorDict own = m.named_parameters(false);
    for (long i = 0; i < own.size(); i++) {
      // value() is a reference into the dict: take an owning handle, the optimizer keeps it for the whole run.
      Tensor t = new Tensor(own.get(i).value());
      if (!t.defined()) {
        continue;
      }
      String key = prefix + own.get(i).key().getString();
      out.add(new NamedParam(key, t, roleOf(key, t, norm, muon)));
    }
    StringSharedModuleDict children = m.named_children();
    for (long i = 0; i < children.size(); i++) {
      walk(children.get(i).value(), prefix + children.get(i).key().getString() + ".", muon, out);
    }
  }

  static ParamRole roleOf(String key, Tensor t, boolean normModule, boolean muon) {
    if (muon && t.dim() >= 2) {
      return ParamRole.MUON;
    }
    if (key.contains("bias")) {
      return ParamRole.BIAS;
    }
    if (normModule || key.contains("logit_scale")) {
      return ParamRole.NORM;
    }
    return ParamRole.WEIGHT;
  }

  /** Ultralytics tests {@code isinstance(module, <torch.nn classes named *Norm*>)}; libtorch names its modules so. */
  static boolean isNorm(Module m) {
    String name = m.name().getString();
    return name.startsWith("torch::nn::") && name.contains("Norm");
  }
}
