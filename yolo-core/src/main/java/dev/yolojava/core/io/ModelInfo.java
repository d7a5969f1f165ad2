package dev.yolojava.core.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads Ultralytics-specific facts out of an unpickled {@code DetectionModel} object graph. */
final class ModelInfo {
  private ModelInfo() {}

  /** {@code names}: a dict {0: 'person', ...} with keys 0..n-1, or a list of strings; empty if absent. */
  static List<String> names(Object names, String source) throws MalformedFileException {
    if (names == null) {
      return List.of();
    }
    if (names instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        out.add(nameString(o, out.size(), source));
      }
      return Collections.unmodifiableList(out);
    }
    if (!(names instanceof Map<?, ?> map)) {
      throw new MalformedFileException(source + ": model names is a " + Values.describe(names)
          + "; expected a dict of index to name");
    }
    TreeMap<Integer, String> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof Integer i)) {
        throw new MalformedFileException(source + ": model names has key " + Values.describe(e.getKey())
            + "; expected class indices 0.." + (map.size() - 1));
      }
      sorted.put(i, nameString(e.getValue(), i, source));
    }
    if (!sorted.isEmpty() && (sorted.firstKey() != 0 || sorted.lastKey() != sorted.size() - 1)) {
      throw new MalformedFileException(source + ": model names has indices " + sorted.firstKey() + ".."
          + sorted.lastKey() + " for " + sorted.size() + " names; expected 0.." + (sorted.size() - 1));
    }
    return List.copyOf(sorted.values());
  }

  private static String nameString(Object o, int index, String source) throws MalformedFileException {
    if (!(o instanceof String s)) {
      throw new MalformedFileException(source + ": class name " + index + " is a " + Values.describe(o)
          + "; expected a string");
    }
    return s;
  }

  /** The layers of {@code model.model} (an nn.Sequential) in order. */
  static List<PyObject> layers(PyObject model, String source) {
    Object seq = children(model).get("model");
    if (!(seq instanceof PyObject sequential)) {
      throw new IllegalStateException(source + ": model has no 'model' submodule (found "
          + children(model).keySet() + ")");
    }
    List<PyObject> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : children(sequential).entrySet()) {
      if (!(e.getValue() instanceof PyObject layer)) {
        throw new IllegalStateException(source + ": layer model." + e.getKey() + " is a "
            + Values.describe(e.getValue()) + "; expected a module");
      }
      out.add(layer);
    }
    return Collections.unmodifiableList(out);
  }

  static Map<?, ?> children(PyObject module) {
    return module.get("_modules") instanceof Map<?, ?> m ? m : Map.of();
  }

  /** The head configuration of the last layer, with Ultralytics' class defaults where attributes are absent. */
  static DetectHead head(PyObject layer, String source) {
    int nc = intAttr(layer, "nc", null, source);
    int regMax = intAttr(layer, "reg_max", 16, source);
    Object e2e = layer.get("_end2end");
    Map<?, ?> children = children(layer);
    boolean hasOne2One = children.get("one2one_cv2") != null && children.get("one2one_cv3") != null;
    boolean end2end = (e2e == null || Boolean.TRUE.equals(e2e)) && hasOne2One;
    int nl = intAttr(layer, "nl", null, source);
    int maxDet = intAttr(layer, "max_det", 300, source);
    boolean legacy = Boolean.TRUE.equals(layer.get("legacy"));
    return new DetectHead(layer.className(), nc, nl, regMax, end2end, maxDet, legacy);
  }

  private static int intAttr(PyObject o, String name, Integer fallback, String source) {
    Object v = o.get(name);
    if (v == null && fallback != null) {
      return fallback;
    }
    if (!(v instanceof Integer i)) {
      throw new IllegalStateException(source + ": " + o.className() + "." + name + " is " + Values.describe(v)
          + "; expected an int");
    }
    return i;
  }
}
