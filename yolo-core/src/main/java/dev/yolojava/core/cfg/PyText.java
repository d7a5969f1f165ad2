package dev.yolojava.core.cfg;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Python's {@code str()}/{@code repr()} of configuration values, so that messages and YAML read exactly as
 * Ultralytics writes them ({@code True}, {@code None}, {@code 0.0005}, {@code 1e-05}, {@code ['a', 'b']}).
 */
public final class PyText {
  private PyText() {}

  /** Python {@code str(value)}: strings unquoted, everything else as {@link #repr}. */
  public static String str(Object value) {
    return value instanceof String s ? s : repr(value);
  }

  /** Python {@code repr(value)} for None, bool, int, float, str and lists. */
  public static String repr(Object value) {
    if (value == null) {
      return "None";
    } else if (value instanceof Boolean b) {
      return b ? "True" : "False";
    } else if (value instanceof Double || value instanceof Float) {
      return floatRepr(((Number) value).doubleValue());
    } else if (value instanceof String s) {
      return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("'", "\\'") + "'";
    } else if (value instanceof List<?> list) {
      return list.stream().map(PyText::repr).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }

  /** Python's shortest round-trip float repr: fixed notation for exponents in [-4, 16), else {@code 1.5e-05}. */
  public static String floatRepr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    } else if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    } else if (x == 0) {
      return (1 / x < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    String sign = d.signum() < 0 ? "-" : "";
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - d.scale() - 1; // decimal exponent of the first digit
    if (exp < -4 || exp >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    String plain = d.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }
}
