package dev.yolojava.data.classify;

/**
 * The Pillow operations torchvision applies to PIL images in ColorJitter and RandAugment, on {@link Rgb}: ImageEnhance's
 * blends, ImageOps' lookup tables, the SMOOTH filter, HSV conversions and bilinear affine transforms, following
 * Pillow's C code (float blends truncated, integer luma, edge pixels kept by the 3x3 filter).
 */
final class PilOps {
  private PilOps() {}

  /** Image.blend(a, b, alpha): a + alpha (b - a) in float, clipped and truncated to uint8. */
  static Rgb blend(Rgb a, Rgb b, float alpha) {
    byte[] out = new byte[a.px().length];
    for (int i = 0; i < out.length; i++) {
      int x = a.px()[i] & 0xFF;
      float t = x + alpha * ((b.px()[i] & 0xFF) - x);
      out[i] = (byte) (t <= 0f ? 0 : t >= 255f ? 255 : (int) t);
    }
    return new Rgb(out, a.h(), a.w());
  }

  /** Pillow's RGB to L: ITU-R 601-2 luma in 16-bit fixed point, rounded. */
  static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }

  /** convert("L").convert("RGB"): the grey image of the same luma. */
  static Rgb grey(Rgb img) {
    byte[] p = img.px();
    byte[] out = new byte[p.length];
    for (int i = 0; i < p.length; i += 3) {
      byte l = (byte) luma(p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF);
      out[i] = l;
      out[i + 1] = l;
      out[i + 2] = l;
    }
    return new Rgb(out, img.h(), img.w());
  }

  /** ImageEnhance.Brightness: a blend with black. */
  static Rgb brightness(Rgb img, float f) {
    return blend(new Rgb(new byte[img.px().length], img.h(), img.w()), img, f);
  }

  /** ImageEnhance.Color (saturation): a blend with the grey image. */
  static Rgb color(Rgb img, float f) {
    return blend(grey(img), img, f);
  }

  /** ImageEnhance.Contrast: a blend with the uniform image of the rounded mean luma. */
  static Rgb contrast(Rgb img, float f) {
    byte[] p = img.px();
    long sum = 0;
    for (int i = 0; i < p.length; i += 3) {
      sum += luma(p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF);
    }
    int mean = (int) ((double) sum / (p.length / 3) + 0.5);
    byte[] flat = new byte[p.length];
    java.util.Arrays.fill(flat, (byte) mean);
    return blend(new Rgb(flat, img.h(), img.w()), img, f);
  }

  /** ImageEnhance.Sharpness: a blend with the image through ImageFilter.SMOOTH. */
  static Rgb sharpness(Rgb img, float f) {
    return blend(smooth(img), img, f);
  }

  /** ImageFilter.SMOOTH (3x3 kernel 1 1 1 / 1 5 1 / 1 1 1, divided by 13); the one-pixel border is copied. */
  static Rgb smooth(Rgb img) {
    int h = img.h();
    int w = img.w();
    byte[] p = img.px();
    byte[] out = p.clone();
    float k = 1f / 13f;
    float centre = 5f / 13f;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        for (int b = 0; b < 3; b++) {
          float ss = 0.5f; // Pillow adds 0.5 to the offset for rounding
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int v = p[((y + dy) * w + x + dx) * 3 + b] & 0xFF;
              ss += v * (dx == 0 && dy == 0 ? centre : k);
            }
          }
          out[(y * w + x) * 3 + b] = (byte) (ss <= 0f ? 0 : ss >= 255f ? 255 : (int) ss);
        }
      }
    }
    return new Rgb(out, h, w);
  }

  /** Applies one lookup table to every band. */
  static Rgb lut(Rgb img, int[] table) {
    byte[] p = img.px();
    byte[] out = new byte[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (byte) table[p[i] & 0xFF];
    }
    return new Rgb(out, img.h(), img.w());
  }

  /** Applies a lookup table per band ({@code tables[band]}). */
  static Rgb lutPerBand(Rgb img, int[][] tables) {
    byte[] p = img.px();
    byte[] out = new byte[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (byte) tables[i % 3][p[i] & 0xFF];
    }
    return new Rgb(out, img.h(), img.w());
  }

  /** ImageOps.posterize: keeps the top {@code bits} bits. */
  static Rgb posterize(Rgb img, int bits) {
    int mask = ~((1 << (8 - bits)) - 1);
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      t[i] = i & mask;
    }
    return lut(img, t);
  }

  /** ImageOps.solarize: inverts the values at or above {@code threshold}. */
  static Rgb solarize(Rgb img, double threshold) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      t[i] = i < threshold ? i : 255 - i;
    }
    return lut(img, t);
  }

  private static int[][] histograms(Rgb img) {
    int[][] hist = new int[3][256];
    byte[] p = img.px();
    for (int i = 0; i < p.length; i++) {
      hist[i % 3][p[i] & 0xFF]++;
    }
    return hist;
  }

  /** ImageOps.autocontrast (cutoff 0): each band's darkest value to 0, its brightest to 255. */
  static Rgb autocontrast(Rgb img) {
    int[][] hist = histograms(img);
    int[][] t = new int[3][256];
    for (int b = 0; b < 3; b++) {
      int lo = 0;
      while (lo < 255 && hist[b][lo] == 0) {
        lo++;
      }
      int hi = 255;
      while (hi > 0 && hist[b][hi] == 0) {
        hi--;
      }
      if (hi <= lo) {
        for (int i = 0; i < 256; i++) {
          t[b][i] = i;
        }
      } else {
        double scale = 255.0 / (hi - lo);
        double offset = -lo * scale;
        for (int i = 0; i < 256; i++) {
          int v = (int) (i * scale + offset);
          t[b][i] = Math.max(0, Math.min(255, v));
        }
      }
    }
    return lutPerBand(img, t);
  }

  /** ImageOps.equalize: each band through its cumulative histogram (Pillow's integer steps). */
  static Rgb equalize(Rgb img) {
    int[][] hist = histograms(img);
    int[][] t = new int[3][256];
    for (int b = 0; b < 3; b++) {
      int last = 0;
      int used = 0;
      long total = 0;
      for (int i = 0; i < 256; i++) {
        if (hist[b][i] != 0) {
          used++;
          last = hist[b][i];
          total += hist[b][i];
        }
      }
      long step = used <= 1 ? 0 : (total - last) / 256;
      if (step == 0) {
        for (int i = 0; i < 256; i++) {
          t[b][i] = i;
        }
      } else {
        long n = step / 2;
        for (int i = 0; i < 256; i++) {
          t[b][i] = (int) Math.min(255, n / step);
          n += hist[b][i];
        }
      }
    }
    return lutPerBand(img, t);
  }

  /**
   * Image.transform(AFFINE, m, BILINEAR, fillcolor=0): output pixel (x, y) samples the input at
   * {@code (m0 (x + .5) + m1 (y + .5) + m2, m3 (x + .5) + m4 (y + .5) + m5)}, bilinearly with edge clamping inside
   * the image and zero outside it, truncated to uint8.
   */
  static Rgb affine(Rgb img, double[] m) {
    int h = img.h();
    int w = img.w();
    byte[] p = img.px();
    byte[] out = new byte[p.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double xin = m[0] * (x + 0.5) + m[1] * (y + 0.5) + m[2];
        double yin = m[3] * (x + 0.5) + m[4] * (y + 0.5) + m[5];
        if (xin < 0 || xin >= w || yin < 0 || yin >= h) {
          continue; // fill 0
        }
        xin -= 0.5;
        yin -= 0.5;
        int x0 = (int) Math.floor(xin);
        int y0 = (int) Math.floor(yin);
        double dx = xin - x0;
        double dy = yin - y0;
        int xa = clamp(x0, w) * 3;
        int xb = clamp(x0 + 1, w) * 3;
        int ra = clamp(y0, h) * w * 3;
        boolean second = y0 + 1 >= 0 && y0 + 1 < h;
        int rb = second ? (y0 + 1) * w * 3 : ra;
        for (int b = 0; b < 3; b++) {
          double v1 = lerp(p[ra + xa + b] & 0xFF, p[ra + xb + b] & 0xFF, dx);
          double v2 = second ? lerp(p[rb + xa + b] & 0xFF, p[rb + xb + b] & 0xFF, dx) : v1;
          out[(y * w + x) * 3 + b] = (byte) (int) lerp(v1, v2, dy);
        }
      }
    }
    return new Rgb(out, h, w);
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : Math.min(i, n - 1);
  }

  private static double lerp(double a, double b, double d) {
    return a + (b - a) * d;
  }

  /**
   * torchvision's _get_inverse_affine_matrix: the output-to-input map of a rotation by {@code angle} degrees
   * (clockwise), a translation and a shear (degrees) about {@code (cx, cy)}, scale 1.
   */
  static double[] inverseAffine(double cx, double cy, double angle, double tx, double ty, double shearX,
      double shearY) {
    double rot = Math.toRadians(angle);
    double sx = Math.toRadians(shearX);
    double sy = Math.toRadians(shearY);
    double a = Math.cos(rot - sy) / Math.cos(sy);
    double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
    double c = Math.sin(rot - sy) / Math.cos(sy);
    double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
    double[] m = {d, -b, 0, -c, a, 0};
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
    m[2] += cx;
    m[5] += cy;
    return m;
  }

  /** Image.rotate(angle) (counter-clockwise degrees, about the centre, same size, fill 0), as Pillow builds it. */
  static Rgb rotate(Rgb img, double angle) {
    double deg = angle % 360.0;
    if (deg < 0) {
      deg += 360.0; // Python's % keeps the divisor's sign
    }
    if (deg == 0) {
      return new Rgb(img.px().clone(), img.h(), img.w());
    }
    double cx = img.w() / 2.0;
    double cy = img.h() / 2.0;
    double r = -Math.toRadians(deg);
    double cos = round15(Math.cos(r));
    double sin = round15(Math.sin(r));
    double[] m = {cos, sin, 0, -sin, cos, 0};
    m[2] = m[0] * -cx + m[1] * -cy + cx;
    m[5] = m[3] * -cx + m[4] * -cy + cy;
    return affine(img, m);
  }

  private static double round15(double v) {
    return new java.math.BigDecimal(v).setScale(15, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Pillow's RGB to HSV (colorsys in 8 bits): {@code out[i]} = h, s, v per pixel. */
  static byte[] toHsv(Rgb img) {
    byte[] p = img.px();
    byte[] out = new byte[p.length];
    for (int i = 0; i < p.length; i += 3) {
      int r = p[i] & 0xFF;
      int g = p[i + 1] & 0xFF;
      int b = p[i + 2] & 0xFF;
      int max = Math.max(r, Math.max(g, b));
      int min = Math.min(r, Math.min(g, b));
      int uh = 0;
      int us = 0;
      if (max != min) {
        float cr = max - min;
        float s = cr / max;
        float rc = (max - r) / cr;
        float gc = (max - g) / cr;
        float bc = (max - b) / cr;
        float hh = r == max ? bc - gc : g == max ? 2.0f + rc - bc : 4.0f + gc - rc;
        double hd = ((hh / 6.0) + 1.0) % 1.0; // C's fmod of a positive value
        uh = clip8((int) (hd * 255.0));
        us = clip8((int) (s * 255.0));
      }
      out[i] = (byte) uh;
      out[i + 1] = (byte) us;
      out[i + 2] = (byte) max;
    }
    return out;
  }

  /** Pillow's HSV to RGB. */
  static Rgb fromHsv(byte[] hsv, int h, int w) {
    byte[] out = new byte[hsv.length];
    for (int k = 0; k < hsv.length; k += 3) {
      int hh = hsv[k] & 0xFF;
      int s = hsv[k + 1] & 0xFF;
      int v = hsv[k + 2] & 0xFF;
      int r;
      int g;
      int b;
      if (s == 0) {
        r = v;
        g = v;
        b = v;
      } else {
        int i = (int) Math.floor((float) hh * 6.0 / 255.0);
        double f = (float) hh * 6.0 / 255.0 - i;
        double fs = s / 255.0;
        int pp = clip8((int) Math.round(v * (1.0 - fs)));
        int q = clip8((int) Math.round(v * (1.0 - fs * f)));
        int t = clip8((int) Math.round(v * (1.0 - fs * (1.0 - f))));
        switch (i % 6) {
          case 0 -> { r = v; g = t; b = pp; }
          case 1 -> { r = q; g = v; b = pp; }
          case 2 -> { r = pp; g = v; b = t; }
          case 3 -> { r = pp; g = q; b = v; }
          case 4 -> { r = t; g = pp; b = v; }
          default -> { r = v; g = pp; b = q; }
        }
      }
      out[k] = (byte) r;
      out[k + 1] = (byte) g;
      out[k + 2] = (byte) b;
    }
    return new Rgb(out, h, w);
  }

  /** torchvision's PIL adjust_hue: the HSV hue byte shifted by {@code int(factor * 255)}, wrapping. */
  static Rgb hue(Rgb img, double factor) {
    byte[] hsv = toHsv(img);
    int shift = (int) (factor * 255); // truncated toward zero, then wrapped into uint8 as numpy casts
    for (int i = 0; i < hsv.length; i += 3) {
      hsv[i] = (byte) ((hsv[i] & 0xFF) + shift);
    }
    return fromHsv(hsv, img.h(), img.w());
  }

  private static int clip8(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
