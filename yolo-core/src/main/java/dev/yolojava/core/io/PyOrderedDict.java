package dev.yolojava.core.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python {@code collections.OrderedDict}: a map kept distinct from a plain {@code dict} so that a graph read from
 * a pickle and written again keeps the class PyTorch modules use for their hook tables.
 */
public final class PyOrderedDict extends LinkedHashMap<Object, Object> {
  private static final long serialVersionUID = 1L;

  /** An empty OrderedDict. */
  public PyOrderedDict() {}

  /** An OrderedDict holding {@code entries} in their iteration order. */
  public PyOrderedDict(Map<?, ?> entries) {
    super(entries);
  }
}
