package dev.yolojava.core.io;

/**
 * A storage a pickle points to through a persistent id {@code ('storage', torch.HalfStorage, key, location, numel)};
 * its bytes live in the archive entry {@code data/<key>}.
 */
public record StorageRef(String key, StorageType type, String location, long numel) {
  /** The archive entry name relative to the checkpoint's prefix, e.g. {@code data/7}. */
  public String entryName() {
    return "data/" + key;
  }

  /** Bytes the storage declares ({@code numel * itemSize}); saturates instead of overflowing. */
  public long declaredBytes() {
    return numel > Long.MAX_VALUE / type.itemSize() ? Long.MAX_VALUE : numel * type.itemSize();
  }

  /** Parses and validates a persistent id tuple. */
  static StorageRef fromPersistentId(Object pid, String source) throws MalformedFileException {
    if (!(pid instanceof PyTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
      throw new MalformedFileException(source + ": persistent id must be ('storage', type, key, location, numel) but"
          + " is a " + Values.describe(pid));
    }
    if (!(t.get(1) instanceof PyGlobal g)) {
      throw new MalformedFileException(source + ": persistent id storage type is a " + Values.describe(t.get(1))
          + "; expected one of torch." + StorageType.allNames());
    }
    StorageType type = StorageType.fromGlobal(g).orElseThrow(() -> new MalformedFileException(source
        + ": persistent id names '" + g.qualifiedName() + "' as a storage type; expected one of torch."
        + StorageType.allNames()));
    if (!(t.get(2) instanceof String key) || !key.matches("[A-Za-z0-9_.]{1,64}") || key.contains("..")) {
      throw new MalformedFileException(source + ": persistent id storage key must be a short name of letters, digits,"
          + " '_' or '.' but is " + Values.describe(t.get(2)));
    }
    if (!(t.get(3) instanceof String location)) {
      throw new MalformedFileException(source + ": storage '" + key + "' location is a " + Values.describe(t.get(3))
          + "; expected a string such as 'cpu'");
    }
    Object n = t.get(4);
    if (!(n instanceof Integer || n instanceof Long) || ((Number) n).longValue() < 0) {
      throw new MalformedFileException(source + ": storage '" + key + "' numel is " + Values.describe(n)
          + "; expected a non-negative integer");
    }
    return new StorageRef(key, type, location, ((Number) n).longValue());
  }
}
