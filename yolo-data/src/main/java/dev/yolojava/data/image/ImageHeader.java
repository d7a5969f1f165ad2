package dev.yolojava.data.image;

import java.util.Optional;

/**
 * Reads the width and height an encoded image declares (PNG, JPEG, BMP, GIF, WebP) from its header alone, so that a
 * file declaring e.g. 100000x100000 pixels is refused before a decoder allocates its buffer.
 */
public final class ImageHeader {
  /** Declared size in pixels; {@code long}s because headers can declare up to 2^32 per side. */
  public record Size(String format, long width, long height) {
    /** Width times height. */
    public long pixels() {
      return width * height;
    }
  }

  private ImageHeader() {}

  /** The declared size, or empty for formats not read here or headers too short to hold one. */
  public static Optional<Size> read(byte[] b) {
    if (startsWith(b, 0x89, 'P', 'N', 'G') && b.length >= 24) {
      return Optional.of(new Size("PNG", be32(b, 16), be32(b, 20)));
    }
    if (startsWith(b, 0xFF, 0xD8)) {
      return jpeg(b);
    }
    if (startsWith(b, 'B', 'M') && b.length >= 26) {
      // BMP heights are negative for top-down images
      return Optional.of(new Size("BMP", Math.abs((long) le32s(b, 18)), Math.abs((long) le32s(b, 22))));
    }
    if (startsWith(b, 'G', 'I', 'F', '8') && b.length >= 10) {
      return Optional.of(new Size("GIF", le16(b, 6), le16(b, 8)));
    }
    if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 30 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
        && b[11] == 'P') {
      return webp(b);
    }
    return Optional.empty();
  }

  private static Optional<Size> jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return Optional.empty(); // not at a marker: leave it to the decoder
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2; // markers without a length
        continue;
      }
      int len = be16(b, i + 2);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof && i + 8 < b.length) {
        return Optional.of(new Size("JPEG", be16(b, i + 7), be16(b, i + 5)));
      }
      if (marker == 0xD9 || marker == 0xDA || len < 2) {
        return Optional.empty();
      }
      i += 2 + len;
    }
    return Optional.empty();
  }

  private static Optional<Size> webp(byte[] b) {
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8X":
        return Optional.of(new Size("WebP", 1 + le24(b, 24), 1 + le24(b, 27)));
      case "VP8 ":
        return Optional.of(new Size("WebP", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF));
      case "VP8L":
        long bits = le32s(b, 21) & 0xFFFFFFFFL;
        return Optional.of(new Size("WebP", 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)));
      default:
        return Optional.empty();
    }
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static long be32(byte[] b, int o) {
    return ((long) (b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
  }

  private static int be16(byte[] b, int o) {
    return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
  }

  private static int le16(byte[] b, int o) {
    return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8);
  }

  private static long le24(byte[] b, int o) {
    return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((long) (b[o + 2] & 0xFF) << 16);
  }

  private static int le32s(byte[] b, int o) {
    return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 3] & 0xFF) << 24);
  }
}
