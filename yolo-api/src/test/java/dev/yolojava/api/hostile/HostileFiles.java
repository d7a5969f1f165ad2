package dev.yolojava.api.hostile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Builders for the hostile corpus: raw pickles, torch-style zips (optionally forged), image headers. */
final class HostileFiles {
  private HostileFiles() {}

  /** Bytes of a Latin-1 string: pickle opcodes written as characters. */
  static byte[] raw(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A protocol-2 pickle calling {@code module.name("id")} through the GLOBAL opcode, as an exploit does. */
  static byte[] callGlobal(String module, String name) {
    return raw("\u0080\u0002c" + module + "\n" + name + "\nX\u0002\u0000\u0000\u0000id\u0085R.");
  }

  /** The same call through protocol 4's STACK_GLOBAL. */
  static byte[] callStackGlobal(String module, String name) {
    return raw("\u0080\u0004\u008c" + (char) module.length() + module + "\u008c" + (char) name.length() + name
        + "\u0093X\u0002\u0000\u0000\u0000id\u0085R.");
  }

  /** {@code n} copies of {@code op} between a protocol header and STOP. */
  static byte[] repeated(String op, int n, String tail) {
    return raw("\u0080\u0002" + op.repeat(n) + tail);
  }

  /** A torch.save-style zip ({@code archive/data.pkl}, {@code archive/byteorder}) holding {@code pickle}. */
  static Path torchZip(Path file, byte[] pickle) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("archive/data.pkl", pickle);
    entries.put("archive/byteorder", raw("little"));
    return zip(file, entries, ZipEntry.STORED);
  }

  static Path zip(Path file, Map<String, byte[]> entries, int method) {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry z = new ZipEntry(e.getKey());
        z.setMethod(method);
        if (method == ZipEntry.STORED) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          z.setSize(e.getValue().length);
          z.setCompressedSize(e.getValue().length);
          z.setCrc(crc.getValue());
        }
        out.putNextEntry(z);
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Rewrites the uncompressed size of every central-directory and local header to {@code size}. */
  static Path forgeDeclaredSize(Path file, long size) {
    try {
      byte[] b = Files.readAllBytes(file);
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i + 30 < b.length; i++) {
        int sig = bb.getInt(i);
        if (sig == 0x02014b50) {
          bb.putInt(i + 24, (int) size);
        } else if (sig == 0x04034b50) {
          bb.putInt(i + 22, (int) size);
        }
      }
      Files.write(file, b);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips bytes in the middle of the file (inside the first entry's data for small zips). */
  static Path garble(Path file, int from, int count) {
    try {
      byte[] b = Files.readAllBytes(file);
      for (int i = from; i < Math.min(b.length, from + count); i++) {
        b[i] = (byte) ~b[i];
      }
      Files.write(file, b);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path truncate(Path file, int keep) {
    try {
      Files.write(file, Arrays.copyOf(Files.readAllBytes(file), keep));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small real image encoded as {@code format} ("png", "jpg", "bmp", "gif"). */
  static byte[] image(String format, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 7) << 16 | (y * 5) << 8 | 90);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A real PNG whose IHDR (and its CRC, left stale) declares {@code w x h}. */
  static byte[] pngDeclaring(long w, long h) {
    byte[] b = image("png", 8, 8);
    ByteBuffer.wrap(b).putInt(16, (int) w).putInt(20, (int) h);
    return b;
  }

  /** A real baseline JPEG whose SOF0 declares {@code w x h} (at most 65535 each). */
  static byte[] jpegDeclaring(int w, int h) {
    byte[] b = image("jpg", 8, 8);
    for (int i = 2; i + 8 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) {
        ByteBuffer.wrap(b).putShort(i + 5, (short) h).putShort(i + 7, (short) w);
        return b;
      }
    }
    throw new IllegalStateException("no SOF0 marker in the encoded JPEG");
  }

  static byte[] bmpDeclaring(int w, int h) {
    byte[] b = image("bmp", 8, 8);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(18, w).putInt(22, h);
    return b;
  }

  static byte[] gifDeclaring(int w, int h) {
    byte[] b = image("gif", 8, 8);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(6, (short) w).putShort(8, (short) h);
    return b;
  }

  /** A WebP (VP8X extended header) declaring the given canvas; the payload is junk. */
  static byte[] webpDeclaring(int w, int h) {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put(raw("RIFF")).putInt(56).put(raw("WEBPVP8X")).putInt(10).putInt(0);
    b.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
    b.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
    return b.array();
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, String text) {
    return write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
