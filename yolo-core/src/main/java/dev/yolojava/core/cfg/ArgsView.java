package dev.yolojava.core.cfg;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Read access to a configuration by Ultralytics key; the typed settings interfaces build their getters on
 * {@link #get}. Values are those {@link YoloArgs} normalises: {@code Integer}, {@code Double}, {@code Boolean},
 * {@code String}, {@code List} or null.
 */
public interface ArgsView {
  /** The value of {@code key} (null when unset); throws naming the key if it is not a configuration key. */
  Object get(String key);

  /** The value of an int key. */
  default int intArg(String key) {
    return (Integer) get(key);
  }

  /** The value of a float key. */
  default double doubleArg(String key) {
    return ((Number) get(key)).doubleValue();
  }

  /** The value of a bool key. */
  default boolean boolArg(String key) {
    return (Boolean) get(key);
  }

  /** The value of a str key, empty when unset. */
  default Optional<String> stringArg(String key) {
    return Optional.ofNullable((String) get(key));
  }

  /** The value of an optional int key. */
  default OptionalInt optionalInt(String key) {
    Object v = get(key);
    return v == null ? OptionalInt.empty() : OptionalInt.of((Integer) v);
  }

  /** The value of an optional float key. */
  default OptionalDouble optionalDouble(String key) {
    Object v = get(key);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) v).doubleValue());
  }

  /** The value of an int-list key, empty when unset. */
  @SuppressWarnings("unchecked")
  default List<Integer> intList(String key) {
    Object v = get(key);
    return v == null ? List.of() : (List<Integer>) v;
  }
}
