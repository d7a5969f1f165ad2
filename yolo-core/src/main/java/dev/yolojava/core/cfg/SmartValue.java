package dev.yolojava.core.cfg;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the text of a CLI {@code key=value} into a value the way Ultralytics does: {@code none/true/false} in any case,
 * else a Python literal (int, float, quoted string, list, tuple or bare {@code a,b} tuple, as lists here), else the
 * text itself. So {@code 10} is an int, {@code 10.0} and {@code .01} are floats, {@code 0,1} is {@code [0, 1]} and
 * {@code cpu} or {@code 007} stay strings.
 */
public final class SmartValue {
  private final String text;
  private int pos;

  private SmartValue(String text) {
    this.text = text;
  }

  /** The value of one CLI token's right-hand side. */
  public static Object parse(String v) {
    String lower = v.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("none")) {
      return null;
    } else if (lower.equals("true")) {
      return true;
    } else if (lower.equals("false")) {
      return false;
    }
    try {
      SmartValue p = new SmartValue(v);
      Object value = p.topLevel();
      p.skipSpace();
      return p.pos == v.length() ? (value == NULL ? null : value) : v;
    } catch (NotALiteral e) {
      return v;
    }
  }

  /** A bare comma-separated sequence at the top level is a tuple, as in Python. */
  private Object topLevel() {
    Object first = element();
    skipSpace();
    if (!peek(',')) {
      return first;
    }
    List<Object> items = new ArrayList<>();
    items.add(first);
    while (peek(',')) {
      pos++;
      skipSpace();
      if (pos == text.length()) {
        break;
      }
      items.add(element());
      skipSpace();
    }
    return unwrap(items);
  }

  private Object element() {
    skipSpace();
    if (pos >= text.length()) {
      throw new NotALiteral();
    }
    char c = text.charAt(pos);
    if (c == '[' || c == '(') {
      return sequence(c == '[' ? ']' : ')');
    } else if (c == '\'' || c == '"') {
      return quoted(c);
    } else if (Character.isLetter(c)) {
      return constant();
    }
    return number();
  }

  /** A list or tuple; {@code (x)} without a comma is just {@code x}, as in Python. */
  private Object sequence(char close) {
    pos++;
    List<Object> items = new ArrayList<>();
    boolean comma = false;
    skipSpace();
    while (!peek(close)) {
      items.add(element());
      skipSpace();
      if (peek(',')) {
        comma = true;
        pos++;
        skipSpace();
      } else if (!peek(close)) {
        throw new NotALiteral();
      }
    }
    pos++;
    return close == ')' && items.size() == 1 && !comma ? items.get(0) : unwrap(items);
  }

  private String quoted(char quote) {
    int end = text.indexOf(quote, pos + 1);
    if (end < 0) {
      throw new NotALiteral();
    }
    String s = text.substring(pos + 1, end);
    pos = end + 1;
    return s;
  }

  private Object constant() {
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    return switch (text.substring(start, pos)) {
      case "None" -> NULL;
      case "True" -> true;
      case "False" -> false;
      default -> throw new NotALiteral();
    };
  }

  private Object number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789._eE".indexOf(text.charAt(pos)) >= 0) {
      if ((text.charAt(pos) == '+' || text.charAt(pos) == '-')
          && pos > start
          && "eE".indexOf(text.charAt(pos - 1)) < 0) {
        break;
      }
      pos++;
    }
    String s = text.substring(start, pos);
    String unsigned = s.replaceFirst("^[+-]", "");
    if (unsigned.matches("0|[1-9](_?[0-9])*|0+")) {
      long value = Long.parseLong(s.replace("_", "").replaceFirst("^\\+", ""));
      return value == (int) value ? (Object) (int) value : (Object) value;
    }
    if (unsigned.matches("(([0-9](_?[0-9])*)?\\.[0-9](_?[0-9])*|[0-9](_?[0-9])*\\.?)([eE][+-]?[0-9]+)?")
        && unsigned.matches(".*[.eE].*")) {
      return Double.parseDouble(s.replace("_", ""));
    }
    throw new NotALiteral();
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  // Lists may hold None; a sentinel keeps "no value" distinct while parsing, swapped for null at the end.
  private static final Object NULL = new Object();

  private static Object unwrap(List<Object> items) {
    items.replaceAll(o -> o == NULL ? null : o);
    return items;
  }

  private static final class NotALiteral extends RuntimeException {
    NotALiteral() {
      super(null, null, false, false);
    }
  }
}
