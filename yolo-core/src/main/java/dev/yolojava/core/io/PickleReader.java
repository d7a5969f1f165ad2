package dev.yolojava.core.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle virtual machine (protocols 2 to 5, plus the few protocol-0 text opcodes old writers still emit) that only
 * ever builds data. Globals pass through {@link PickleGlobals}' whitelist; persistent ids go to a
 * {@link PersistentLoader}. Every opcode consumes input, so parsing ends in time linear in the input; stack, marks,
 * memo and created objects are capped so hostile input fails with {@link MalformedFileException} instead of
 * exhausting memory.
 */
final class PickleReader {
  /** Resolves a persistent id (e.g. a torch storage tuple) to a value. */
  @FunctionalInterface
  interface PersistentLoader {
    Object load(Object pid) throws MalformedFileException;
  }

  static final int MAX_STACK = 1 << 20;
  static final int MAX_MARKS = 4096;
  static final int MAX_CONTAINERS = 4_000_000;
  static final int MAX_ITEMS = 8_000_000;
  
  private final PickleInput in;
  private final String source;
  private final PersistentLoader persistentLoader;
  private final ArrayList<Object> stack = new ArrayList<>();
  private int[] marks = new int[16];
  private int markCount;
  private final Map<Long, Object> memo = new HashMap<>();
  private int containers;
  private int items;

  private PickleReader(byte[] data, String source, PersistentLoader persistentLoader) {
    this.in = new PickleInput(data, source);
    this.source = source;
    this.persistentLoader = persistentLoader;
  }

  /** Unpickles {@code data}; {@code source} names it in error messages (e.g. {@code last/data.pkl}). */
  static Object read(byte[] data, String source, PersistentLoader persistentLoader) throws MalformedFileException {
    return new PickleReader(data, source, persistentLoader).run();
  }

  private Object run() throws MalformedFileException {
    if (in.length() == 0) {
      throw new MalformedFileException(source + ": empty pickle");
    }
    while (true) {
      int op = in.nextOpcode();
      if (op == '.') {
        if (stack.isEmpty()) {
          throw error("STOP with an empty stack");
        }
        return stack.get(stack.size() - 1);
      }
      step(op);
    }
  }

  private void step(int op) throws MalformedFileException {
    switch (op) {
      case 0x80 -> { // PROTO
        int proto = in.u8();
        if (proto > 5) {
          throw error("unsupported pickle protocol " + proto + "; expected 2 to 5");
        }
      }
      case 0x95 -> in.u64("frame length") /* FRAME: the whole input is in memory already */;
      case '(' -> pushMark();
      case '0' -> { // POP
        if (markCount > 0 && stack.size() == marks[markCount - 1]) {
          markCount--;
        } else {
          pop();
        }
      }
      case '1' -> popMark(); // POP_MARK
      case '2' -> push(peek()); // DUP
      case 'N' -> push(null);
      case 0x88 -> push(Boolean.TRUE);
      case 0x89 -> push(Boolean.FALSE);
      case 'J' -> push(in.i32());
      case 'K' -> push(in.u8());
      case 'M' -> push(in.u8() | (in.u8() << 8));
      case 0x8a -> push(in.longFromBytes(in.u8()));
      case 0x8b -> push(in.longFromBytes(in.i32()));
      case 'I' -> push(in.textInt(in.line()));
      case 'L' -> push(in.textLong(in.line()));
      case 'G' -> push(Double.longBitsToDouble(in.bigEndianLong()));
      case 'F' -> push(in.textFloat(in.line()));
      case 'X' -> push(in.utf8(in.u32()));
      case 0x8c -> push(in.utf8(in.u8()));
      case 0x8d -> push(in.utf8(in.u64("string length")));
      case 'T' -> push(in.latin1(in.i32()));
      case 'U' -> push(in.latin1(in.u8()));
      case 'B' -> push(in.bytes(in.u32()));
      case 'C' -> push(in.bytes(in.u8()));
      case 0x8e, 0x96 -> push(in.bytes(in.u64("bytes length")));
      case ')' -> push(PyTuple.of());
      case 0x85 -> push(PyTuple.of(pop()));
      case 0x86 -> {
        Object b = pop();
        push(PyTuple.of(pop(), b));
      }
      case 0x87 -> {
        Object c = pop();
        Object b = pop();
        push(PyTuple.of(pop(), b, c));
      }
      case 't' -> push(PyTuple.of(popToMark()));
      case ']' -> push(newList(List.of()));
      case 'l' -> push(newList(popToMark()));
      case '}' -> push(newDict());
      case 'd' -> dictFromMark();
      case 0x8f -> push(newSet());
      case 0x91 -> frozenSetFromMark();
      case 'a' -> append(Collections.singletonList(pop()));
      case 'e' -> append(popToMark());
      case 's' -> setItems(Arrays.asList(popSecondLast(), pop()));
      case 'u' -> setItems(popToMark());
      case 0x90 -> addItems(popToMark());
      case 'c' -> push(PickleGlobals.resolve(in.line(), in.line(), source));
      case 0x93 -> stackGlobal();
      case 'R' -> reduce();
      case 0x81 -> reduce(); // NEWOBJ: cls.__new__(cls, *args) builds the same data here
      case 0x92 -> newObjEx();
      case 'b' -> build();
      case 'Q' -> push(persistentLoader.load(pop()));
      case 'P' -> push(persistentLoader.load(in.line()));
      case 'q' -> memoPut(in.u8());
      case 'r' -> memoPut(in.u32());
      case 'p' -> memoPut(in.parseLong(in.line(), "memo index"));
      case 0x94 -> memoPut(memo.size());
      case 'h' -> push(memoGet(in.u8()));
      case 'j' -> push(memoGet(in.u32()));
      case 'g' -> push(memoGet(in.parseLong(in.line(), "memo index")));
      default -> throw error("unsupported or invalid opcode 0x" + Integer.toHexString(op)
          + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
    }
  }

  // ---- stack and marks

  private void push(Object o) throws MalformedFileException {
    if (stack.size() >= MAX_STACK) {
      throw error("pickle stack grew beyond " + MAX_STACK + " entries");
    }
    stack.add(o);
  }

  private Object pop() throws MalformedFileException {
    int floor = markCount > 0 ? marks[markCount - 1] : 0;
    if (stack.size() <= floor) {
      throw error("stack underflow");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() throws MalformedFileException {
    int floor = markCount > 0 ? marks[markCount - 1] : 0;
    if (stack.size() <= floor) {
      throw error("stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private Object popSecondLast() throws MalformedFileException {
    Object last = pop();
    Object second = pop();
    stack.add(last);
    return second;
  }

  private void pushMark() throws MalformedFileException {
    if (markCount >= MAX_MARKS) {
      throw error("pickle nesting deeper than " + MAX_MARKS + " marks");
    }
    if (markCount == marks.length) {
      marks = Arrays.copyOf(marks, marks.length * 2);
    }
    marks[markCount++] = stack.size();
  }

  private int popMark() throws MalformedFileException {
    if (markCount == 0) {
      throw error("no MARK on the stack");
    }
    int at = marks[--markCount];
    stack.subList(at, stack.size()).clear();
    return at;
  }

  private List<Object> popToMark() throws MalformedFileException {
    if (markCount == 0) {
      throw error("no MARK on the stack");
    }
    int at = marks[markCount - 1];
    List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
    popMark();
    return items;
  }

  // ---- containers

  private void countContainer() throws MalformedFileException {
    if (++containers > MAX_CONTAINERS) {
      throw error("pickle creates more than " + MAX_CONTAINERS + " objects");
    }
  }

  private void countItems(int n) throws MalformedFileException {
    items += n;
    if (items > MAX_ITEMS || items < 0) {
      throw error("pickle stores more than " + MAX_ITEMS + " container items");
    }
  }

  private List<Object> newList(List<Object> init) throws MalformedFileException {
    countContainer();
    countItems(init.size());
    return new ArrayList<>(init);
  }

  private Map<Object, Object> newDict() throws MalformedFileException {
    countContainer();
    return new LinkedHashMap<>();
  }

  private Set<Object> newSet() throws MalformedFileException {
    countContainer();
    return new LinkedHashSet<>();
  }

  private void dictFromMark() throws MalformedFileException {
    List<Object> kv = popToMark();
    Map<Object, Object> d = newDict();
    putAll(d, kv);
    push(d);
  }

  private void frozenSetFromMark() throws MalformedFileException {
    List<Object> members = popToMark();
    Set<Object> s = newSet();
    addAll(s, members);
    push(Collections.unmodifiableSet(s));
  }

  @SuppressWarnings("unchecked")
  private void append(List<Object> values) throws MalformedFileException {
    Object target = peek();
    if (!(target instanceof ArrayList<?>)) {
      throw error("APPEND to a " + Values.describe(target) + "; expected a list");
    }
    countItems(values.size());
    ((List<Object>) target).addAll(values);
  }

  @SuppressWarnings("unchecked")
  private void setItems(List<Object> kv) throws MalformedFileException {
    Object target = peek();
    if (!(target instanceof Map<?, ?>)) {
      throw error("SETITEM on a " + Values.describe(target) + "; expected a dict");
    }
    putAll((Map<Object, Object>) target, kv);
  }

  @SuppressWarnings("unchecked")
  private void addItems(List<Object> members) throws MalformedFileException {
    Object target = peek();
    if (!(target instanceof LinkedHashSet<?>)) {
      throw error("ADDITEMS on a " + Values.describe(target) + "; expected a set");
    }
    addAll((Set<Object>) target, members);
  }

  private void putAll(Map<Object, Object> d, List<Object> kv) throws MalformedFileException {
    if (kv.size() % 2 != 0) {
      throw error("odd number of items (" + kv.size() + ") for a dict");
    }
    countItems(kv.size() / 2);
    for (int i = 0; i < kv.size(); i += 2) {
      Values.requireHashable(kv.get(i), source, 0);
      d.put(kv.get(i), kv.get(i + 1));
    }
  }

  private void addAll(Set<Object> s, List<Object> members) throws MalformedFileException {
    countItems(members.size());
    for (Object m : members) {
      Values.requireHashable(m, source, 0);
      s.add(m);
    }
  }

  // ---- globals and objects

  private void stackGlobal() throws MalformedFileException {
    Object name = pop();
    Object module = pop();
    if (!(module instanceof String m) || !(name instanceof String n)) {
      throw error("STACK_GLOBAL needs two strings but got " + Values.describe(module) + " and "
          + Values.describe(name));
    }
    push(PickleGlobals.resolve(m, n, source));
  }

  private void reduce() throws MalformedFileException {
    Object args = pop();
    Object callable = pop();
    if (!(callable instanceof PyGlobal g)) {
      throw error("call of a " + Values.describe(callable) + "; only whitelisted globals may be called");
    }
    if (!(args instanceof PyTuple t)) {
      throw error("arguments of " + g.qualifiedName() + " are a " + Values.describe(args) + "; expected a tuple");
    }
    countContainer();
    push(PickleGlobals.call(g, t, source));
  }

  private void newObjEx() throws MalformedFileException {
    Object kwargs = pop();
    if (!(kwargs instanceof Map<?, ?> m) || !m.isEmpty()) {
      throw error("NEWOBJ_EX with keyword arguments " + Values.describe(kwargs) + "; expected none");
    }
    reduce();
  }

  private void build() throws MalformedFileException {
    Object state = pop();
    Object target = peek();
    if (target instanceof PyObject o) {
      if (state instanceof PyTuple t && t.size() == 2) {
        setAttributes(o, t.get(0));
        setAttributes(o, t.get(1));
      } else {
        setAttributes(o, state);
      }
    } else if (state != null && !(state instanceof Map<?, ?> m && m.isEmpty())) {
      throw error("BUILD of a " + Values.describe(target) + " with state " + Values.describe(state)
          + "; only objects of whitelisted classes take state");
    }
  }

  private void setAttributes(PyObject o, Object state) throws MalformedFileException {
    if (state == null) {
      return;
    }
    if (!(state instanceof Map<?, ?> m)) {
      throw error("state of " + o.type().qualifiedName() + " is a " + Values.describe(state)
          + "; expected a dict");
    }
    countItems(m.size());
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw error("attribute name of " + o.type().qualifiedName() + " is a " + Values.describe(e.getKey())
            + "; expected a string");
      }
      o.put(k, e.getValue());
    }
  }

  // ---- memo

  private void memoPut(long index) throws MalformedFileException {
    if (index < 0) {
      throw error("negative memo index " + index);
    }
    if (memo.size() >= MAX_CONTAINERS && !memo.containsKey(index)) {
      throw error("memo grew beyond " + MAX_CONTAINERS + " entries");
    }
    memo.put(index, peek());
  }

  private Object memoGet(long index) throws MalformedFileException {
    if (!memo.containsKey(index)) {
      throw error("memo index " + index + " was never stored");
    }
    return memo.get(index);
  }

  private MalformedFileException error(String what) {
    return in.error(what);
  }
}
