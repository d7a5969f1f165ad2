package dev.yolojava.core.io;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The typed torch storages a checkpoint may reference ({@code torch.HalfStorage}, ...), with their element sizes. */
public enum StorageType {
  FLOAT("FloatStorage", 4, true),
  HALF("HalfStorage", 2, true),
  BFLOAT16("BFloat16Storage", 2, true),
  DOUBLE("DoubleStorage", 8, true),
  LONG("LongStorage", 8, false),
  INT("IntStorage", 4, false),
  BYTE("ByteStorage", 1, false),
  BOOL("BoolStorage", 1, false);

  private final String pythonName;
  private final int itemSize;
  private final boolean floating;

  StorageType(String pythonName, int itemSize, boolean floating) {
    this.pythonName = pythonName;
    this.itemSize = itemSize;
    this.floating = floating;
  }

  /** The class name under {@code torch}, e.g. {@code HalfStorage}. */
  public String pythonName() {
    return pythonName;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /** Whether elements are floating point (materialised as float32). */
  public boolean isFloating() {
    return floating;
  }

  /** The storage type for a {@code torch.<Name>Storage} global, if it is one we read. */
  public static Optional<StorageType> fromGlobal(PyGlobal global) {
    if (!"torch".equals(global.module())) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(t -> t.pythonName.equals(global.name())).findFirst();
  }

  static String allNames() {
    return Arrays.stream(values()).map(StorageType::pythonName).collect(Collectors.joining(", "));
  }
}
