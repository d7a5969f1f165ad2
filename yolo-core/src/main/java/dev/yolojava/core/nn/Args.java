package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The user-written arguments of one YAML layer, read positionally against the module's parameter names, with
 * Ultralytics' defaults and errors that name the layer, module and bad value.
 */
final class Args {
  private final int layer;
  private final String module;
  private final List<Object> values;
  private final List<String> names;

  /**
   * @param names the module's YAML parameter names in order (the first {@code required} have no default)
   */
  Args(int layer, String module, List<Object> values, List<String> names, int required) {
    this.layer = layer;
    this.module = module;
    this.values = values;
    this.names = names;
    checkArgument(
        values.size() <= names.size(),
        "model YAML layer %s (%s): %s args %s, but %s takes at most %s: %s",
        layer,
        module,
        values.size(),
        values,
        module,
        names.size(),
        names);
    checkArgument(
        values.size() >= required,
        "model YAML layer %s (%s): %s args %s, but %s needs at least %s: %s",
        layer,
        module,
        values.size(),
        values,
        module,
        required,
        names.subList(0, required));
  }

  boolean has(int i) {
    return i < values.size() && values.get(i) != null;
  }

  int integer(int i, int dflt) {
    if (!has(i)) {
      return dflt;
    }
    Object v = values.get(i);
    checkArgument(
        v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(v instanceof Double d && d.isNaN()),
        "model YAML layer %s (%s): %s is %s, expected an integer",
        layer,
        module,
        names.get(i),
        v);
    return ((Number) v).intValue();
  }

  double real(int i, double dflt) {
    if (!has(i)) {
      return dflt;
    }
    Object v = values.get(i);
    checkArgument(
        v instanceof Number, "model YAML layer %s (%s): %s is %s, expected a number", layer, module, names.get(i), v);
    return ((Number) v).doubleValue();
  }

  boolean bool(int i, boolean dflt) {
    if (!has(i)) {
      return dflt;
    }
    Object v = values.get(i);
    checkArgument(
        v instanceof Boolean, "model YAML layer %s (%s): %s is %s, expected True or False", layer, module, names.get(i), v);
    return (Boolean) v;
  }

  /** A kernel given as {@code k} or {@code [k1, k2]}; returns both sizes. */
  int[] kernelPair(int i, int dflt) {
    if (has(i) && values.get(i) instanceof List<?> l) {
      checkArgument(
          l.size() == 2 && l.stream().allMatch(Number.class::isInstance),
          "model YAML layer %s (%s): %s is %s, expected an integer or [k1, k2]",
          layer,
          module,
          names.get(i),
          l);
      return new int[] {((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue()};
    }
    int k = integer(i, dflt);
    return new int[] {k, k};
  }

  Object raw(int i) {
    return has(i) ? values.get(i) : null;
  }

  String where() {
    return "model YAML layer " + layer + " (" + module + ")";
  }
}
