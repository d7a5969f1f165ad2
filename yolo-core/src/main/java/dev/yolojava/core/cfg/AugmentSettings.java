package dev.yolojava.core.cfg;

import java.util.List;

/** Training-time augmentation settings (probabilities, gains and ranges). */
public interface AugmentSettings extends ArgsView {
  /** {@code hsv_h}: hue gain (0.015). */
  default double hsvH() {
    return doubleArg("hsv_h");
  }

  /** {@code hsv_s}: saturation gain (0.7). */
  default double hsvS() {
    return doubleArg("hsv_s");
  }

  /** {@code hsv_v}: value gain (0.4). */
  default double hsvV() {
    return doubleArg("hsv_v");
  }

  /** {@code degrees}: rotation range +/- degrees (0.0). */
  default double degrees() {
    return doubleArg("degrees");
  }

  /** {@code translate}: translation range +/- fraction (0.1). */
  default double translate() {
    return doubleArg("translate");
  }

  /** {@code scale}: {@code [gain]} (+/-, 0.5) or an explicit {@code [min, max]}. */
  @SuppressWarnings("unchecked")
  default List<Double> scale() {
    Object v = get("scale");
    return v instanceof List<?> l ? (List<Double>) l : List.of((Double) v);
  }

  /** {@code shear}: shear range +/- degrees (0.0). */
  default double shear() {
    return doubleArg("shear");
  }

  /** {@code perspective}: perspective fraction (0.0). */
  default double perspective() {
    return doubleArg("perspective");
  }

  /** {@code flipud}: vertical flip probability (0.0). */
  default double flipud() {
    return doubleArg("flipud");
  }

  /** {@code fliplr}: horizontal flip probability (0.5). */
  default double fliplr() {
    return doubleArg("fliplr");
  }

  /** {@code bgr}: channel swap probability (0.0). */
  default double bgr() {
    return doubleArg("bgr");
  }

  /** {@code mosaic}: mosaic probability (1.0). */
  default double mosaic() {
    return doubleArg("mosaic");
  }

  /** {@code mixup}: MixUp probability (0.0). */
  default double mixup() {
    return doubleArg("mixup");
  }

  /** {@code cutmix}: CutMix probability (0.0). */
  default double cutmix() {
    return doubleArg("cutmix");
  }

  /** {@code copy_paste}: copy-paste probability, segment only (0.0). */
  default double copyPaste() {
    return doubleArg("copy_paste");
  }

  /** {@code copy_paste_mode}: flip or mixup (flip). */
  default String copyPasteMode() {
    return (String) get("copy_paste_mode");
  }
}
