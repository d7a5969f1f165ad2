package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

/** An 8-bit interleaved RGB image ({@code h x w x 3}), the PIL image of the transforms; ops return new ones. */
record Rgb(byte[] px, int h, int w) {
  Rgb {
    checkArgument(h > 0 && w > 0, "image is %sx%s, expected positive sizes", w, h);
    checkArgument(px.length == (long) h * w * 3, "RGB buffer holds %s bytes, expected %sx%sx3 = %s", px.length, w, h,
        (long) h * w * 3);
  }

  /** The rectangle of {@code ch x cw} pixels at row {@code top}, column {@code left}, which must lie inside. */
  Rgb crop(int top, int left, int ch, int cw) {
    checkArgument(top >= 0 && left >= 0 && ch > 0 && cw > 0 && top + ch <= h && left + cw <= w,
        "crop %sx%s at (%s, %s) of a %sx%s image, expected a rectangle inside it", cw, ch, left, top, w, h);
    byte[] out = new byte[ch * cw * 3];
    for (int y = 0; y < ch; y++) {
      System.arraycopy(px, ((top + y) * w + left) * 3, out, y * cw * 3, cw * 3);
    }
    return new Rgb(out, ch, cw);
  }

  /** Pillow's bilinear resize to {@code oh x ow}. */
  Rgb resize(int oh, int ow) {
    return new Rgb(PilResize.resizeRgb(px, h, w, oh, ow), oh, ow);
  }

  Rgb flipLeftRight() {
    byte[] out = new byte[px.length];
    for (int y = 0; y < h; y++) {
      int row = y * w * 3;
      for (int x = 0; x < w; x++) {
        System.arraycopy(px, row + x * 3, out, row + (w - 1 - x) * 3, 3);
      }
    }
    return new Rgb(out, h, w);
  }

  Rgb flipTopBottom() {
    byte[] out = new byte[px.length];
    for (int y = 0; y < h; y++) {
      System.arraycopy(px, y * w * 3, out, (h - 1 - y) * w * 3, w * 3);
    }
    return new Rgb(out, h, w);
  }

  /** ToTensor: CHW floats in [0, 1] written at {@code out[offset...]}. */
  void toChw(float[] out, int offset) {
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      out[offset + i] = (px[i * 3] & 0xFF) / 255f;
      out[offset + plane + i] = (px[i * 3 + 1] & 0xFF) / 255f;
      out[offset + 2 * plane + i] = (px[i * 3 + 2] & 0xFF) / 255f;
    }
  }
}
