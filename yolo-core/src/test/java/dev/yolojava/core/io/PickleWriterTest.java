package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PickleWriterTest {
  private static final String PYTHON_VALUE = String.join("\n",
      "import collections, pickle",
      "class C: pass",
      "c = C(); c.x = 1; c.y = 'nc'",
      "v = {'nc': 8, 'names': {0: 'box', 1: 'disc'}, 'scale': 0.25, 'k': 255, 'k2': 256, 'm': 65535, 'i': 65536,",
      "     'neg': -5, 'i32': -2**31, 'big': 2**40, 'b31': 2**31, 'nb': -2**39, 'huge': -2**70,",
      "     'list': [1, 2.5, None, True, False, 'nc'], 't1': (1,), 't3': (1, 2, 3), 't4': (1, 2, 3, 4), 'e': (),",
      "     'u': '\\u00e9\\u2713', 's': {3}, 'od': collections.OrderedDict([('a', 1)]), 'a': c, 'b': [c, c]}");

  private static Map<String, Object> javaValue() {
    return javaValue(new PyGlobal("__main__", "C"));
  }

  private static Map<String, Object> javaValue(PyGlobal objectClass) {
    PyObject c = new PyObject(objectClass, List.of());
    c.put("x", 1);
    c.put("y", "nc");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("nc", 8);
    v.put("names", new LinkedHashMap<Object, Object>(Map.of(0, "box")));
    @SuppressWarnings("unchecked")
    Map<Object, Object> names = (Map<Object, Object>) v.get("names");
    names.put(1, "disc");
    v.put("scale", 0.25);
    v.put("k", 255);
    v.put("k2", 256);
    v.put("m", 65535);
    v.put("i", 65536);
    v.put("neg", -5);
    v.put("i32", Integer.MIN_VALUE);
    v.put("big", 1L << 40);
    v.put("b31", 1L << 31);
    v.put("nb", -(1L << 39));
    v.put("huge", BigInteger.TWO.pow(70).negate());
    List<Object> list = new ArrayList<>(List.of(1, 2.5));
    list.add(null);
    list.addAll(List.of(true, false, "nc"));
    v.put("list", list);
    v.put("t1", PyTuple.of(1));
    v.put("t3", PyTuple.of(1, 2, 3));
    v.put("t4", PyTuple.of(1, 2, 3, 4));
    v.put("e", PyTuple.of());
    v.put("u", "\u00e9\u2713");
    v.put("s", new LinkedHashSet<>(Set.of(3)));
    PyOrderedDict od = new PyOrderedDict();
    od.put("a", 1);
    v.put("od", od);
    v.put("a", c);
    v.put("b", new ArrayList<>(List.of(c, c)));
    return v;
  }

  @Test
  void bytesAreCPythonsProtocol2BytesOpcodeForOpcode() throws Exception {
    String expected = PythonStub.eval(PYTHON_VALUE + "\nprint(pickle.dumps(v, protocol=2).hex())");
    String actual = HexFormat.of().formatHex(PickleWriter.write(javaValue()));
    assertThat(actual).hasSize(expected.length()).isEqualTo(expected);
  }

  @Test
  void cpythonLoadsWhatItWouldHaveWritten() throws Exception {
    String hex = HexFormat.of().formatHex(PickleWriter.write(javaValue()));
    String result = PythonStub.eval(PYTHON_VALUE + "\nw = pickle.loads(bytes.fromhex('" + hex + "'))\n"
        + "print(w['b'][0] is w['b'][1] is w['a'], w['a'].__dict__ == c.__dict__, type(w['od']).__name__,"
        + " {k: x for k, x in w.items() if k not in ('a', 'b')} == {k: x for k, x in v.items() if k not in ('a', 'b')})");
    assertThat(result).isEqualTo("True True OrderedDict True");
  }

  @Test
  void ourReaderReadsItBackWithSharingKept() throws Exception {
    Map<String, Object> v = javaValue(new PyGlobal("ultralytics.nn.modules.conv", "Conv")); // on the whitelist
    v.remove("huge");
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) PickleReader.read(PickleWriter.write(v), "test", pid -> pid);
    assertThat(back.keySet()).containsExactlyElementsOf(v.keySet());
    assertThat(back.get("big")).isEqualTo(1L << 40);
    assertThat(back.get("i32")).isEqualTo(Integer.MIN_VALUE);
    assertThat(back.get("nb")).isEqualTo(-(1L << 39));
    assertThat(back.get("t4")).isEqualTo(List.of(1, 2, 3, 4)).isInstanceOf(PyTuple.class);
    assertThat(back.get("od")).isInstanceOf(PyOrderedDict.class).isEqualTo(Map.of("a", 1));
    assertThat(back.get("s")).isEqualTo(Set.of(3));
    assertThat(back.get("u")).isEqualTo("\u00e9\u2713");
    List<?> b = (List<?>) back.get("b");
    assertThat(b.get(0)).isSameAs(b.get(1)).isSameAs(back.get("a"));
    assertThat(((PyObject) back.get("a")).attributes()).isEqualTo(Map.of("x", 1, "y", "nc"));
  }

  @Test
  void sharedObjectIsWrittenOnceThenReferenced() {
    PyObject silu = new PyObject(new PyGlobal("torch.nn.modules.activation", "SiLU"), List.of());
    silu.put("inplace", true);
    byte[] once = PickleWriter.write(List.of(silu));
    byte[] many = PickleWriter.write(List.of(silu, silu, silu, silu));
    // each further reference is BINGET <index> (2 bytes); MARK opens the APPENDS batch that replaces APPEND
    assertThat(many.length - once.length).isEqualTo(3 * 2 + 1);
    assertThat(new String(many, java.nio.charset.StandardCharsets.ISO_8859_1))
        .containsOnlyOnce("torch.nn.modules.activation\nSiLU\n");
  }

  @Test
  void manyItemsAreBatchedByAThousandAndLongMemoIndicesWork() throws Exception {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      items.add("s" + i); // 2500 memoised strings: indices above 255 need LONG_BINPUT
    }
    items.add("s7");
    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) PickleReader.read(PickleWriter.write(items), "test", pid -> pid);
    assertThat(back).hasSize(2501).startsWith("s0", "s1").endsWith("s2499", "s7");
  }

  @Test
  void unsupportedValuesAndRunawayNestingAreRefused() {
    assertThatThrownBy(() -> PickleWriter.write(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pickle: cannot write a java.lang.Object; expected None, bool, int, float, str, tuple, list,"
            + " dict, set, a global, an object or a tensor");
    List<Object> deep = new ArrayList<>();
    List<Object> cur = deep;
    for (int i = 0; i < 600; i++) {
      List<Object> next = new ArrayList<>();
      cur.add(PyTuple.of((Object) next));
      cur = next;
    }
    assertThatThrownBy(() -> PickleWriter.write(deep)).hasMessage("pickle: data nested deeper than 512 levels");
  }

  @Test
  void aListContainingItselfIsWrittenThroughTheMemo() throws Exception {
    List<Object> self = new ArrayList<>();
    self.add(1);
    self.add(self);
    List<?> back = (List<?>) PickleReader.read(PickleWriter.write(self), "test", pid -> pid);
    assertThat(back.get(0)).isEqualTo(1);
    assertThat(back.get(1)).isSameAs(back);
  }
}
