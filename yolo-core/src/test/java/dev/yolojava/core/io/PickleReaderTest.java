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
import org.junit.jupiter.api.Test;

class PickleReaderTest {
  /**
   * {@code pickle.dumps(obj, protocol=p)} by CPython 3 of {'a': [1, 2.5, None, True, 'xyz'], 'b': (1, (2, 3)),
   * 'big': 2**70, 'neg': -2**40, 'i': -7, 'k': 300, 's': {1, 2}, 'od': OrderedDict(z=1, y=[0.1]), 'u': 'héllo',
   * 'shared': <the same list as 'a'>} (protocol 4 adds 'by': b'\x00\x01').
   */
  private static final String PROTOCOL_2 = "80027d71002858010000006171015d7102284b014740040000000000004e88580300000078797a710365580100000062"
      + "71044b014b024b03867105867106580300000062696771078a0900000000000000004058030000006e656771088a0600"
      + "00000000ff58010000006971094af9ffffff58010000006b710a4d2c01580100000073710b635f5f6275696c74696e5f"
      + "5f0a7365740a710c5d710d284b014b026585710e52710f58020000006f64711063636f6c6c656374696f6e730a4f7264"
      + "65726564446963740a7111295271122858010000007a71134b0158010000007971145d7115473fb999999999999a6175"
      + "5801000000757116580600000068c3a96c6c6f7117580600000073686172656471186802752e";
  private static final String PROTOCOL_4 = "800495c9000000000000007d94288c0161945d94284b014740040000000000004e888c0378797a94658c0162944b014b"
      + "024b03869486948c03626967948a090000000000000000408c036e6567948a060000000000ff8c0169944af9ffffff8c"
      + "016b944d2c018c0173948f94284b014b02908c0262799443020001948c026f64948c0b636f6c6c656374696f6e73948c"
      + "0b4f72646572656444696374949394295294288c017a944b018c0179945d94473fb999999999999a61758c0175948c06"
      + "68c3a96c6c6f948c06736861726564946802752e";

  private static Object read(byte[] b) throws MalformedFileException {
    return PickleReader.read(b, "test.pkl", pid -> {
      throw new MalformedFileException("unexpected persistent id");
    });
  }

  @Test
  void readsPlainDataWrittenByCPythonProtocol2And4() throws Exception {
    for (String hex : List.of(PROTOCOL_2, PROTOCOL_4)) {
      Map<?, ?> d = (Map<?, ?>) read(HexFormat.of().parseHex(hex));
      List<Object> a = new ArrayList<>();
      a.add(1);
      a.add(2.5);
      a.add(null);
      a.add(true);
      a.add("xyz");
      assertThat(d.get("a")).isEqualTo(a);
      assertThat(d.get("b")).isInstanceOf(PyTuple.class).isEqualTo(List.of(1, List.of(2, 3)));
      assertThat(d.get("big")).isEqualTo(BigInteger.TWO.pow(70));
      assertThat(d.get("neg")).isEqualTo(-(1L << 40));
      assertThat(d.get("i")).isEqualTo(-7);
      assertThat(d.get("k")).isEqualTo(300);
      assertThat(d.get("s")).isInstanceOf(LinkedHashSet.class).isEqualTo(new LinkedHashSet<>(List.of(1, 2)));
      assertThat(new ArrayList<Object>(((Map<?, ?>) d.get("od")).keySet())).containsExactly("z", "y");
      assertThat(((Map<?, ?>) d.get("od")).get("y")).isEqualTo(List.of(0.1));
      assertThat(d.get("u")).isEqualTo("h\u00e9llo");
      assertThat(d.get("shared")).isSameAs(d.get("a"));
    }
    Map<?, ?> d4 = (Map<?, ?>) read(HexFormat.of().parseHex(PROTOCOL_4));
    assertThat((byte[]) d4.get("by")).containsExactly(0, 1);
  }

  @Test
  void moduleObjectsBecomePyObjectsWithTheirState() throws Exception {
    byte[] b = new PickleBuilder().moduleStart("ultralytics.nn.modules.conv", "Conv")
        .str("act").str("SiLU").str("k").integer(3).moduleEnd().stop().bytes();
    PyObject o = (PyObject) read(b);
    assertThat(o.type()).isEqualTo(new PyGlobal("ultralytics.nn.modules.conv", "Conv"));
    assertThat(o.attributes()).containsExactly(Map.entry("act", "SiLU"), Map.entry("k", 3));
    assertThat(o.constructorArgs()).isEmpty();
  }

  @Test
  void refusesGlobalsOutsideTheWhitelistByName() {
    for (String[] g : List.of(new String[] {"os", "system"}, new String[] {"builtins", "eval"},
        new String[] {"subprocess", "Popen"}, new String[] {"posix", "system"},
        new String[] {"torch.nn.modules", "lowercase_function"}, new String[] {"ultralytics.utils", "Foo"})) {
      byte[] b = new PickleBuilder().global(g[0], g[1]).str("echo pwned").op(0x85).reduce().stop().bytes();
      assertThatThrownBy(() -> read(b)).isInstanceOf(ForbiddenGlobalException.class)
          .hasMessageStartingWith("forbidden global '" + g[0] + "." + g[1] + "' in test.pkl: only")
          .hasMessageContaining("collections.OrderedDict").hasMessageEndingWith("are allowed");
    }
    // STACK_GLOBAL (protocol 4) goes through the same check
    byte[] stack = new PickleBuilder().str("builtins").str("exec").op(0x93).stop().bytes();
    assertThatThrownBy(() -> read(stack)).isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageContaining("'builtins.exec'");
  }

  @Test
  void protocol2BytesNeedCodecsEncodeWhichIsRefused() {
    byte[] b = new PickleBuilder().global("_codecs", "encode").str("x").str("latin1").op(0x86).reduce().stop()
        .bytes();
    assertThatThrownBy(() -> read(b)).isInstanceOf(ForbiddenGlobalException.class)
        .satisfies(e -> assertThat(((ForbiddenGlobalException) e).global()).isEqualTo("_codecs.encode"));
  }

  @Test
  void boundsDeepNestingStackAndMalformedInput() {
    PickleBuilder deep = new PickleBuilder();
    for (int i = 0; i < 100_000; i++) {
      deep.mark();
    }
    assertThatThrownBy(() -> read(deep.stop().bytes())).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("pickle nesting deeper than 4096 marks");

    PickleBuilder wide = new PickleBuilder();
    for (int i = 0; i < (1 << 20) + 1; i++) {
      wide.none();
    }
    assertThatThrownBy(() -> read(wide.stop().bytes())).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("pickle stack grew beyond 1048576 entries");

    assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(MalformedFileException.class)
        .hasMessage("test.pkl: empty pickle");
    assertThatThrownBy(() -> read(new PickleBuilder().emptyDict().bytes()))
        .isInstanceOf(MalformedFileException.class).hasMessage("test.pkl: pickle truncated at byte 3 (no STOP opcode)");
    assertThatThrownBy(() -> read(new PickleBuilder().op(0xff).bytes())).isInstanceOf(MalformedFileException.class)
        .hasMessage("test.pkl: unsupported or invalid opcode 0xff (opcode at byte 2)");
    assertThatThrownBy(() -> read(new PickleBuilder().op('i').bytes())).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("unsupported or invalid opcode 0x69 ('i')");
    assertThatThrownBy(() -> read(new PickleBuilder().setItems().stop().bytes()))
        .isInstanceOf(MalformedFileException.class).hasMessageContaining("no MARK on the stack");
    assertThatThrownBy(() -> read(new PickleBuilder().op('a').stop().bytes()))
        .isInstanceOf(MalformedFileException.class).hasMessageContaining("stack underflow");
    assertThatThrownBy(() -> read(new PickleBuilder().op('h').op(7).stop().bytes()))
        .isInstanceOf(MalformedFileException.class).hasMessageContaining("memo index 7 was never stored");
    // a string claiming 2^31 bytes in a tiny file
    assertThatThrownBy(() -> read(new PickleBuilder().op('X').le32(0x7fffffff).stop().bytes()))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("string of 2147483647 bytes runs past the end of the pickle (1 left)");
    assertThatThrownBy(() -> read(new PickleBuilder().op(0x80).op(9).stop().bytes()))
        .isInstanceOf(MalformedFileException.class).hasMessageContaining("unsupported pickle protocol 9");
  }

  @Test
  void unhashableKeysAndSelfReferencesAreContained() throws Exception {
    // d = {}; d[[]] = 1  (a list key is impossible in Python; a cyclic key would hang hashCode)
    byte[] listKey = new PickleBuilder().emptyDict().op(']').integer(1).op('s').stop().bytes();
    assertThatThrownBy(() -> read(listKey)).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("unhashable list of 0 used as a dict key or set member");

    // l = []; l.append(l): reading works; converting to plain values stops at the depth cap
    byte[] cyclic = new PickleBuilder().op(']').op('q').op(0).op('h').op(0).op('a').stop().bytes();
    List<?> l = (List<?>) read(cyclic);
    assertThat(l.get(0)).isSameAs(l);
    assertThatThrownBy(() -> Values.toPlain(l, "cyclic")).isInstanceOf(MalformedFileException.class)
        .hasMessage("cyclic is nested deeper than 256 levels");
    assertThat(Values.describe(l)).isEqualTo("list of 1");
  }

  @Test
  void whitelistedCallablesBuildDataOnly() throws Exception {
    byte[] b = new PickleBuilder().op(']').global("torch", "Size").ints(3, 4).op(0x85).reduce().op('a')
        .global("builtins", "set").op(']').str("x").op('a').op(0x85).reduce().op('a').stop().bytes();
    List<?> l = (List<?>) read(b);
    assertThat(l.get(0)).isInstanceOf(PyTuple.class).isEqualTo(List.of(3, 4));
    assertThat(l.get(1)).isEqualTo(new LinkedHashSet<>(List.of("x")));
    // a storage class is only a type tag for persistent ids
    byte[] callStorage = new PickleBuilder().global("torch", "HalfStorage").emptyTuple().reduce().stop().bytes();
    assertThatThrownBy(() -> read(callStorage)).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("'torch.HalfStorage' may only appear in a persistent id, not be called");
    // calling a non-global (a string) is refused
    byte[] callString = new PickleBuilder().str("os.system").emptyTuple().reduce().stop().bytes();
    assertThatThrownBy(() -> read(callString)).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("call of a str 'os.system'; only whitelisted globals may be called");
    Map<Object, Object> expected = new LinkedHashMap<>();
    assertThat(read(new PickleBuilder().orderedDict().stop().bytes())).isEqualTo(expected);
  }
}
