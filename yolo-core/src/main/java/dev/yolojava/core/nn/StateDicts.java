package dev.yolojava.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringSharedModuleDict;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/** State-dict walking and loading for libtorch module trees, in PyTorch's key order. */
public final class StateDicts {
  private StateDicts() {}

  /**
   * Parameters and persistent buffers by dotted name, ordered as PyTorch's {@code state_dict()}: each module's own
   * parameters, then its buffers, then its children depth-first.
   */
  public static LinkedHashMap<String, Tensor> of(Module root) {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    walk(root, "", out, true);
    return out;
  }

  /** Only the parameters (no buffers), in the same order. */
  public static LinkedHashMap<String, Tensor> parameters(Module root) {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    walk(root, "", out, false);
    return out;
  }

  private static void walk(Module m, String prefix, Map<String, Tensor> out, boolean buffers) {
    putAll(m.named_parameters(false), prefix, out);
    if (buffers) {
      putAll(m.named_buffers(false), prefix, out);
    }
    StringSharedModuleDict children = m.named_children();
    for (long i = 0; i < children.size(); i++) {
      String name = children.get(i).key().getString();
      walk(children.get(i).value(), prefix + name + ".", out, buffers);
    }
  }

  private static void putAll(StringTensorDict dict, String prefix, Map<String, Tensor> out) {
    for (long i = 0; i < dict.size(); i++) {
      // value() is a reference into the dict, which the GC may free: keep an owning handle instead.
      Tensor t = new Tensor(dict.get(i).value());
      if (t.defined()) {
        out.put(prefix + dict.get(i).key().getString(), t);
      }
    }
  }

  /** Shape of a tensor as a Java array. */
  public static long[] shape(Tensor t) {
    long[] s = new long[(int) t.dim()];
    for (int i = 0; i < s.length; i++) {
      s[i] = t.size(i);
    }
    return s;
  }

  /** {@code [16, 3, 3, 3]} */
  static String shapeString(long[] shape) {
    return Arrays.toString(shape).replace(" ", "");
  }

  /**
   * Compares a checkpoint with the model's state dict and, unless {@code strict} finds problems, copies every
   * tensor whose name and shape match (values converted to the model tensor's dtype and device, without autograd).
   *
   * @throws IllegalArgumentException when {@code strict} and keys are missing, unexpected or mis-shaped; nothing is
   *     copied then
   */
  static LoadReport load(Module model, Map<String, Tensor> checkpoint, boolean strict) {
    LinkedHashMap<String, Tensor> own = of(model);
    List<String> loaded = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = checkpoint.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
        continue;
      }
      long[] want = shape(e.getValue());
      long[] got = shape(src);
      if (!Arrays.equals(want, got)) {
        mismatched.add(e.getKey() + ": checkpoint " + shapeString(got) + " vs model " + shapeString(want));
      } else {
        loaded.add(e.getKey());
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String k : checkpoint.keySet()) {
      if (!own.containsKey(k)) {
        unexpected.add(k);
      }
    }
    LoadReport report = new LoadReport(loaded, missing, unexpected, mismatched);
    if (strict && !report.isComplete()) {
      throw new IllegalArgumentException("state dict does not match the model: " + report.problems());
    }
    try (NoGradGuard g = new NoGradGuard()) {
      for (String k : loaded) {
        own.get(k).copy_(checkpoint.get(k));
      }
    }
    return report;
  }

  /** Number of parameter elements (Ultralytics' "parameters"). */
  static long parameterCount(Module root) {
    long n = 0;
    for (Tensor t : parameters(root).values()) {
      n += t.numel();
    }
    return n;
  }

  /** Number of parameter elements that require gradients (Ultralytics' "gradients"). */
  static long gradientCount(Module root) {
    long n = 0;
    for (Tensor t : parameters(root).values()) {
      if (t.requires_grad()) {
        n += t.numel();
      }
    }
    return n;
  }

  /** Leaf modules as Ultralytics counts "layers": every layer's, plus the one shared SiLU if any Conv uses it. */
  static int layerCount(java.util.List<Layer> layers) {
    int n = 0;
    boolean silu = false;
    for (Layer l : layers) {
      n += l.block().leafModules();
      silu |= l.block().usesSilu();
    }
    return n + (silu ? 1 : 0);
  }

  /** True when BatchNorms have been folded into the convolutions. */
  static boolean isFused(Module root) {
    return of(root).keySet().stream().noneMatch(k -> k.endsWith(".running_var"));
  }
}
