package dev.yolojava.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a zip's central directory and local headers byte by byte, to check the layout a writer produced. */
final class ZipLayout {
  private ZipLayout() {}

  /** One entry: where its local header and data start, and what its headers say. */
  record Entry(String name, int flags, int method, long crc, long size, long headerOffset, long dataOffset,
      byte[] localExtra) {}

  static List<Entry> entries(byte[] zip) {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = zip.length - 22;
    while (b.getInt(eocd) != 0x06054b50) {
      eocd--;
    }
    int count = b.getShort(eocd + 10) & 0xffff;
    int at = b.getInt(eocd + 16);
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (b.getInt(at) != 0x02014b50) {
        throw new IllegalStateException("no central directory header at " + at);
      }
      int nameLen = b.getShort(at + 28) & 0xffff;
      int extraLen = b.getShort(at + 30) & 0xffff;
      int commentLen = b.getShort(at + 32) & 0xffff;
      long offset = b.getInt(at + 42) & 0xffffffffL;
      String name = new String(zip, at + 46, nameLen, StandardCharsets.UTF_8);
      int local = (int) offset;
      int localName = b.getShort(local + 26) & 0xffff;
      int localExtra = b.getShort(local + 28) & 0xffff;
      byte[] extra = new byte[localExtra];
      System.arraycopy(zip, local + 30 + localName, extra, 0, localExtra);
      out.add(new Entry(name, b.getShort(at + 8) & 0xffff, b.getShort(at + 10) & 0xffff,
          b.getInt(at + 16) & 0xffffffffL, b.getInt(at + 24) & 0xffffffffL, offset,
          offset + 30 + localName + localExtra, extra));
      at += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  }
}
