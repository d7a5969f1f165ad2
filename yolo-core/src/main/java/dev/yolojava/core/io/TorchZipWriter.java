package dev.yolojava.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes the zip layout of {@code torch.save}: under one top-level folder (the archive name) {@code data.pkl},
 * {@code .format_version}, {@code .storage_alignment}, {@code byteorder}, one {@code data/<key>} entry per storage,
 * {@code version} and {@code .data/serialization_id}; every entry stored uncompressed with its data 64-byte aligned
 * by an {@code FB} extra field padded with 'Z' (as PyTorch's writer pads, so loaders may mmap storages), followed by
 * the central directory and zip64 end records. Entries carry their CRC and sizes in the local header (no data
 * descriptors), which every zip reader accepts.
 */
final class TorchZipWriter {
  static final int ALIGNMENT = 64;
  private static final long MAX_32 = 0xffffffffL;

  private final OutputStream out;
  private final String archive;
  private final List<Entry> entries = new ArrayList<>();
  private long offset;

  private record Entry(byte[] name, long crc, long size, long headerOffset) {}

  private TorchZipWriter(OutputStream out, String archive) {
    this.out = out;
    this.archive = archive;
  }

  /**
   * Writes a complete archive to {@code out} (not closed).
   *
   * @param archive the top-level folder name; torch uses the file name without extension, e.g. {@code last}
   * @param storages storage bytes by key, written in iteration order
   */
  static void write(OutputStream out, String archive, byte[] pickle, Map<String, byte[]> storages)
      throws IOException {
    TorchZipWriter w = new TorchZipWriter(out, archive);
    w.entry("data.pkl", pickle);
    w.entry(".format_version", ascii("1"));
    w.entry(".storage_alignment", ascii(Integer.toString(ALIGNMENT)));
    w.entry("byteorder", ascii("little"));
    for (Map.Entry<String, byte[]> s : storages.entrySet()) {
      w.entry("data/" + s.getKey(), s.getValue());
    }
    w.entry("version", ascii("3\n"));
    w.entry(".data/serialization_id", ascii(serializationId()));
    w.finish();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** 40 random decimal digits, the form torch gives this record. */
  private static String serializationId() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  private void entry(String relative, byte[] data) throws IOException {
    byte[] name = (archive + "/" + relative).getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(data);
    check(offset, "archive offset of " + relative);
    long dataStart = offset + 30 + name.length + 4;
    int padding = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
    entries.add(new Entry(name, crc.getValue(), data.length, offset));
    u32(0x04034b50);
    u16(0); // version needed: PyTorch's writer leaves it 0
    u16(0x0800); // names are UTF-8
    u16(0); // stored
    u16(0); // time
    u16(0); // date
    u32(crc.getValue());
    u32(data.length);
    u32(data.length);
    u16(name.length);
    u16(4 + padding);
    bytes(name);
    bytes(new byte[] {'F', 'B'});
    u16(padding);
    bytes("Z".repeat(padding).getBytes(StandardCharsets.US_ASCII));
    bytes(data);
  }

  private void finish() throws IOException {
    long cdStart = offset;
    for (Entry e : entries) {
      u32(0x02014b50);
      u16(0); // version made by
      u16(0); // version needed
      u16(0x0800);
      u16(0);
      u16(0);
      u16(0);
      u32(e.crc());
      u32(e.size());
      u32(e.size());
      u16(e.name().length);
      u16(0); // extra
      u16(0); // comment
      u16(0); // disk
      u16(0); // internal attributes
      u32(0); // external attributes
      u32(e.headerOffset());
      bytes(e.name());
    }
    long cdSize = offset - cdStart;
    long zip64End = offset;
    check(offset, "central directory end");
    // zip64 end of central directory record and locator, as PyTorch always writes them
    u32(0x06064b50);
    u64(44);
    u16(0x031e);
    u16(0x002d);
    u32(0);
    u32(0);
    u64(entries.size());
    u64(entries.size());
    u64(cdSize);
    u64(cdStart);
    u32(0x07064b50);
    u32(0);
    u64(zip64End);
    u32(1);
    u32(0x06054b50);
    u16(0);
    u16(0);
    u16(Math.min(entries.size(), 0xffff));
    u16(Math.min(entries.size(), 0xffff));
    u32(cdSize);
    u32(cdStart);
    u16(0);
  }

  private static void check(long value, String what) {
    if (value >= MAX_32) {
      throw new IllegalArgumentException("checkpoint too large: " + what + " is " + value
          + " bytes; this writer supports archives below 4 GiB");
    }
  }

  private void bytes(byte[] b) throws IOException {
    out.write(b);
    offset += b.length;
  }

  private void u16(int v) throws IOException {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    offset += 2;
  }

  private void u32(long v) throws IOException {
    u16((int) (v & 0xffff));
    u16((int) ((v >>> 16) & 0xffff));
  }

  private void u64(long v) throws IOException {
    u32(v & MAX_32);
    u32(v >>> 32);
  }
}
