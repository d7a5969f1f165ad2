package dev.yolojava.core.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A cursor over pickle bytes whose every read is bounds-checked; errors name the source and opcode offset. */
final class PickleInput {
  private static final int MAX_LONG_BYTES = 1024;

  private final byte[] data;
  private final String source;
  private int pos;
  private int opStart;

  PickleInput(byte[] data, String source) {
    this.data = data;
    this.source = source;
  }

  int length() {
    return data.length;
  }

  /** The next opcode byte; a pickle that ends without STOP is an error. */
  int nextOpcode() throws MalformedFileException {
    if (pos >= data.length) {
      throw new MalformedFileException(source + ": pickle truncated at byte " + pos + " (no STOP opcode)");
    }
    opStart = pos;
    return data[pos++] & 0xff;
  }

  private void need(long n, String what) throws MalformedFileException {
    if (n < 0 || n > data.length - pos) {
      throw error(what + " of " + n + " bytes runs past the end of the pickle (" + (data.length - pos) + " left)");
    }
  }

  int u8() throws MalformedFileException {
    need(1, "operand");
    return data[pos++] & 0xff;
  }

  int i32() throws MalformedFileException {
    need(4, "operand");
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | data[pos + 3] << 24;
    pos += 4;
    return v;
  }

  long u32() throws MalformedFileException {
    return i32() & 0xffffffffL;
  }

  long u64(String what) throws MalformedFileException {
    need(8, "operand");
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    if (v < 0) {
      throw error(what + " " + Long.toUnsignedString(v) + " is too large");
    }
    return v;
  }

  /** BINFLOAT's operand is the only big-endian one. */
  long bigEndianLong() throws MalformedFileException {
    need(8, "operand");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  byte[] bytes(long n) throws MalformedFileException {
    need(n, "bytes");
    byte[] b = Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return b;
  }

  String utf8(long n) throws MalformedFileException {
    need(n, "string");
    String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return s;
  }

  String latin1(long n) throws MalformedFileException {
    need(n, "string");
    String s = new String(data, pos, (int) n, StandardCharsets.ISO_8859_1);
    pos += (int) n;
    return s;
  }

  String line() throws MalformedFileException {
    int start = pos;
    while (pos < data.length && data[pos] != '\n') {
      pos++;
    }
    if (pos >= data.length) {
      throw error("text operand without a newline");
    }
    return new String(data, start, pos++ - start, StandardCharsets.UTF_8);
  }

  Object longFromBytes(long n) throws MalformedFileException {
    if (n < 0 || n > MAX_LONG_BYTES) {
      throw error("integer of " + n + " bytes; at most " + MAX_LONG_BYTES + " are accepted");
    }
    need(n, "integer");
    if (n == 0) {
      return 0;
    }
    byte[] be = new byte[(int) n];
    for (int i = 0; i < n; i++) {
      be[i] = data[pos + (int) n - 1 - i];
    }
    pos += (int) n;
    return normalize(new BigInteger(be));
  }

  Object textInt(String s) throws MalformedFileException {
    if (s.equals("01")) {
      return Boolean.TRUE;
    }
    if (s.equals("00")) {
      return Boolean.FALSE;
    }
    return textLong(s);
  }

  Object textLong(String s) throws MalformedFileException {
    String digits = s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
    if (!digits.matches("[-+]?[0-9]{1,2000}")) {
      throw error("bad integer literal '" + shorten(s) + "'");
    }
    return normalize(new BigInteger(digits));
  }

  Double textFloat(String s) throws MalformedFileException {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error("bad float literal '" + shorten(s) + "'");
    }
  }

  long parseLong(String s, String what) throws MalformedFileException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error("bad " + what + " '" + shorten(s) + "'");
    }
  }

  private static Object normalize(BigInteger v) {
    if (v.bitLength() < 32) {
      return v.intValue();
    }
    if (v.bitLength() < 64) {
      return v.longValue();
    }
    return v;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  MalformedFileException error(String what) {
    return new MalformedFileException(source + ": " + what + " (opcode at byte " + opStart + ")");
  }
}
