package dev.yolojava.core.cfg;

import java.util.Optional;
import java.util.OptionalDouble;

/** The train section of the configuration (schedule, checkpoints, caching, optimizer choice, resuming). */
public interface TrainSettings extends RunSettings {
  /** {@code epochs}: training epochs (100). */
  default int epochs() {
    return intArg("epochs");
  }

  /** {@code time}: maximum training hours, overriding epochs, if set. */
  default OptionalDouble time() {
    return optionalDouble("time");
  }

  /** {@code patience}: epochs without improvement before stopping early (100). */
  default int patience() {
    return intArg("patience");
  }

  /** {@code save_period}: checkpoint every N epochs, off below 1 (-1). */
  default int savePeriod() {
    return intArg("save_period");
  }

  /** {@code cache}: {@code ram} or {@code disk}, empty when off ({@code True} means ram). */
  default Optional<String> cache() {
    Object v = get("cache");
    return v instanceof String s ? Optional.of(s) : Boolean.TRUE.equals(v) ? Optional.of("ram") : Optional.empty();
  }

  /** {@code pretrained}: true when starting from pretrained weights (also when a weights path is given). */
  default boolean pretrained() {
    Object v = get("pretrained");
    return v instanceof String || Boolean.TRUE.equals(v);
  }

  /** {@code cls_remap}: remap head rows by class name when fine-tuning (true). */
  default boolean clsRemap() {
    return boolArg("cls_remap");
  }

  /** {@code optimizer}: optimizer name or auto. */
  default String optimizer() {
    return (String) get("optimizer");
  }

  /** {@code seed}: random seed (0). */
  default int seed() {
    return intArg("seed");
  }

  /** {@code deterministic}: deterministic algorithms (true). */
  default boolean deterministic() {
    return boolArg("deterministic");
  }

  /** {@code cos_lr}: cosine schedule (false). */
  default boolean cosLr() {
    return boolArg("cos_lr");
  }

  /** {@code close_mosaic}: last epochs without mosaic (10). */
  default int closeMosaic() {
    return intArg("close_mosaic");
  }

  /** {@code resume}: true when resuming (also when a checkpoint path is given). */
  default boolean resume() {
    Object v = get("resume");
    return v instanceof String || Boolean.TRUE.equals(v);
  }

  /** {@code amp}: mixed precision training (true). */
  default boolean amp() {
    return boolArg("amp");
  }

  /** {@code fraction}: fraction of the training set used (1.0). */
  default double fraction() {
    return doubleArg("fraction");
  }

  /** {@code profile}: profile export speeds while training (false). */
  default boolean profile() {
    return boolArg("profile");
  }

  /** {@code multi_scale}: multi-scale range as a fraction of imgsz (0.0). */
  default double multiScale() {
    return doubleArg("multi_scale");
  }

  /** {@code val}: validate during training (true). */
  default boolean val() {
    return boolArg("val");
  }
}
