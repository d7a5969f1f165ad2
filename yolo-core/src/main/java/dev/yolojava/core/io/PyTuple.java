package dev.yolojava.core.io;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable Python tuple. Kept distinct from {@link java.util.ArrayList} (a Python list) because only tuples may be
 * dict keys or set members; nulls (Python {@code None}) are allowed.
 */
public final class PyTuple extends AbstractList<Object> implements RandomAccess {
  private static final PyTuple EMPTY = new PyTuple(new Object[0]);
  private final Object[] items;

  private PyTuple(Object[] items) {
    this.items = items;
  }

  /** A tuple holding a copy of {@code items}. */
  public static PyTuple of(List<?> items) {
    return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
  }

  /** A tuple of the given items (copied). */
  public static PyTuple of(Object... items) {
    return items.length == 0 ? EMPTY : new PyTuple(items.clone());
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
