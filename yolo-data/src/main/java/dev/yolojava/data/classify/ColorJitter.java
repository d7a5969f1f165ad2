package dev.yolojava.data.classify;

import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter(brightness=v, contrast=v, saturation=s, hue=h)} on a PIL-like image: factors drawn
 * uniformly from {@code [max(0, 1 - v), 1 + v]} (hue from {@code [-h, h]}), a gain of 0 switching its step off, and
 * the four steps applied in a random order.
 */
final class ColorJitter {
  private ColorJitter() {}

  static Rgb apply(Rgb img, double brightness, double contrast, double saturation, double hue,
      SplittableRandom rng) {
    int[] order = {0, 1, 2, 3};
    for (int i = order.length - 1; i > 0; i--) { // torch.randperm(4)
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    double b = brightness > 0 ? uniform(rng, Math.max(0, 1 - brightness), 1 + brightness) : Double.NaN;
    double c = contrast > 0 ? uniform(rng, Math.max(0, 1 - contrast), 1 + contrast) : Double.NaN;
    double s = saturation > 0 ? uniform(rng, Math.max(0, 1 - saturation), 1 + saturation) : Double.NaN;
    double h = hue > 0 ? uniform(rng, -hue, hue) : Double.NaN;
    for (int fn : order) {
      if (fn == 0 && !Double.isNaN(b)) {
        img = PilOps.brightness(img, (float) b);
      } else if (fn == 1 && !Double.isNaN(c)) {
        img = PilOps.contrast(img, (float) c);
      } else if (fn == 2 && !Double.isNaN(s)) {
        img = PilOps.color(img, (float) s);
      } else if (fn == 3 && !Double.isNaN(h)) {
        img = PilOps.hue(img, h);
      }
    }
    return img;
  }

  static double uniform(SplittableRandom rng, double a, double b) {
    return a + (b - a) * rng.nextDouble();
  }
}
