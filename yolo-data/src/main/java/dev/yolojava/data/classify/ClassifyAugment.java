package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The training augmentation of a classifier, as Ultralytics' ClassificationDataset wires {@code
 * classify_augmentations}: RandomResizedCrop over {@code (1 - scale, 1)} of the area, flips with probabilities
 * {@code fliplr} and {@code flipud}, {@code auto_augment} ("randaugment", or null / "" for ColorJitter with the
 * {@code hsv_*} gains), then RandomErasing with probability {@code erasing}.
 */
public record ClassifyAugment(double scale, double fliplr, double flipud, String autoAugment, double hsvH,
    double hsvS, double hsvV, double erasing) {
  /** The one auto_augment policy built in yolo-java. */
  public static final String RANDAUGMENT = "randaugment";

  public ClassifyAugment {
    checkArgument(scale >= 0 && scale <= 1, "scale is %s, expected a number in [0, 1] (the crop keeps 1 - scale to 1"
        + " of the image's area)", scale);
    checkArgument(fliplr >= 0 && fliplr <= 1, "fliplr is %s, expected a probability in [0, 1]", fliplr);
    checkArgument(flipud >= 0 && flipud <= 1, "flipud is %s, expected a probability in [0, 1]", flipud);
    checkArgument(hsvH >= 0 && hsvH <= 0.5, "hsv_h is %s, expected a hue shift in [0, 0.5]", hsvH);
    checkArgument(hsvS >= 0, "hsv_s is %s, expected a saturation gain >= 0", hsvS);
    checkArgument(hsvV >= 0, "hsv_v is %s, expected a brightness and contrast gain >= 0", hsvV);
    checkArgument(erasing >= 0 && erasing <= 1, "erasing is %s, expected a probability in [0, 1]", erasing);
    policy(autoAugment); // refuses what is not built here at once, not at the first batch
  }

  /** Ultralytics' defaults: scale 0.5, fliplr 0.5, flipud 0, randaugment, hsv_h 0.015, hsv_s 0.7, hsv_v 0.4, erasing 0.4. */
  public static ClassifyAugment defaults() {
    return new ClassifyAugment(0.5, 0.5, 0.0, RANDAUGMENT, 0.015, 0.7, 0.4, 0.4);
  }

  /** Whether RandAugment runs (else ColorJitter does, as Ultralytics disables colour jitter under an auto policy). */
  public boolean randAugment() {
    return policy(autoAugment);
  }

  /** True for randaugment, false for none; refuses the policies not built and unknown ones. */
  private static boolean policy(String a) {
    if (a == null || a.isEmpty()) {
      return false;
    }
    if (a.equals(RANDAUGMENT)) {
      return true;
    }
    if (a.equals("augmix") || a.equals("autoaugment")) {
      throw new UnsupportedOperationException("auto_augment=" + a + " is not built in yolo-java: only"
          + " auto_augment=randaugment or none (auto_augment= , then ColorJitter from hsv_h, hsv_s, hsv_v) are");
    }
    throw new IllegalArgumentException("Invalid auto_augment policy: " + a + ". Should be one of \"randaugment\","
        + " \"augmix\", \"autoaugment\" or None");
  }
}
