package dev.yolojava.core.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Python object rebuilt from a pickle as plain data: its class and its attribute dictionary (what {@code BUILD}
 * set, i.e. the object's {@code __dict__}). No Java or Python class is instantiated for it. Identity semantics: two
 * PyObjects are equal only if they are the same object, as in Python.
 */
public final class PyObject {
  private final PyGlobal type;
  private final List<Object> constructorArgs;
  private final Map<String, Object> attributes = new LinkedHashMap<>();

  PyObject(PyGlobal type, List<Object> constructorArgs) {
    this.type = type;
    this.constructorArgs = constructorArgs;
  }

  /** The class, e.g. {@code ultralytics.nn.modules.conv.Conv}. */
  public PyGlobal type() {
    return type;
  }

  /** The class's simple name, e.g. {@code Conv}. */
  public String className() {
    return type.name();
  }

  /** The arguments the pickle passed to the class (usually empty for modules). */
  public List<Object> constructorArgs() {
    return constructorArgs;
  }

  /** The attribute dictionary, in pickle order (unmodifiable view). */
  public Map<String, Object> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  /** Whether the attribute dictionary has {@code name}. */
  public boolean has(String name) {
    return attributes.containsKey(name);
  }

  /** The attribute {@code name}, or null if absent or None. */
  public Object get(String name) {
    return attributes.get(name);
  }

  void put(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public String toString() {
    // attribute values are not printed: they may be huge or self-referencing
    return type.qualifiedName() + attributes.keySet();
  }
}
