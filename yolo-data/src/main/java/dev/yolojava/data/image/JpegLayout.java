package dev.yolojava.data.image;

import java.util.Optional;

/**
 * What a JPEG's markers say about how it decodes: frame type, size, components with their sampling factors, an
 * Adobe colour transform, the EXIF orientation. Read up to the first scan only, so it costs microseconds. A GPU
 * decoder uses it to take only the files it reproduces exactly and leave the rest to OpenCV.
 *
 * @param sof the start-of-frame marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...)
 * @param ids component identifiers; {@code hs}/{@code vs} their horizontal/vertical sampling factors
 * @param adobe an APP14 "Adobe" segment is present (its transform flag can mean RGB or YCCK data)
 * @param orientation the EXIF orientation tag (1 when absent), which OpenCV applies when decoding
 */
public record JpegLayout(int sof, int precision, int width, int height, int[] ids, int[] hs, int[] vs,
    boolean adobe, int orientation) {

  /** The chroma subsampling of a plain YCbCr image: 4:4:4, 4:2:2 or 4:2:0. */
  public enum Subsampling {
    S444(1, 1), S422(2, 1), S420(2, 2);

    /** Luma samples per chroma sample across and down. */
    public final int h;
    public final int v;

    Subsampling(int h, int v) {
      this.h = h;
      this.v = v;
    }
  }

  /**
   * The subsampling when this is a baseline (8-bit, Huffman-coded, sequential: what JPEG engines decode),
   * three-component YCbCr image with 4:4:4, 4:2:2 or 4:2:0 chroma, upright, at least 16 px a side; empty otherwise
   * (progressive, grey, CMYK, RGB JPEGs, arithmetic coding, rotated by EXIF, other samplings).
   */
  public Optional<Subsampling> plainYcc() {
    boolean huffman = sof == 0xC0;
    // libjpeg treats component ids 'R','G','B' as RGB data; Adobe files may hold RGB or YCCK
    boolean rgbIds = ids.length == 3 && ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B';
    if (!huffman || precision != 8 || ids.length != 3 || adobe || rgbIds || orientation != 1 || width < 16
        || height < 16 || hs[1] != 1 || vs[1] != 1 || hs[2] != 1 || vs[2] != 1) {
      return Optional.empty();
    }
    for (Subsampling s : Subsampling.values()) {
      if (hs[0] == s.h && vs[0] == s.v) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The layout of a JPEG's header, or empty if {@code b} is not a JPEG or its markers end before a frame. */
  public static Optional<JpegLayout> read(byte[] b) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return Optional.empty();
    }
    boolean adobe = false;
    int orientation = 1;
    int i = 2;
    JpegLayout frame = null;
    while (i + 3 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return Optional.empty();
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        i += 2;
        continue;
      }
      int len = be16(b, i + 2);
      int body = i + 4;
      if (len < 2 || body + len - 2 > b.length) {
        return Optional.empty();
      }
      if (marker == 0xDA || marker == 0xD9) { // first scan: every marker that matters came before it
        return frame == null ? Optional.empty() : Optional.of(frame.with(adobe, orientation));
      }
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof && frame == null) {
        if (len < 8) {
          return Optional.empty();
        }
        int n = b[body + 5] & 0xFF;
        if (len < 8 + 3 * n) {
          return Optional.empty();
        }
        int[] ids = new int[n];
        int[] hs = new int[n];
        int[] vs = new int[n];
        for (int c = 0; c < n; c++) {
          ids[c] = b[body + 6 + 3 * c] & 0xFF;
          hs[c] = (b[body + 7 + 3 * c] >> 4) & 0x0F;
          vs[c] = b[body + 7 + 3 * c] & 0x0F;
        }
        frame = new JpegLayout(marker, b[body] & 0xFF, be16(b, body + 3), be16(b, body + 1), ids, hs, vs, false, 1);
      } else if (marker == 0xEE && len >= 7 && ascii(b, body, "Adobe")) {
        adobe = true;
      } else if (marker == 0xE1 && len >= 8 && ascii(b, body, "Exif\0\0")) {
        orientation = exifOrientation(b, body + 6, body + len - 2);
      }
      i = body + len - 2;
    }
    return Optional.empty();
  }

  private JpegLayout with(boolean a, int o) {
    return new JpegLayout(sof, precision, width, height, ids, hs, vs, a, o);
  }

  /** The orientation tag of IFD0 in the TIFF block at {@code [t, end)}; 0 (not upright) when unreadable. */
  static int exifOrientation(byte[] b, int t, int end) {
    if (end - t < 8) {
      return 0;
    }
    boolean le = b[t] == 'I' && b[t + 1] == 'I';
    if (!le && !(b[t] == 'M' && b[t + 1] == 'M')) {
      return 0;
    }
    long ifd = u32(b, t + 4, le);
    if (ifd < 8 || t + ifd + 2 > end) {
      return 0;
    }
    int at = (int) (t + ifd);
    int entries = u16(b, at, le);
    for (int e = 0; e < entries; e++) {
      int p = at + 2 + 12 * e;
      if (p + 12 > end) {
        return 0;
      }
      if (u16(b, p, le) == 0x0112) {
        return u16(b, p + 8, le); // a SHORT sits left-justified in the value field
      }
    }
    return 1;
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int k = 0; k < s.length(); k++) {
      if (at + k >= b.length || b[at + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int be16(byte[] b, int o) {
    return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
  }

  private static int u16(byte[] b, int o, boolean le) {
    return le ? (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) : be16(b, o);
  }

  private static long u32(byte[] b, int o, boolean le) {
    return le ? (u16(b, o, true) | ((long) u16(b, o + 2, true) << 16))
        : (((long) be16(b, o) << 16) | be16(b, o + 2));
  }
}
