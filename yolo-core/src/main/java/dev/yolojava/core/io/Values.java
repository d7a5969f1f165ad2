package dev.yolojava.core.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helpers over unpickled values. Every walk is depth-capped because a pickle can build arbitrarily deep or
 * self-referencing containers.
 */
final class Values {
  /** Deepest container nesting any walk follows. */
  static final int MAX_DEPTH = 256;

  private Values() {}

  /** A short description for error messages that never prints a (possibly huge or cyclic) container. */
  static String describe(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof String s) {
      return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return "int " + v;
    }
    if (v instanceof Double d) {
      return "float " + d;
    }
    if (v instanceof Boolean b) {
      return "bool " + (b ? "True" : "False");
    }
    if (v instanceof PyTuple t) {
      return "tuple of " + t.size();
    }
    if (v instanceof List<?> l) {
      return "list of " + l.size();
    }
    if (v instanceof Map<?, ?> m) {
      return "dict of " + m.size();
    }
    if (v instanceof Set<?> s) {
      return "set of " + s.size();
    }
    if (v instanceof byte[] b) {
      return "bytes of " + b.length;
    }
    if (v instanceof PyGlobal g) {
      return "global " + g.qualifiedName();
    }
    if (v instanceof PyObject o) {
      return "object " + o.type().qualifiedName();
    }
    if (v instanceof TensorRef) {
      return "tensor";
    }
    return v.getClass().getSimpleName();
  }

  /** Python only lets hashable values be dict keys or set members; lists/dicts/sets (which may be cyclic) are not. */
  static void requireHashable(Object key, String source, int depth) throws MalformedFileException {
    if (depth > MAX_DEPTH) {
      throw new MalformedFileException(source + ": dict key or set member nested deeper than " + MAX_DEPTH);
    }
    if (key instanceof PyTuple t) {
      for (Object o : t) {
        requireHashable(o, source, depth + 1);
      }
    } else if (key instanceof List || key instanceof Map || key instanceof Set) {
      throw new MalformedFileException(source + ": unhashable " + describe(key) + " used as a dict key or set member");
    }
  }

  /**
   * Converts an unpickled value to plain Java data: tuples and lists become {@link ArrayList}, dicts
   * {@link LinkedHashMap}, sets {@link LinkedHashSet}, objects the map of their attributes, globals their qualified
   * name; strings, numbers, booleans, null and tensors are kept.
   */
  static Object toPlain(Object v, String what) throws MalformedFileException {
    return toPlain(v, what, 0);
  }

  private static Object toPlain(Object v, String what, int depth) throws MalformedFileException {
    if (depth > MAX_DEPTH) {
      throw new MalformedFileException(what + " is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toPlain(o, what, depth + 1));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(toPlain(e.getKey(), what, depth + 1), toPlain(e.getValue(), what, depth + 1));
      }
      return out;
    }
    if (v instanceof Set<?> s) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object o : s) {
        out.add(toPlain(o, what, depth + 1));
      }
      return out;
    }
    if (v instanceof PyObject o) {
      return toPlain(o.attributes(), what, depth + 1);
    }
    if (v instanceof PyGlobal g) {
      return g.qualifiedName();
    }
    return v;
  }

  /** {@link #toPlain} of a dict whose keys must all be strings, e.g. {@code yaml} or {@code train_args}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toStringMap(Object v, String what) throws MalformedFileException {
    Object plain = toPlain(v, what);
    if (!(plain instanceof Map<?, ?> m)) {
      throw new MalformedFileException(what + " is a " + describe(v) + "; expected a dict");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new MalformedFileException(what + " has key " + describe(k) + "; expected string keys");
      }
    }
    return (Map<String, Object>) plain;
  }

  static boolean isInt(Object v) {
    return v instanceof Integer || v instanceof Long;
  }

}
