package dev.yolojava.core.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Names tensors as {@code nn.Module.state_dict()} does: for each module its {@code _parameters}, then its
 * {@code _buffers} minus {@code _non_persistent_buffers_set}, skipping None, then each child of {@code _modules}
 * recursively with the prefix {@code child.}. Depth and key count are capped since a hostile pickle can make the
 * module graph cyclic or exponentially shared.
 */
final class StateDictWalker {
  static final int MAX_DEPTH = 64;
  static final int MAX_KEYS = 1_000_000;
  static final int MAX_MODULES = 1_000_000;

  private final String source;
  private final LinkedHashMap<String, TensorRef> out = new LinkedHashMap<>();
  private int modules;

  private StateDictWalker(String source) {
    this.source = source;
  }

  static LinkedHashMap<String, TensorRef> walk(PyObject root, String source) throws MalformedFileException {
    StateDictWalker w = new StateDictWalker(source);
    w.visit(root, "", 0);
    return w.out;
  }

  private void visit(PyObject module, String prefix, int depth) throws MalformedFileException {
    if (depth > MAX_DEPTH) {
      throw new MalformedFileException(source + ": modules nested deeper than " + MAX_DEPTH + " at '" + prefix + "'");
    }
    if (++modules > MAX_MODULES) {
      throw new MalformedFileException(source + ": module tree has more than " + MAX_MODULES + " modules");
    }
    addTensors(module, "_parameters", prefix, Set.of());
    Object nonPersistent = module.get("_non_persistent_buffers_set");
    addTensors(module, "_buffers", prefix, nonPersistent instanceof Set<?> s ? s : Set.of());
    for (Map.Entry<?, ?> child : dict(module, "_modules", prefix).entrySet()) {
      if (child.getValue() == null) {
        continue;
      }
      if (!(child.getValue() instanceof PyObject m)) {
        throw new MalformedFileException(source + ": module '" + prefix + child.getKey() + "' is a "
            + Values.describe(child.getValue()) + "; expected a module object");
      }
      visit(m, prefix + child.getKey() + ".", depth + 1);
    }
  }

  private void addTensors(PyObject module, String attribute, String prefix, Set<?> skip)
      throws MalformedFileException {
    for (Map.Entry<?, ?> e : dict(module, attribute, prefix).entrySet()) {
      if (e.getValue() == null || skip.contains(e.getKey())) {
        continue;
      }
      String key = prefix + e.getKey();
      if (!(e.getValue() instanceof TensorRef t)) {
        throw new MalformedFileException(source + ": state_dict entry '" + key + "' is a "
            + Values.describe(e.getValue()) + "; expected a tensor");
      }
      if (out.size() >= MAX_KEYS) {
        throw new MalformedFileException(source + ": state_dict has more than " + MAX_KEYS + " entries");
      }
      out.put(key, t);
    }
  }

  private Map<?, ?> dict(PyObject module, String attribute, String prefix) throws MalformedFileException {
    Object v = module.get(attribute);
    if (v == null) {
      return Map.of(); // plain objects (not nn.Module) have none
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new MalformedFileException(source + ": " + attribute + " of module '" + prefix + "' ("
          + module.className() + ") is a " + Values.describe(v) + "; expected a dict");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new MalformedFileException(source + ": " + attribute + " of module '" + prefix + "' has key "
            + Values.describe(k) + "; expected strings");
      }
    }
    return m;
  }
}
