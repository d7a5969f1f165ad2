package dev.yolojava.core.optim;

import java.math.BigDecimal;

/** Formats a double the way Python's {@code repr(float)} does, for log lines that must read like Ultralytics'. */
final class PyFloat {
  private PyFloat() {}

  static String repr(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    // Java's Double.toString and Python's repr both give the shortest round-tripping digits.
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1; // position of the leading digit
    if (exponent >= -4 && exponent < 16) {
      String plain = d.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = d.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    return (v < 0 ? "-" : "") + mantissa + "e" + exp;
  }
}
