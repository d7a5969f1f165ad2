package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.DetectionModel;
import java.util.Arrays;

/**
 * What the losses need to know of a detection head: classes, DFL bins per side and per-level
 * strides.
 *
 * @param nc number of classes
 * @param regMax DFL bins per box side (1: direct ltrb regression)
 * @param strides per-level strides in pixels, e.g. {8, 16, 32}
 */
public record HeadSpec(int nc, int regMax, double[] strides) {
  public HeadSpec {
    checkArgument(nc >= 1, "nc is %s, expected >= 1", nc);
    checkArgument(regMax >= 1, "reg_max is %s, expected >= 1", regMax);
    checkArgument(
        strides.length >= 1 && Arrays.stream(strides).allMatch(s -> s > 0),
        "strides are %s, expected one positive stride per level",
        Arrays.toString(strides));
    strides = strides.clone();
  }

  /** Reads the head of a built model. */
  public static HeadSpec of(DetectionModel model) {
    return new HeadSpec(
        model.nc(), model.regMax(), Arrays.stream(model.strides()).asDoubleStream().toArray());
  }

  @Override
  public double[] strides() {
    return strides.clone();
  }
}
