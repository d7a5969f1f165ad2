package dev.yolojava.data.classify;

import java.util.List;
import java.util.SplittableRandom;

/**
 * torchvision's {@code RandAugment(num_ops=2, magnitude=9, num_magnitude_bins=31, interpolation=BILINEAR, fill=0)}
 * on a PIL-like image: twice, one of 14 ops drawn uniformly, its magnitude the 10th of 31 evenly spaced bins (the
 * table of each op as torchvision defines it), negated with probability 1/2 for the signed ops.
 */
final class RandAugment {
  static final int NUM_OPS = 2;
  static final int MAGNITUDE = 9;
  static final int BINS = 31;

  /** The ops in torchvision's order (the index a draw picks). */
  enum Op {
    IDENTITY, SHEAR_X, SHEAR_Y, TRANSLATE_X, TRANSLATE_Y, ROTATE, BRIGHTNESS, COLOR, CONTRAST, SHARPNESS, POSTERIZE,
    SOLARIZE, AUTO_CONTRAST, EQUALIZE
  }

  private static final List<Op> OPS = List.of(Op.values());

  private RandAugment() {}

  static Rgb apply(Rgb img, SplittableRandom rng) {
    for (int k = 0; k < NUM_OPS; k++) {
      Op op = OPS.get(rng.nextInt(OPS.size()));
      double m = magnitude(op, img.h(), img.w());
      if (signed(op) && rng.nextInt(2) == 1) {
        m = -m;
      }
      img = apply(img, op, m);
    }
    return img;
  }

  /** torch.linspace(start, end, 31)[9] in float32, as torchvision reads its magnitude tables. */
  private static double bin(double start, double end) {
    float step = (float) ((end - start) / (BINS - 1));
    return (float) (start + MAGNITUDE * step);
  }

  /** The unsigned magnitude of {@code op} at magnitude 9 of 31 bins for an {@code h x w} image. */
  static double magnitude(Op op, int h, int w) {
    return switch (op) {
      case SHEAR_X, SHEAR_Y -> bin(0.0, 0.3);
      case TRANSLATE_X -> bin(0.0, 150.0 / 331.0 * w);
      case TRANSLATE_Y -> bin(0.0, 150.0 / 331.0 * h);
      case ROTATE -> bin(0.0, 30.0);
      case BRIGHTNESS, COLOR, CONTRAST, SHARPNESS -> bin(0.0, 0.9);
      // 8 - round(arange(31) / ((31 - 1) / 4)): 8 - round(9 / 7.5) = 7 bits
      case POSTERIZE -> 8 - (int) Math.rint(MAGNITUDE / ((BINS - 1) / 4.0));
      case SOLARIZE -> bin(255.0, 0.0);
      case IDENTITY, AUTO_CONTRAST, EQUALIZE -> 0.0;
    };
  }

  static boolean signed(Op op) {
    return switch (op) {
      case SHEAR_X, SHEAR_Y, TRANSLATE_X, TRANSLATE_Y, ROTATE, BRIGHTNESS, COLOR, CONTRAST, SHARPNESS -> true;
      default -> false;
    };
  }

  /** torchvision's _apply_op on a PIL image. */
  static Rgb apply(Rgb img, Op op, double m) {
    return switch (op) {
      case IDENTITY -> img;
      // shear about the top-left corner by atan(m) degrees, as torchvision asks Pillow
      case SHEAR_X -> PilOps.affine(img, PilOps.inverseAffine(0, 0, 0, 0, 0, Math.toDegrees(Math.atan(m)), 0));
      case SHEAR_Y -> PilOps.affine(img, PilOps.inverseAffine(0, 0, 0, 0, 0, 0, Math.toDegrees(Math.atan(m))));
      case TRANSLATE_X -> PilOps.affine(img,
          PilOps.inverseAffine(img.w() * 0.5, img.h() * 0.5, 0, (int) m, 0, 0, 0));
      case TRANSLATE_Y -> PilOps.affine(img,
          PilOps.inverseAffine(img.w() * 0.5, img.h() * 0.5, 0, 0, (int) m, 0, 0));
      case ROTATE -> PilOps.rotate(img, m);
      case BRIGHTNESS -> PilOps.brightness(img, (float) (1.0 + m));
      case COLOR -> PilOps.color(img, (float) (1.0 + m));
      case CONTRAST -> PilOps.contrast(img, (float) (1.0 + m));
      case SHARPNESS -> PilOps.sharpness(img, (float) (1.0 + m));
      case POSTERIZE -> PilOps.posterize(img, (int) m);
      case SOLARIZE -> PilOps.solarize(img, m);
      case AUTO_CONTRAST -> PilOps.autocontrast(img);
      case EQUALIZE -> PilOps.equalize(img);
    };
  }
}
