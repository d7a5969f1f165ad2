package dev.yolojava.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.Set;

/**
 * Training augmentation hyper-parameters, with Ultralytics' names (see {@link #fromMap}) and 8.4.90 defaults.
 * {@code copyPaste} is accepted for compatibility but, as in Ultralytics, only acts on segment labels, so it does
 * nothing for box-only datasets.
 */
public record AugmentConfig(
    double hsvH, double hsvS, double hsvV, double degrees, double translate, double scale, double shear,
    double perspective, double flipud, double fliplr, double bgr, double mosaic, double mixup, double cutmix,
    double copyPaste, int closeMosaic) {

  public static final Set<String> KEYS = Set.of("hsv_h", "hsv_s", "hsv_v", "degrees", "translate", "scale", "shear",
      "perspective", "flipud", "fliplr", "bgr", "mosaic", "mixup", "cutmix", "copy_paste", "close_mosaic");

  public AugmentConfig {
    prob("flipud", flipud);
    prob("fliplr", fliplr);
    prob("bgr", bgr);
    prob("mosaic", mosaic);
    prob("mixup", mixup);
    prob("cutmix", cutmix);
    prob("copy_paste", copyPaste);
    checkArgument(hsvH >= 0 && hsvS >= 0 && hsvV >= 0, "hsv gains are %s/%s/%s, expected >= 0", hsvH, hsvS, hsvV);
    checkArgument(translate >= 0 && translate <= 1, "translate is %s, expected in [0, 1]", translate);
    checkArgument(scale >= 0, "scale is %s, expected >= 0", scale);
    checkArgument(closeMosaic >= 0, "close_mosaic is %s, expected >= 0", closeMosaic);
  }

  private static void prob(String name, double p) {
    checkArgument(p >= 0 && p <= 1, "%s is %s, expected a probability in [0, 1]", name, p);
  }

  /** Ultralytics 8.4.90's {@code default.yaml} values. */
  public static AugmentConfig defaults() {
    return new AugmentConfig(0.015, 0.7, 0.4, 0.0, 0.1, 0.5, 0.0, 0.0, 0.0, 0.5, 0.0, 1.0, 0.0, 0.0, 0.0, 10);
  }

  /** No augmentation at all (identity geometry, no colour change, no flips, no mosaic). */
  public static AugmentConfig none() {
    return new AugmentConfig(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Defaults overridden by the given Ultralytics-named entries ({@code hsv_h, mosaic, close_mosaic, ...}). */
  public static AugmentConfig fromMap(Map<String, ?> m) {
    for (String k : m.keySet()) {
      checkArgument(KEYS.contains(k), "unknown augmentation option '%s', expected one of %s", k, KEYS);
    }
    AugmentConfig d = defaults();
    return new AugmentConfig(
        num(m, "hsv_h", d.hsvH), num(m, "hsv_s", d.hsvS), num(m, "hsv_v", d.hsvV), num(m, "degrees", d.degrees),
        num(m, "translate", d.translate), num(m, "scale", d.scale), num(m, "shear", d.shear),
        num(m, "perspective", d.perspective), num(m, "flipud", d.flipud), num(m, "fliplr", d.fliplr),
        num(m, "bgr", d.bgr), num(m, "mosaic", d.mosaic), num(m, "mixup", d.mixup), num(m, "cutmix", d.cutmix),
        num(m, "copy_paste", d.copyPaste), (int) num(m, "close_mosaic", d.closeMosaic));
  }

  private static double num(Map<String, ?> m, String k, double dflt) {
    Object v = m.get(k);
    if (v == null) {
      return dflt;
    }
    if (v instanceof java.util.List<?> && k.equals("scale")) {
      throw new IllegalArgumentException("scale=" + v + ": an explicit [min, max] scale range is not in this build of"
          + " yolo-java; give one gain, e.g. scale=0.5 (a range of 1 +/- 0.5)");
    }
    try {
      return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("augmentation option " + k + " is '" + v + "', expected a number", e);
    }
  }

  /** What Ultralytics' {@code close_mosaic} switches to: mosaic, mixup, cutmix and copy-paste off. */
  public AugmentConfig withMosaicClosed() {
    return new AugmentConfig(hsvH, hsvS, hsvV, degrees, translate, scale, shear, perspective, flipud, fliplr, bgr,
        0, 0, 0, 0, closeMosaic);
  }

  /** Whether mosaic should be closed in this 0-based epoch of {@code epochs} ({@code epoch >= epochs - close}). */
  public boolean closesMosaicAt(int epoch, int epochs) {
    return closeMosaic > 0 && epoch >= epochs - closeMosaic;
  }

  public AugmentConfig withMosaic(double p) {
    return new AugmentConfig(hsvH, hsvS, hsvV, degrees, translate, scale, shear, perspective, flipud, fliplr, bgr,
        p, mixup, cutmix, copyPaste, closeMosaic);
  }
}
