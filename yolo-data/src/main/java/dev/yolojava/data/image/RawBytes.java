package dev.yolojava.data.image;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/** A non-owning pointer at a raw native address (memory that a tensor or another buffer owns). */
public final class RawBytes extends BytePointer {
  /** {@code bytes} at {@code address}; closing it frees nothing. */
  public RawBytes(long address, long bytes) {
    super((Pointer) null);
    this.address = address;
    this.limit = bytes;
    this.capacity = bytes;
  }
}
