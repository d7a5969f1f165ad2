package dev.yolojava.core.io;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes plain data as a protocol-2 pickle, opcode for opcode as CPython's pickler (and so {@code torch.save}) does:
 * memoised containers and strings ({@code BINPUT}/{@code BINGET}, so a shared object such as Ultralytics' single
 * SiLU module is written once), batched {@code SETITEMS}/{@code APPENDS}, objects as {@code NEWOBJ} + {@code BUILD}.
 *
 * <p>Values: null, Boolean, Integer/Long/BigInteger, Double/Float, String, {@link PyTuple}, List (a Python list),
 * {@link PyOrderedDict}, any other Map (a dict), Set (a set), {@link PyGlobal}, {@link PyObject} and
 * {@link TensorRef} (a {@code torch._utils._rebuild_tensor_v2} call whose storage is a persistent id
 * {@code ('storage', torch.<Type>Storage, key, location, numel)}).
 */
final class PickleWriter {
  /** Deepest nesting written; deeper (or cyclic through tuples) data is refused instead of overflowing the stack. */
  static final int MAX_DEPTH = 512;
  private static final int BATCH = 1000; // CPython's _BATCHSIZE

  private static final PyGlobal SET = new PyGlobal("__builtin__", "set"); // protocol 2 spelling of builtins.set
  private static final PyGlobal ORDERED_DICT = new PyGlobal("collections", "OrderedDict");
  private static final PyGlobal REBUILD_TENSOR = new PyGlobal("torch._utils", "_rebuild_tensor_v2");
  private static final PyGlobal REBUILD_PARAMETER = new PyGlobal("torch._utils", "_rebuild_parameter");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
  private final Map<Object, Integer> memoByIdentity = new IdentityHashMap<>();
  private final Map<Object, Integer> memoByValue = new HashMap<>(); // immutable values: strings and globals
  private int memoSize;
  private int depth;

  private PickleWriter() {}

  /** Pickles {@code root}; IllegalArgumentException names any value that cannot be written. */
  static byte[] write(Object root) {
    PickleWriter w = new PickleWriter();
    w.op(0x80).op(2); // PROTO 2
    w.save(root);
    w.op('.');
    return w.out.toByteArray();
  }

  private void save(Object v) {
    if (++depth > MAX_DEPTH) {
      throw new IllegalArgumentException("pickle: data nested deeper than " + MAX_DEPTH + " levels");
    }
    try {
      dispatch(v);
    } finally {
      depth--;
    }
  }

  private void dispatch(Object v) {
    if (v == null) {
      op('N');
    } else if (v instanceof Boolean b) {
      op(b ? 0x88 : 0x89);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      saveInt(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      saveBigInt(b);
    } else if (v instanceof Double || v instanceof Float) {
      op('G');
      long bits = Double.doubleToRawLongBits(((Number) v).doubleValue());
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (bits >>> shift));
      }
    } else if (v instanceof String s) {
      saveString(s);
    } else if (v instanceof PyGlobal g) {
      saveGlobal(g);
    } else if (v instanceof PyTuple t) {
      saveTuple(t);
    } else if (v instanceof TensorRef t) {
      saveTensor(t);
    } else if (v instanceof StorageRef s) {
      save(PyTuple.of("storage", new PyGlobal("torch", s.type().pythonName()), s.key(), s.location(), s.numel()));
      op('Q'); // BINPERSID: the unpickler asks torch for the storage; never memoised
    } else if (v instanceof PyObject o) {
      saveObject(o);
    } else if (v instanceof PyCall c) {
      save(c.fn());
      save(c.args());
      op('R');
    } else if (v instanceof PyOrderedDict d) {
      if (!getIfMemoised(d)) {
        save(ORDERED_DICT);
        op(')').op('R');
        memoise(d);
        saveItems(d);
      }
    } else if (v instanceof Map<?, ?> m) {
      if (!getIfMemoised(m)) {
        op('}');
        memoise(m);
        saveItems(m);
      }
    } else if (v instanceof List<?> l) {
      saveList(l);
    } else if (v instanceof Set<?> s) {
      if (!getIfMemoised(s)) {
        save(SET); // protocol 2 has no set opcode: set(list)
        save(PyTuple.of((Object) new ArrayList<>(s)));
        op('R');
        memoise(s);
      }
    } else {
      throw new IllegalArgumentException("pickle: cannot write a " + v.getClass().getName() + "; expected None, bool,"
          + " int, float, str, tuple, list, dict, set, a global, an object or a tensor");
    }
  }

  private void saveInt(long x) {
    if (x >= 0 && x <= 0xff) {
      op('K').op((int) x);
    } else if (x >= 0 && x <= 0xffff) {
      op('M').op((int) x & 0xff).op((int) (x >>> 8));
    } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
      op('J');
      le32((int) x);
    } else {
      saveBigInt(BigInteger.valueOf(x));
    }
  }

  private void saveBigInt(BigInteger b) {
    if (b.bitLength() < 32) {
      saveInt(b.longValue());
      return;
    }
    byte[] be = b.toByteArray(); // minimal two's complement, big-endian; LONG1 wants little-endian
    if (be.length > 255) {
      throw new IllegalArgumentException("pickle: integer of " + be.length + " bytes; at most 255 supported");
    }
    op(0x8a).op(be.length);
    for (int i = be.length - 1; i >= 0; i--) {
      out.write(be[i]);
    }
  }

  private void saveString(String s) {
    Integer at = memoByValue.get(s);
    if (at != null) {
      get(at);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    le32(utf8.length);
    out.writeBytes(utf8);
    memoByValue.put(s, put());
  }

  private void saveGlobal(PyGlobal g) {
    Integer at = memoByValue.get(g);
    if (at != null) {
      get(at);
      return;
    }
    op('c');
    out.writeBytes((g.module() + "\n" + g.name() + "\n").getBytes(StandardCharsets.UTF_8));
    memoByValue.put(g, put());
  }

  private void saveTuple(PyTuple t) {
    if (t.isEmpty()) {
      op(')'); // the empty tuple is a singleton: never memoised
      return;
    }
    if (getIfMemoised(t)) {
      return;
    }
    boolean small = t.size() <= 3;
    if (!small) {
      op('(');
    }
    for (Object o : t) {
      save(o);
    }
    Integer at = memoByIdentity.get(t);
    if (at != null) { // the tuple was reached again through one of its items: drop the copy, refer to the memo
      if (small) {
        for (int i = 0; i < t.size(); i++) {
          op('0');
        }
      } else {
        op('1');
      }
      get(at);
      return;
    }
    op(small ? 0x84 + t.size() : 't');
    memoise(t);
  }

  private void saveList(List<?> l) {
    if (getIfMemoised(l)) {
      return;
    }
    op(']');
    memoise(l);
    for (int from = 0; from < l.size(); from += BATCH) {
      List<?> batch = l.subList(from, Math.min(l.size(), from + BATCH));
      if (batch.size() == 1) {
        save(batch.get(0));
        op('a');
      } else {
        op('(');
        batch.forEach(this::save);
        op('e');
      }
    }
  }

  private void saveItems(Map<?, ?> m) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
    for (int from = 0; from < entries.size(); from += BATCH) {
      List<Map.Entry<?, ?>> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
      if (batch.size() > 1) {
        op('(');
      }
      for (Map.Entry<?, ?> e : batch) {
        save(e.getKey());
        save(e.getValue());
      }
      op(batch.size() > 1 ? 'u' : 's');
    }
  }

  private void saveObject(PyObject o) {
    if (getIfMemoised(o)) {
      return;
    }
    save(o.type());
    save(PyTuple.of(o.constructorArgs()));
    op(0x81); // NEWOBJ: cls.__new__(cls, *args), as copyreg's __reduce_ex__(2) asks for
    memoise(o);
    if (!o.attributes().isEmpty()) {
      save(new LinkedHashMap<>(o.attributes()));
      op('b');
    }
  }

  /** torch.save's reduction: {@code _rebuild_parameter(_rebuild_tensor_v2(...), requires_grad, OrderedDict())}. */
  private void saveTensor(TensorRef t) {
    if (getIfMemoised(t)) {
      return;
    }
    if (t.isParameter()) {
      save(REBUILD_PARAMETER);
      saveRebuildTensor(t, false); // a Parameter's data never requires grad itself
      put(); // the inner tensor is an object of its own in Python's memo
      save(t.requiresGrad());
      save(new PyOrderedDict());
      op(0x87); // TUPLE3
      put(); // the argument tuple
      op('R');
    } else {
      saveRebuildTensor(t, t.requiresGrad());
    }
    memoise(t);
  }

  private void saveRebuildTensor(TensorRef t, boolean requiresGrad) {
    save(REBUILD_TENSOR);
    save(PyTuple.of(t.storage(), t.storageOffset(), PyTuple.of(boxed(t.shape())), PyTuple.of(boxed(t.stride())),
        requiresGrad, new PyOrderedDict()));
    op('R');
  }

  private static List<Object> boxed(long[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  // ---- memo

  private boolean getIfMemoised(Object o) {
    Integer at = memoByIdentity.get(o);
    if (at == null) {
      return false;
    }
    get(at);
    return true;
  }

  private void memoise(Object o) {
    memoByIdentity.put(o, put());
  }

  private int put() {
    int at = memoSize++;
    if (at < 256) {
      op('q').op(at);
    } else {
      op('r');
      le32(at);
    }
    return at;
  }

  private void get(int at) {
    if (at < 256) {
      op('h').op(at);
    } else {
      op('j');
      le32(at);
    }
  }

  private PickleWriter op(int b) {
    out.write(b);
    return this;
  }

  private void le32(int x) {
    out.write(x);
    out.write(x >>> 8);
    out.write(x >>> 16);
    out.write(x >>> 24);
  }
}
