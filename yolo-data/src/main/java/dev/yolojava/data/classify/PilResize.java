package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Pillow's {@code Image.resize(size, Image.BILINEAR)} on 8-bit interleaved images, bit for bit: Pillow's
 * ImagingResample with the triangle filter. Separable: a horizontal pass into a uint8 image of the new width (only the
 * rows the vertical pass reads), then a vertical pass; each pass sums fixed-point weights and rounds and clips to
 * 0..255. When downscaling the filter widens by the scale (antialiasing), so this is not OpenCV's INTER_LINEAR.
 */
public final class PilResize {
  /** Pillow's fixed-point precision of 8-bit resampling: 32 - 8 - 2 bits. */
  static final int PRECISION_BITS = 32 - 8 - 2;

  private PilResize() {}

  /** Resizes an interleaved RGB image ({@code h x w x 3}) to {@code outH x outW}. */
  public static byte[] resizeRgb(byte[] rgb, int h, int w, int outH, int outW) {
    return resize(rgb, h, w, 3, outH, outW);
  }

  /** Resizes an interleaved image of {@code channels} 8-bit bands ({@code h x w x channels}). */
  public static byte[] resize(byte[] src, int h, int w, int channels, int outH, int outW) {
    checkArgument(h > 0 && w > 0 && outH > 0 && outW > 0, "resize from %sx%s to %sx%s, expected positive sizes", w, h,
        outW, outH);
    checkArgument(channels >= 1 && channels <= 4, "image has %s channels, expected 1 to 4", channels);
    checkArgument(src.length == (long) h * w * channels, "image buffer holds %s bytes, expected %sx%sx%s = %s",
        src.length, h, w, channels, (long) h * w * channels);
    if (h == outH && w == outW) {
      return src.clone(); // Pillow returns a copy for the same size
    }
    Coeffs horiz = Coeffs.of(w, outW);
    Coeffs vert = Coeffs.of(h, outH);
    byte[] img = src;
    int[] vBounds = vert.bounds.clone();
    if (outW != w) {
      // only rows [first, last) feed the vertical pass; its bounds shift to the cut image
      int first = vert.bounds[0];
      int last = vert.bounds[outH * 2 - 2] + vert.bounds[outH * 2 - 1];
      for (int i = 0; i < outH; i++) {
        vBounds[i * 2] -= first;
      }
      img = horizontal(img, w, channels, first, last - first, horiz);
    }
    if (outH != h) {
      img = vertical(img, outW, channels, outH, vBounds, vert);
    } else if (img == src) {
      img = src.clone();
    }
    return img;
  }

  private static byte[] horizontal(byte[] in, int w, int ch, int rowOffset, int rows, Coeffs c) {
    int outW = c.outSize;
    byte[] out = new byte[rows * outW * ch];
    int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < rows; y++) {
      int rowIn = (y + rowOffset) * w * ch;
      int rowOut = y * outW * ch;
      for (int x = 0; x < outW; x++) {
        int xmin = c.bounds[x * 2];
        int xmax = c.bounds[x * 2 + 1];
        int k0 = x * c.ksize;
        for (int b = 0; b < ch; b++) {
          int ss = half;
          for (int i = 0; i < xmax; i++) {
            ss += (in[rowIn + (xmin + i) * ch + b] & 0xFF) * c.kk[k0 + i];
          }
          out[rowOut + x * ch + b] = clip8(ss);
        }
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int w, int ch, int outH, int[] bounds, Coeffs c) {
    byte[] out = new byte[outH * w * ch];
    int half = 1 << (PRECISION_BITS - 1);
    int stride = w * ch;
    for (int y = 0; y < outH; y++) {
      int ymin = bounds[y * 2];
      int ymax = bounds[y * 2 + 1];
      int k0 = y * c.ksize;
      for (int x = 0; x < stride; x++) {
        int ss = half;
        for (int i = 0; i < ymax; i++) {
          ss += (in[(ymin + i) * stride + x] & 0xFF) * c.kk[k0 + i];
        }
        out[y * stride + x] = clip8(ss);
      }
    }
    return out;
  }

  /** Pillow's clip8: the fixed-point sum shifted down, clamped to 0..255. */
  private static byte clip8(int ss) {
    int v = ss >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Pillow's bilinear (triangle) filter, support 1. */
  static double triangle(double x) {
    x = Math.abs(x);
    return x < 1 ? 1 - x : 0;
  }

  /** One axis' per-output-pixel source ranges and fixed-point weights (Pillow's precompute_coeffs). */
  static final class Coeffs {
    final int outSize;
    final int ksize;
    /** Per output pixel: first source pixel and the count of source pixels. */
    final int[] bounds;
    /** Weights in units of 2^-PRECISION_BITS, {@code ksize} per output pixel. */
    final int[] kk;
    /** The normalised weights before the fixed-point conversion (for tests). */
    final double[] weights;

    private Coeffs(int outSize, int ksize, int[] bounds, int[] kk, double[] weights) {
      this.outSize = outSize;
      this.ksize = ksize;
      this.bounds = bounds;
      this.kk = kk;
      this.weights = weights;
    }

    /** Coefficients for the full source range (Pillow's box (0, inSize)). */
    static Coeffs of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterscale = Math.max(scale, 1.0); // upscaling keeps the filter at its own width
      double support = 1.0 * filterscale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[outSize * 2];
      double[] w = new double[outSize * ksize];
      double ss = 1.0 / filterscale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        // C's (int) truncates toward zero, as Java's cast does
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double sum = 0;
        for (int x = 0; x < xmax; x++) {
          double v = triangle((x + xmin - center + 0.5) * ss);
          w[xx * ksize + x] = v;
          sum += v;
        }
        if (sum != 0) {
          for (int x = 0; x < xmax; x++) {
            w[xx * ksize + x] /= sum;
          }
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
      }
      int[] kk = new int[w.length];
      double one = 1 << PRECISION_BITS;
      for (int i = 0; i < w.length; i++) {
        kk[i] = w[i] < 0 ? (int) (-0.5 + w[i] * one) : (int) (0.5 + w[i] * one);
      }
      return new Coeffs(outSize, ksize, bounds, kk, w);
    }
  }
}
