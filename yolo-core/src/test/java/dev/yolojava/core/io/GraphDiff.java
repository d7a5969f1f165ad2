package dev.yolojava.core.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two unpickled object graphs node by node: classes, attribute names and order, plain values (ints
 * compared as longs), tensors (storage type, shape, stride, Parameter or not, and every element), and sharing (an
 * object reached twice in one graph must be reached at the same places in the other).
 */
final class GraphDiff {
  private final Checkpoint left;
  private final Checkpoint right;
  private final Set<String> skip;
  private final Map<Object, Object> pairs = new IdentityHashMap<>();
  private final List<String> differences = new ArrayList<>();

  private GraphDiff(Checkpoint left, Checkpoint right, Set<String> skip) {
    this.left = left;
    this.right = right;
    this.skip = skip;
  }

  /** Differences between {@code a} (of checkpoint {@code left}) and {@code b}; attribute names in skip are ignored. */
  static List<String> of(Checkpoint left, Object a, Checkpoint right, Object b, Set<String> skip) {
    GraphDiff d = new GraphDiff(left, right, skip);
    d.compare("root", a, b);
    return d.differences;
  }

  private void compare(String path, Object a, Object b) {
    if (differences.size() > 20) {
      return;
    }
    if (a instanceof PyObject || a instanceof TensorRef || a instanceof Map || a instanceof List) {
      Object seen = pairs.putIfAbsent(a, b);
      if (seen != null) {
        if (seen != b) {
          differences.add(path + ": shared differently");
        }
        return;
      }
    }
    if (a instanceof PyObject x && b instanceof PyObject y) {
      if (!x.type().equals(y.type())) {
        differences.add(path + ": class " + x.type() + " vs " + y.type());
        return;
      }
      List<String> ka = x.attributes().keySet().stream().filter(k -> !skip.contains(k)).toList();
      List<String> kb = y.attributes().keySet().stream().filter(k -> !skip.contains(k)).toList();
      if (!ka.equals(kb)) {
        differences.add(path + ": attributes " + ka + " vs " + kb);
        return;
      }
      for (String k : ka) {
        compare(path + "." + k, x.get(k), y.get(k));
      }
    } else if (a instanceof TensorRef x && b instanceof TensorRef y) {
      if (x.storage().type() != y.storage().type() || !Arrays.equals(x.shape(), y.shape())
          || !Arrays.equals(x.stride(), y.stride()) || x.isParameter() != y.isParameter()
          || x.requiresGrad() != y.requiresGrad()) {
        differences.add(path + ": tensor " + x + " vs " + y);
      } else if (!Arrays.equals(left.floats(path, x), right.floats(path, y))) {
        differences.add(path + ": tensor values differ");
      }
    } else if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.getClass() != y.getClass() && (x instanceof PyOrderedDict || y instanceof PyOrderedDict)) {
        differences.add(path + ": " + x.getClass().getSimpleName() + " vs " + y.getClass().getSimpleName());
      }
      if (!new ArrayList<>(x.keySet()).equals(new ArrayList<>(y.keySet()))) {
        differences.add(path + ": keys " + x.keySet() + " vs " + y.keySet());
        return;
      }
      for (Object k : x.keySet()) {
        compare(path + "[" + k + "]", x.get(k), y.get(k));
      }
    } else if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof PyTuple) == (b instanceof PyTuple)) {
      if (x.size() != y.size()) {
        differences.add(path + ": " + x.size() + " vs " + y.size() + " items");
        return;
      }
      for (int i = 0; i < x.size(); i++) {
        compare(path + "[" + i + "]", x.get(i), y.get(i));
      }
    } else if (!Objects.equals(normal(a), normal(b))) {
      differences.add(path + ": " + Values.describe(a) + " vs " + Values.describe(b));
    }
  }

  private static Object normal(Object v) {
    return v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : v;
  }
}
