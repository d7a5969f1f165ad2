package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.primitives.Ints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a model YAML's {@code backbone}/{@code head}: {@code [from, repeats, module, args]}.
 *
 * @param index position in backbone + head (the {@code N} of {@code model.N.*} state-dict keys)
 * @param from input layer indices as written (-1 = previous layer; negative values count from this layer)
 * @param repeats repeats before depth scaling
 * @param module module name as written, e.g. {@code Conv}, {@code nn.Upsample}
 * @param args raw arguments as written (strings like {@code nc} or {@code None} are resolved later)
 */
public record LayerSpec(int index, List<Integer> from, int repeats, String module, List<Object> args) {

  public LayerSpec {
    from = List.copyOf(from);
    args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  /** True when this layer reads the output of several layers, i.e. {@code from} was a list. */
  public boolean multiInput() {
    return from.size() > 1;
  }

  /** Parses a YAML row; errors name the layer and the bad value. */
  static LayerSpec parse(int index, Object row) {
    checkArgument(
        row instanceof List<?> l && l.size() == 4,
        "model YAML layer %s: expected [from, repeats, module, args] but got %s",
        index,
        row);
    List<?> r = (List<?>) row;
    List<Integer> from = parseFrom(index, r.get(0));
    Object n = r.get(1);
    checkArgument(
        n instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue()) && num.intValue() >= 1,
        "model YAML layer %s: repeats is %s, expected an integer >= 1",
        index,
        n);
    checkArgument(
        r.get(2) instanceof String s && !s.isBlank(),
        "model YAML layer %s: module is %s, expected a module name such as 'Conv'",
        index,
        r.get(2));
    Object args = r.get(3);
    checkArgument(
        args instanceof List<?>, "model YAML layer %s: args is %s, expected a list", index, args);
    return new LayerSpec(index, from, ((Number) n).intValue(), (String) r.get(2), new ArrayList<>((List<?>) args));
  }

  private static List<Integer> parseFrom(int index, Object f) {
    List<?> raw = f instanceof List<?> l ? l : java.util.Collections.singletonList(f); // f may be null ('~')
    checkArgument(!raw.isEmpty(), "model YAML layer %s: 'from' is an empty list", index);
    List<Integer> out = new ArrayList<>();
    for (Object o : raw) {
      checkArgument(
          o instanceof Integer || o instanceof Long,
          "model YAML layer %s: 'from' entry %s is not an integer layer index",
          index,
          o);
      int v = Ints.checkedCast(((Number) o).longValue());
      int resolved = v < 0 ? index + v : v;
      if (index == 0) {
        // the first layer reads the input image, which Ultralytics addresses as -1
        checkArgument(v == -1, "model YAML layer 0: 'from' is %s, expected -1 (the input image)", v);
        out.add(v);
        continue;
      }
      checkArgument(
          resolved >= 0 && resolved < index,
          "model YAML layer %s: 'from' index %s refers to layer %s, expected an earlier layer (0..%s)",
          index,
          v,
          resolved,
          index - 1);
      out.add(v);
    }
    return out;
  }
}
