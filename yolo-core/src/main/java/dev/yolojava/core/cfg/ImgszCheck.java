package dev.yolojava.core.cfg;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' {@code check_imgsz}: image sizes that are not a multiple of the model's largest stride are rounded up
 * to the next multiple (and to at least {@code floor}) with a warning, instead of reaching the model, where feature
 * maps of odd sizes no longer line up ({@code Sizes of tensors must match ...}).
 */
public final class ImgszCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ImgszCheck.class);
  /** Warnings already given: a folder predicted image by image warns once, not once per image. */
  private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ImgszCheck() {}

  /**
   * {@code imgsz} ({@code [h, w]}) rounded up to multiples of {@code stride}, each at least {@code floor}; logs
   * Ultralytics' warning when a size changed (once per process for each size and stride).
   */
  public static int[] check(int[] imgsz, int stride, int floor) {
    checkArgument(stride > 0, "stride is %s, expected > 0", stride);
    checkArgument(imgsz.length == 1 || imgsz.length == 2, "imgsz is %s, expected one or two sizes",
        Arrays.toString(imgsz));
    int[] out = new int[imgsz.length];
    for (int i = 0; i < imgsz.length; i++) {
      checkArgument(imgsz[i] > 0, "imgsz is %s, expected positive sizes", Arrays.toString(imgsz));
      out[i] = Math.max(Math.floorDiv(imgsz[i] + stride - 1, stride) * stride, floor);
    }
    if (!Arrays.equals(out, imgsz)) {
      String message = String.format("imgsz=%s must be multiple of max stride %s, updating to %s", show(imgsz), stride,
          show(out));
      if (WARNED.add(message)) {
        LOG.warn(message);
      }
    }
    return out;
  }

  /** As {@link #check(int[], int, int)} for a square size. */
  public static int check(int imgsz, int stride, int floor) {
    return check(new int[] {imgsz}, stride, floor)[0];
  }

  private static String show(int[] sizes) {
    return sizes.length == 1 || sizes[0] == sizes[1] ? Integer.toString(sizes[0]) : Arrays.toString(sizes);
  }
}
