package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Ultralytics' classification transforms on 8-bit RGB images ({@code h x w x 3}, as its dataset hands Pillow the
 * decoded image converted BGR to RGB), to CHW float RGB in [0, 1] (its normalisation is mean 0, std 1: none).
 * {@link #eval}: {@code classify_transforms} (torchvision Resize of the shorter side, CenterCrop, ToTensor), Pillow's
 * bilinear resize reproduced exactly. {@link #train}: {@code classify_augmentations} with a {@link ClassifyAugment};
 * its random draws come from the given generator only, so a fixed generator seed gives a fixed result.
 */
public final class ClassifyTransforms {
  /** RandomResizedCrop's aspect-ratio range. */
  static final double RATIO_MIN = 3.0 / 4.0;
  static final double RATIO_MAX = 4.0 / 3.0;
  /** RandomErasing's defaults (torchvision): erased area fraction and aspect-ratio ranges. */
  static final double ERASE_SCALE_MIN = 0.02;
  static final double ERASE_SCALE_MAX = 0.33;
  static final double ERASE_RATIO_MIN = 0.3;
  static final double ERASE_RATIO_MAX = 3.3;

  private ClassifyTransforms() {}

  /**
   * {@code classify_transforms(size)}: the shorter side resized to {@code size} (the longer to {@code int(size *
   * long / short)}) with Pillow's bilinear filter, the centre {@code size x size} cut out, scaled to [0, 1].
   * Returns {@code 3 * size * size} floats, CHW RGB.
   */
  public static float[] eval(byte[] rgb, int h, int w, int size) {
    checkArgument(size > 0, "size is %s, expected a positive image size", size);
    Rgb img = new Rgb(rgb, h, w);
    int[] hw = resizedSize(h, w, size);
    img = centerCrop(img.resize(hw[0], hw[1]), size, size);
    float[] out = new float[3 * size * size];
    img.toChw(out, 0);
    return out;
  }

  /**
   * {@code classify_augmentations}: RandomResizedCrop to {@code size x size}, flips, RandAugment or ColorJitter,
   * ToTensor and RandomErasing (value 0). Returns {@code 3 * size * size} floats, CHW RGB in [0, 1].
   */
  public static float[] train(byte[] rgb, int h, int w, int size, ClassifyAugment aug, SplittableRandom rng) {
    checkArgument(size > 0, "size is %s, expected a positive image size", size);
    Objects.requireNonNull(aug, "aug");
    Objects.requireNonNull(rng, "rng");
    Rgb img = new Rgb(rgb, h, w);
    int[] c = resizedCropBox(h, w, 1 - aug.scale(), 1.0, rng);
    img = img.crop(c[0], c[1], c[2], c[3]).resize(size, size);
    if (aug.fliplr() > 0 && rng.nextDouble() < aug.fliplr()) {
      img = img.flipLeftRight();
    }
    if (aug.flipud() > 0 && rng.nextDouble() < aug.flipud()) {
      img = img.flipTopBottom();
    }
    if (aug.randAugment()) {
      img = RandAugment.apply(img, rng);
    } else {
      img = ColorJitter.apply(img, aug.hsvV(), aug.hsvV(), aug.hsvS(), aug.hsvH(), rng);
    }
    float[] out = new float[3 * size * size];
    img.toChw(out, 0);
    if (aug.erasing() > 0 && rng.nextDouble() < aug.erasing()) {
      erase(out, size, size, rng);
    }
    return out;
  }

  /** torchvision's _compute_resized_output_size for an int: {h, w} with the shorter side {@code size}. */
  static int[] resizedSize(int h, int w, int size) {
    int shortSide = Math.min(h, w);
    int longSide = Math.max(h, w);
    int newLong = (int) ((double) size * longSide / shortSide);
    return w <= h ? new int[] {newLong, size} : new int[] {size, newLong};
  }

  /**
   * torchvision's CenterCrop: pads with zeros (left and top getting the smaller half) when the image is smaller than
   * the crop, then cuts at {@code round((h - ch) / 2)} and {@code round((w - cw) / 2)}, Python's round.
   */
  static Rgb centerCrop(Rgb img, int ch, int cw) {
    if (ch > img.h() || cw > img.w()) {
      int padL = cw > img.w() ? (cw - img.w()) / 2 : 0;
      int padT = ch > img.h() ? (ch - img.h()) / 2 : 0;
      int padR = cw > img.w() ? (cw - img.w() + 1) / 2 : 0;
      int padB = ch > img.h() ? (ch - img.h() + 1) / 2 : 0;
      int nh = img.h() + padT + padB;
      int nw = img.w() + padL + padR;
      byte[] out = new byte[nh * nw * 3];
      for (int y = 0; y < img.h(); y++) {
        System.arraycopy(img.px(), y * img.w() * 3, out, ((y + padT) * nw + padL) * 3, img.w() * 3);
      }
      img = new Rgb(out, nh, nw);
      if (nh == ch && nw == cw) {
        return img;
      }
    }
    int top = (int) Math.rint((img.h() - ch) / 2.0);
    int left = (int) Math.rint((img.w() - cw) / 2.0);
    if (top == 0 && left == 0 && ch == img.h() && cw == img.w()) {
      return img;
    }
    return img.crop(top, left, ch, cw);
  }

  /**
   * RandomResizedCrop.get_params with ratio (3/4, 4/3): {top, left, height, width}. Ten tries of an area fraction
   * uniform in {@code [scaleMin, scaleMax]} and a log-uniform aspect ratio, else the centre crop clamped to the ratio
   * range.
   */
  static int[] resizedCropBox(int h, int w, double scaleMin, double scaleMax, SplittableRandom rng) {
    double area = (double) h * w;
    double logMin = Math.log(RATIO_MIN);
    double logMax = Math.log(RATIO_MAX);
    for (int k = 0; k < 10; k++) {
      double target = area * ColorJitter.uniform(rng, scaleMin, scaleMax);
      double ratio = Math.exp(ColorJitter.uniform(rng, logMin, logMax));
      int cw = (int) Math.rint(Math.sqrt(target * ratio));
      int ch = (int) Math.rint(Math.sqrt(target / ratio));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
        int i = rng.nextInt(0, h - ch + 1);
        int j = rng.nextInt(0, w - cw + 1);
        return new int[] {i, j, ch, cw};
      }
    }
    double inRatio = (double) w / h;
    int cw;
    int ch;
    if (inRatio < RATIO_MIN) {
      cw = w;
      ch = (int) Math.rint(cw / RATIO_MIN);
    } else if (inRatio > RATIO_MAX) {
      ch = h;
      cw = (int) Math.rint(ch * RATIO_MAX);
    } else {
      cw = w;
      ch = h;
    }
    return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
  }

  /**
   * RandomErasing (applied: its probability is drawn by the caller) with scale (0.02, 0.33), ratio (0.3, 3.3) and
   * value 0 on a CHW tensor: ten tries of a rectangle smaller than the image, else nothing is erased.
   */
  static void erase(float[] chw, int h, int w, SplittableRandom rng) {
    double area = (double) h * w;
    double logMin = Math.log(ERASE_RATIO_MIN);
    double logMax = Math.log(ERASE_RATIO_MAX);
    for (int k = 0; k < 10; k++) {
      double target = area * ColorJitter.uniform(rng, ERASE_SCALE_MIN, ERASE_SCALE_MAX);
      double ratio = Math.exp(ColorJitter.uniform(rng, logMin, logMax));
      int eh = (int) Math.rint(Math.sqrt(target * ratio));
      int ew = (int) Math.rint(Math.sqrt(target / ratio));
      if (!(eh < h && ew < w)) {
        continue;
      }
      int i = rng.nextInt(0, h - eh + 1);
      int j = rng.nextInt(0, w - ew + 1);
      for (int c = 0; c < 3; c++) {
        for (int y = i; y < i + eh; y++) {
          java.util.Arrays.fill(chw, c * h * w + y * w + j, c * h * w + y * w + j + ew, 0f);
        }
      }
      return;
    }
  }
}
