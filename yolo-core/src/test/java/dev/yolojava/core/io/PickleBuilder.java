package dev.yolojava.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes protocol-2 pickle opcodes by hand, to build well-formed and hostile test inputs. */
final class PickleBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleBuilder() {
    op(0x80).op(2);
  }

  PickleBuilder op(int b) {
    out.write(b);
    return this;
  }

  PickleBuilder raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  PickleBuilder mark() {
    return op('(');
  }

  PickleBuilder str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    le32(b.length);
    return raw(b);
  }

  PickleBuilder integer(int v) {
    op('J');
    return le32(v);
  }

  PickleBuilder le32(int v) {
    for (int i = 0; i < 4; i++) {
      out.write((v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  /** LONG1 of an arbitrary 64-bit value. */
  PickleBuilder long1(long v) {
    op(0x8a).op(8);
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  PickleBuilder global(String module, String name) {
    op('c');
    raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  PickleBuilder none() {
    return op('N');
  }

  PickleBuilder emptyDict() {
    return op('}');
  }

  PickleBuilder emptyTuple() {
    return op(')');
  }

  PickleBuilder tuple() {
    return op('t');
  }

  PickleBuilder setItems() {
    return op('u');
  }

  PickleBuilder reduce() {
    return op('R');
  }

  PickleBuilder stop() {
    return op('.');
  }

  PickleBuilder orderedDict() {
    return global("collections", "OrderedDict").emptyTuple().reduce();
  }

  /** A tuple of ints: MARK ints TUPLE (LONG1 for values beyond 32 bits). */
  PickleBuilder ints(long... values) {
    mark();
    for (long v : values) {
      if (v == (int) v) {
        integer((int) v);
      } else {
        long1(v);
      }
    }
    return tuple();
  }

  /** {@code _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, {})}. */
  PickleBuilder tensor(String storageType, String key, long numel, int offset, long[] size, long[] stride) {
    global("torch._utils", "_rebuild_tensor_v2").mark();
    mark().str("storage").global("torch", storageType).str(key).str("cpu");
    if (numel > Integer.MAX_VALUE) {
      long1(numel);
    } else {
      integer((int) numel);
    }
    tuple().op('Q'); // BINPERSID
    integer(offset).ints(size).ints(stride).op(0x89).orderedDict();
    return tuple().reduce();
  }

  /** NEWOBJ of a module class, then BUILD with {_parameters, _buffers, _modules} opened for the caller to fill. */
  PickleBuilder moduleStart(String module, String className) {
    return global(module, className).emptyTuple().op(0x81).emptyDict().mark();
  }

  PickleBuilder moduleEnd() {
    return setItems().op('b');
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Writes a torch.save-style zip: {@code archive/data.pkl}, {@code archive/byteorder}, and the given entries. */
  static Path writeCheckpoint(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
    try (OutputStream os = java.nio.file.Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "archive/data.pkl", pickle);
      put(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      for (Map.Entry<String, byte[]> e : storages.entrySet()) {
        put(zip, "archive/data/" + e.getKey(), e.getValue());
      }
    }
    return file;
  }

  static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }
}
